// The dependency gate (scripts/audit.ts): the real `npm audit --omit=dev`
// against a loopback registry's advisory endpoint. A high or critical advisory
// in a production dependency fails it; an audit that could not run is never a
// pass. And --omit=dev audits everything dist/ bundles.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { classifyAudit } from '../scripts/audit-report.ts'
import { MINIMIST_PROTOTYPE_POLLUTION, startFakeRegistry, type BulkAdvisory } from './helpers/fake-registry.ts'
import { fixturePath } from './helpers/fixtures.ts'
import { startLoopback } from './helpers/http.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the gate; npm gets a cache of its own, so no answer of an earlier registry is reused. */
function audit(args: readonly string[]): Promise<Ran> {
  const cache = mkdtempSync(join(tmpdir(), 'clr-npm-cache-'))
  const child = spawn(process.execPath, ['scripts/audit.ts', `--cache=${cache}`, ...args], { cwd: root })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise((resolve) =>
    child.on('close', (code) => {
      rmSync(cache, { recursive: true, force: true })
      resolve({ code, stdout, stderr })
    }),
  )
}

async function auditAgainst(answer: Parameters<typeof startFakeRegistry>[0], ...args: string[]): Promise<Ran> {
  const registry = await startFakeRegistry(answer)
  try {
    return await audit([`--registry=${registry.url}/`, ...args])
  } finally {
    await registry.close()
  }
}

/** npm audit takes a few seconds of CPU; the ceiling only catches a hang. */
const NPM_TIMEOUT = { timeout: 90_000 }

const advisory = (severity: BulkAdvisory['severity'], title: string): BulkAdvisory => ({
  ...MINIMIST_PROTOTYPE_POLLUTION,
  title,
  severity,
  url: `https://github.com/advisories/GHSA-test-${severity}`,
  vulnerable_versions: '<99.0.0',
})

describe('npm audit of the production dependencies (scripts/audit.ts)', NPM_TIMEOUT, () => {
  it('fails on a high advisory in a package dist/ bundles, naming the package and the advisory', async () => {
    const ran = await auditAgainst({ yaml: [advisory('high', 'Stack overflow in yaml')] })
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain('- yaml (high): Stack overflow in yaml https://github.com/advisories/GHSA-test-high')
  })

  it('passes when the only advisories are below high or in dev dependencies, and says what it left', async () => {
    const ran = await auditAgainst({ yaml: [advisory('moderate', 'Slow parse')], vitest: [advisory('critical', 'Dev only')] })
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(
      /^npm audit: no high or critical advisory in \d+ production dependencies \(what dist\/ bundles\); below the bar: 1 moderate\.$/m,
    )
  })

  it('exits 2, saying advisories were NOT checked, when the registry refuses the audit (as a GET-only mirror does: 405)', async () => {
    const ran = await auditAgainst({ status: 405 })
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(
      /^npm audit could not run, so advisories were NOT checked: 405 Method Not Allowed - POST http:\/\/127\.0\.0\.1:\d+\/-\/npm\/v1\/security\/advisories\/bulk$/m,
    )
  })

  it('exits 2 when the registry cannot be reached', async () => {
    const gone = await startLoopback(() => undefined)
    await gone.close()
    const ran = await audit([`--registry=${gone.url}/`])
    expect(ran.code).toBe(2)
    expect(ran.stderr).toMatch(/NOT checked: request to .* failed, reason: connect ECONNREFUSED/)
  })

  it('lets an audit that could not run pass only with --if-unreachable warn, and then says so', async () => {
    // What npm printed here, where the registry mirror allows only GET.
    const refused = ['--report', fixturePath('audit/refused-405.json')]
    expect((await audit(refused)).code).toBe(2)
    const warned = await audit([...refused, '--if-unreachable', 'warn'])
    expect(warned.code).toBe(0)
    expect(warned.stdout).toBe(
      'WARNING: npm audit could not run, so advisories were NOT checked: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk (--if-unreachable warn: not failing; the CI and release workflows fail here)\n',
    )
  })

  it('never reads a damaged or empty output as a clean audit', () => {
    expect(classifyAudit('')).toEqual({ kind: 'unavailable', reason: 'npm audit printed nothing' })
    expect(classifyAudit('npm error code ENOLOCK', '')).toMatchObject({ kind: 'unavailable' })
    expect(classifyAudit('{}')).toEqual({ kind: 'unavailable', reason: 'npm audit printed no report' })
    expect(classifyAudit('{"vulnerabilities":{}}')).toMatchObject({ kind: 'unavailable' })
  })
})

describe('what the audit covers', () => {
  it('audits everything dist/ bundles: each bundled package is a production dependency in the lockfile', () => {
    const bundled = [...readFileSync(new URL('../dist/licenses.txt', import.meta.url), 'utf8').matchAll(/^(@?[^@\s]+)@(\d[^\s]*) \(/gm)]
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>
    }
    expect(bundled.length).toBeGreaterThan(20)
    for (const [, name, version] of bundled) {
      const entries = Object.entries(lock.packages).filter(([path, p]) => path.endsWith(`node_modules/${name}`) && p.version === version)
      expect(entries.length, `${name}@${version} in package-lock.json`).toBeGreaterThan(0)
      expect(entries.filter(([, p]) => p.dev !== true).length, `${name}@${version} is a production dependency`).toBeGreaterThan(0)
    }
  })
})
