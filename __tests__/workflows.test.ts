// The repository's own workflows parse, run the npm scripts that exist, and
// call this action with inputs it declares.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  name: string
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, { 'runs-on'?: string; steps?: Step[]; uses?: string; permissions?: Record<string, string> }>
}

const read = (p: string): string => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8')
const files = readdirSync(fileURLToPath(new URL('../.github/workflows', import.meta.url)))
const workflows = new Map(files.map((f) => [f, parse(read(`.github/workflows/${f}`)) as Workflow]))
const steps = [...workflows.values()].flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps ?? []))
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts)
const inputs = Object.keys((parse(read('action.yml')) as { inputs: Record<string, unknown> }).inputs)

describe('.github/workflows', () => {
  it('has CI, check-dist and a run of the action itself, each with read-only contents permission, and the release', () => {
    expect([...workflows.keys()].sort()).toEqual(['check-dist.yml', 'ci.yml', 'release.yml', 'self-test.yml'])
    for (const [name, w] of workflows) if (name !== 'release.yml') expect(w.permissions).toEqual({ contents: 'read' })
  })

  it("runs only npm scripts that exist, and the README's two quick-start commands among them", () => {
    const run = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npm (?:run ([\w-]+)|test)/g)].map((m) => m[1] ?? 'test'))
    expect(run).toEqual(expect.arrayContaining(['demo', 'lint', 'typecheck', 'test', 'check-dist', 'generate', 'audit-bundled']))
    for (const script of run) expect(scripts).toContain(script)
  })

  it('calls the action (uses: ./) on the recorded demo with inputs action.yml declares', () => {
    const own = steps.filter((s) => s.uses === './')
    expect(own.length).toBeGreaterThanOrEqual(1)
    expect(own[0]?.with).toMatchObject({ replay: 'examples/demo' })
    for (const step of own) for (const key of Object.keys(step.with ?? {})) expect(inputs).toContain(key)
  })
})
