import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { fixturePath } from './helpers/fixtures.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

function cli(args: string[], env: Record<string, string> = {}, entry = 'src/cli.ts'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [entry, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

let models: FakeModels | undefined
afterEach(async () => {
  await models?.close()
  models = undefined
})

describe('cross-lineage-review CLI', () => {
  it('demo replays the example PR offline and prints the tally', async () => {
    const { code, stdout } = await cli(['demo'])
    expect(code).toBe(0)
    expect(stdout).toContain('**4 convergent / 9 distinct**')
    expect(stdout).toContain('failure services/gateway/src/ratelimit.ts:30  BLOCK · convergent: opus + qwen')
    expect(stdout).toMatch(/Gate: failure — 4 convergent \/ 9 distinct\n$/)
  })

  it('the committed bundle runs the demo the same way (the README quick start)', async () => {
    const { code, stdout } = await cli(['demo'], {}, 'dist/cli.js')
    expect(code).toBe(0)
    expect(stdout).toContain('Gate: failure — 4 convergent / 9 distinct')
  })

  it('demo --json prints the tally JSON', async () => {
    const { stdout } = await cli(['demo', '--json'])
    expect(JSON.parse(stdout)).toMatchObject({ conclusion: 'failure', convergent: 4, distinct: 9 })
  })

  it('prints help, and rejects unknown flags and commands with exit 2', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage:')
    const bad = await cli(['review', 'x.diff', '--nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown option '--nope'/)
    expect((await cli(['frobnicate'])).code).toBe(2)
  })

  it('names the key variable when it is empty', async () => {
    const { code, stderr } = await cli(['review', fixturePath('diffs/git-zero-context.diff'), '--api-key-env', 'MY_KEY'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^The environment variable MY_KEY is empty, so reviewers opus, kimi, qwen cannot call/)
  })

  it('reviews a diff file against an endpoint; exit code is the gate', async () => {
    const block = 'SEVERITY: BLOCK\nWHERE: numbers.txt:13\nWHAT: Wrong.\nWHY: Shown.\nVERDICT: hold'
    models = await startFakeModels({ 'a/m': () => ({ reply: block }), 'b/m': () => ({ reply: block }) })
    const args = ['review', fixturePath('diffs/git-zero-context.diff'), '--reviewers', 'a|a/m\nb|b/m', '--base-url', models.baseURL]
    const failing = await cli(args, { OPENROUTER_API_KEY: 'sk-cli-test-000000000000' })
    expect(failing.stdout).toContain('**1 convergent / 1 distinct**')
    expect(failing.stderr).toMatch(/✓ a\s+root\.1-\w+/)
    expect(failing.code).toBe(1)
    const passing = await cli([...args, '--fail-on', 'never'], { OPENROUTER_API_KEY: 'sk-cli-test-000000000000' })
    expect(passing.code).toBe(0)
  })
})
