import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderApiTables, replaceApiSection } from './helpers/readme-api.ts'

const read = (p: string): string => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8')
const readme = read('README.md')
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

describe('README and action.yml', () => {
  it('ships node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('has inputs/outputs tables generated from action.yml (run `npm run readme`)', () => {
    expect(replaceApiSection(readme, renderApiTables(read('action.yml')))).toBe(readme)
  })

  it('declares exactly the inputs the code reads, and sets exactly the outputs it declares', () => {
    const source = ['action.ts', 'settings.ts', 'cost.ts', 'reviewers.ts'].map((f) => read(`src/config/${f}`)).join('\n')
    const read_ = new Set(
      [...source.matchAll(/input\('([a-z-]+)'\)|int\(input, '([a-z-]+)'|bool\(input, '([a-z-]+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]),
    )
    expect([...read_].sort()).toEqual(Object.keys(action.inputs).sort())
    const set = new Set([...read('src/shell/reporters/github.ts').matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]))
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('documents the inputs and outputs the issue contract names', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'github-token',
        'api-key',
        'base-url',
        'reviewers',
        'pr-number',
        'fail-on',
        'min-reviewers',
        'bundle-max-bytes',
        'bundle-hard-max-bytes',
        'max-tokens',
        'timeout-seconds',
        'concurrency',
        'check-name',
        'exclude',
      ]),
    )
    expect(Object.keys(action.outputs)).toEqual(['conclusion', 'convergent', 'distinct', 'tally-json', 'comment-url'])
  })

  const workflows = [...readme.matchAll(/```yaml\n(name: [\s\S]*?)```/g)].map(
    (m) =>
      parse(m[1]!) as {
        name: string
        on: Record<string, unknown>
        permissions: Record<string, string>
        concurrency?: { group: string; 'cancel-in-progress': boolean }
        jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>
      },
  )

  it('gives workflows that parse and spell the action inputs right', () => {
    expect(workflows.map((w) => w.name)).toEqual([
      'cross-lineage review',
      'cross-lineage review on command',
      'PR metadata',
      'cross-lineage review (forks)',
    ])
    const steps = workflows
      .flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps))
      .filter((s) => s.uses?.startsWith('cross-lineage-review/'))
    expect(steps).toHaveLength(3)
    for (const step of steps) for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(key)
  })

  it('asks each workflow for the permissions it needs, and no more for the untrusted one', () => {
    const [main, command, metadata, forks] = workflows
    expect(Object.keys(main!.on)).toEqual(['pull_request', 'workflow_dispatch', 'merge_group'])
    expect(main!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write' })
    expect(main!.concurrency).toMatchObject({
      'cancel-in-progress': true,
      group: expect.stringContaining('github.event.pull_request.number'),
    })
    expect(Object.keys(command!.on)).toEqual(['issue_comment'])
    expect(metadata!.permissions).toEqual({})
    expect(JSON.stringify(metadata)).not.toContain('secrets.')
    expect(forks!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write', actions: 'read' })
    expect(JSON.stringify(workflows)).not.toMatch(/actions\/checkout/)
  })

  it('keeps the quick start to the two commands CI also runs', () => {
    expect(readme).toContain('```sh\nnpm ci && npm run demo\nnpm test\n```')
    expect(read('.ci/run')).toMatch(/npm test/)
  })
})
