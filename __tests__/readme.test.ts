import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderApiTables, replaceApiSection } from './helpers/readme-api.ts'

const read = (p: string): string => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8')
const readme = read('README.md')
const action = parse(read('action.yml')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: Record<string, string> }

describe('README and action.yml', () => {
  it('ships node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('has inputs/outputs tables generated from action.yml (run `npm run readme`)', () => {
    expect(replaceApiSection(readme, renderApiTables(read('action.yml')))).toBe(readme)
  })

  it('documents the inputs and outputs the issue contract names', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining([
      'github-token', 'api-key', 'base-url', 'reviewers', 'pr-number', 'fail-on', 'min-reviewers', 'bundle-max-bytes',
      'bundle-hard-max-bytes', 'max-tokens', 'timeout-seconds', 'concurrency', 'check-name', 'exclude',
    ]))
    expect(Object.keys(action.outputs)).toEqual(['conclusion', 'convergent', 'distinct', 'tally-json', 'comment-url'])
  })

  it('gives a workflow that parses, spells the action inputs right and asks for the permissions it needs', () => {
    const yamlBlock = /```yaml\n(name: cross-lineage review[\s\S]*?)```/.exec(readme)?.[1]
    expect(yamlBlock).toBeDefined()
    const workflow = parse(yamlBlock!) as {
      on: Record<string, unknown>
      permissions: Record<string, string>
      concurrency: { group: string; 'cancel-in-progress': boolean }
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>
    }
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'workflow_dispatch'])
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write' })
    expect(workflow.concurrency['cancel-in-progress']).toBe(true)
    expect(workflow.concurrency.group).toContain('github.event.pull_request.number')
    const step = Object.values(workflow.jobs)[0]!.steps.find((s) => s.uses?.includes('cross-lineage-review'))!
    for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(key)
  })

  it('keeps the quick start to the two commands CI also runs', () => {
    expect(readme).toContain('```sh\nnpm ci && npm run demo\nnpm test\n```')
    expect(read('.ci/run')).toMatch(/npm test/)
  })
})
