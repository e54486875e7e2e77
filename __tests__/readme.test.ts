import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REFERENCE_PATH, renderActionYml, renderApiTables, renderPolicySchema, replaceApiSection } from '../scripts/api-docs.ts'
import { parsePolicyFile } from '../src/config/policy-file.ts'
import { POLICY_SCHEMA_PATH, POLICY_SCHEMA_URL } from '../src/config/policy-schema.ts'
import { INPUTS, OUTPUTS } from '../src/config/spec.ts'

const read = (p: string): string => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8')
const readme = read('README.md')
// The README is the short path through; the rest lives in docs/ (issue 29).
const reference = read(REFERENCE_PATH)
const cliDocs = read('docs/cli.md')
const permissions = read('docs/permissions.md')
const policyDocs = read('docs/policy.md')
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

describe('README, docs and action.yml', () => {
  it('ships node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('has action.yml and the docs/reference.md tables generated from the input spec (run `npm run generate`)', () => {
    expect(read('action.yml')).toBe(renderActionYml())
    expect(replaceApiSection(reference, renderApiTables())).toBe(reference)
    expect(reference).toContain('| `fail-on` |')
    expect(readme).not.toContain('<!-- api-start')
    expect(Object.keys(action.inputs)).toEqual(Object.keys(INPUTS))
    expect(read(POLICY_SCHEMA_PATH)).toBe(renderPolicySchema())
  })

  it('sets exactly the outputs it declares', () => {
    const set = new Set([...read('src/shell/reporters/runner-report.ts').matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]))
    expect([...set].sort()).toEqual(Object.keys(OUTPUTS).sort())
  })

  it('leaves defaults to the spec: action.yml holds only GitHub expressions, so an unset input reads as empty', () => {
    const defaults = Object.entries(action.inputs).filter(([, i]) => (i as { default?: string }).default !== undefined)
    expect(defaults.map(([name]) => name)).toEqual(['github-token'])
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
    expect(Object.keys(action.outputs)).toEqual(['conclusion', 'convergent', 'distinct', 'dismissed', 'tally-json', 'comment-url'])
  })

  // The workflows to copy: the main and the command one in the README, the fork setup in docs/permissions.md.
  const workflows = [...`${readme}\n${permissions}`.matchAll(/```yaml\n(name: [\s\S]*?)```/g)].map(
    (m) =>
      parse(m[1]!) as {
        name: string
        on: Record<string, unknown>
        permissions: Record<string, string>
        jobs: Record<
          string,
          {
            if?: string
            concurrency?: { group: string; 'cancel-in-progress': boolean }
            steps: { uses?: string; with?: Record<string, string> }[]
          }
        >
      },
  )

  it('gives workflows that parse and spell the action inputs right', () => {
    expect([...readme.matchAll(/```yaml\nname: (.*)/g)].map((m) => m[1])).toEqual([
      'cross-lineage review',
      'cross-lineage review on command',
    ])
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
    // The job, not the workflow, takes the concurrency group: a title edit skips the job and cancels no review.
    expect(main!.jobs.review).toMatchObject({
      if: "github.event.action != 'edited' || github.event.changes.base",
      concurrency: { 'cancel-in-progress': true, group: expect.stringContaining('github.event.pull_request.number') as unknown },
    })
    expect(main!.on).toMatchObject({ pull_request: { types: expect.arrayContaining(['edited']) as unknown } })
    expect(metadata!.jobs.save?.if).toBe(main!.jobs.review?.if)
    expect(Object.keys(command!.on)).toEqual(['issue_comment', 'pull_request_review_comment'])
    expect(metadata!.permissions).toEqual({})
    expect(JSON.stringify(metadata)).not.toContain('secrets.')
    expect(forks!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write', actions: 'read' })
    expect(JSON.stringify(workflows)).not.toMatch(/actions\/checkout/)
  })

  it('documents the CLI exit codes that --help gives, and says the demo fails on purpose yet exits 0', async () => {
    const { EXIT_CODES } = await import('../src/cli/help.ts')
    const codes = [...EXIT_CODES.matchAll(/^ {2}(\d) {2}/gm)].map((m) => m[1])
    expect(codes).toEqual(['0', '1', '2', '3'])
    for (const code of codes) expect(cliDocs).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'))
    expect(readme).toContain('which **fails\non purpose**')
    expect(readme).toContain('still exits 0 and says so')
  })

  it.each([
    ['README.md', readme],
    ['docs/policy.md', policyDocs],
  ])('gives a policy file example that the schema accepts, pointing editors at the published schema (%s)', (_page, text) => {
    const example = /```yaml\n(# yaml-language-server: \$schema=(\S+)\n[\s\S]*?)```/.exec(text)
    expect(example?.[2]).toBe(POLICY_SCHEMA_URL)
    expect(POLICY_SCHEMA_URL.endsWith(`/${POLICY_SCHEMA_PATH}`)).toBe(true)
    const problems: string[] = []
    const file = parsePolicyFile({ path: '.github/cross-lineage-review.yml', text: example![1]! }, problems)
    expect(problems).toEqual([])
    expect(file?.keys).toEqual(['fail-on', 'min-reviewers', 'exclude', 'components', 'language', 'instructions'])
  })

  it("shows the demo's terminal output as the CLI prints it, line for line", async () => {
    const { cli } = await import('./helpers/cli-run.ts')
    const run = await cli(['demo'])
    const printed = new Set([...run.stderr.split('\n'), ...run.stdout.split('\n')])
    const block = /```\n\$ cross-lineage-review demo\n([\s\S]*?)```/.exec(cliDocs)?.[1] ?? ''
    const shown = block.split('\n').filter((line) => line !== '' && line.trim() !== '…')
    expect(shown.length).toBeGreaterThan(15)
    expect(shown.filter((line) => !printed.has(line))).toEqual([])
  })

  it('keeps the quick start to two commands', () => {
    expect(readme).toContain('```sh\nnpm ci && npm run demo\nnpm test\n```')
  })
})
