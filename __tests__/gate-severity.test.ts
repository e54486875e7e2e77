// The gate's central rule end to end (issue 30): two or three lineages flag
// the same line with different severities; the group gates as the highest,
// in the action (check, reasons, annotation) and in the CLI (exit code),
// under every fail-on.
import { describe, expect, it } from 'vitest'
import type { FailOn } from '../src/core/verdict/types.ts'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { cli, KEY, tempFile } from './helpers/cli-run.ts'
import { useDemoPull } from './helpers/demo-pull.ts'
import { fencedDiff, startFakeModels, type ChatRequest, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'

type Severity = 'BLOCK' | 'WARN' | 'INFO'
const AT = 'services/gateway/src/ratelimit.ts'
const MODELS = ['anthropic/opus', 'moonshotai/kimi', 'qwen/qwen3-coder'] as const
const NAMES = ['opus', 'kimi', 'qwen'] as const

/** Says `severity` at ratelimit.ts:30 in the gateway bundle, ships everywhere else (and everywhere, with no severity). */
const saying =
  (severity: Severity | undefined): ModelScript =>
  (req: ChatRequest) => ({
    reply:
      severity !== undefined && fencedDiff(req).includes(`+++ b/${AT}`)
        ? `SEVERITY: ${severity}\nWHERE: ${AT}:30\nWHAT: The guard admits one request too many.\nWHY: \`< 0\` lets a bucket at 0 through.\n\nVERDICT: hold`
        : 'VERDICT: ship - nothing found',
  })

const scriptFor = (severities: readonly (Severity | undefined)[]): Record<string, ModelScript> =>
  Object.fromEntries(MODELS.map((m, i) => [m, saying(severities[i])]))

/** Who says what (opus, kimi, qwen), the group's severity. */
const CASES: [string, (Severity | undefined)[], Severity][] = [
  ['BLOCK + WARN', ['BLOCK', 'WARN', undefined], 'BLOCK'],
  ['BLOCK + INFO', ['INFO', undefined, 'BLOCK'], 'BLOCK'],
  ['WARN + INFO', [undefined, 'WARN', 'INFO'], 'WARN'],
  ['BLOCK + WARN + INFO', ['WARN', 'INFO', 'BLOCK'], 'BLOCK'],
]
const POLICIES: FailOn[] = ['convergent-block', 'convergent-warn', 'any-block', 'never']

/** The README's gate table, for a convergent group of this severity. */
function fails(failOn: FailOn, severity: Severity): boolean {
  switch (failOn) {
    case 'convergent-block':
    case 'any-block':
      return severity === 'BLOCK'
    case 'convergent-warn':
      return severity !== 'INFO'
    case 'never':
      return false
  }
}

const matrix = CASES.flatMap(([name, severities, severity]) =>
  POLICIES.map((failOn) => ({ name, severities, severity, failOn, outcome: fails(failOn, severity) ? 'failure' : 'success' })),
)

describe('in the action: a convergent group of mixed severities gates as its highest', () => {
  const pull = useDemoPull()

  it.each(matrix)('$name under fail-on $failOn → $outcome', async ({ severities, severity, failOn, outcome }) => {
    const models = await pull.models(scriptFor(severities))
    const run = await runAgainst(pull.github, models, { inputs: { 'fail-on': failOn } })
    const agreeing = NAMES.filter((_, i) => severities[i] !== undefined).join(' + ')

    expect(run.error).toBeUndefined()
    expect(run.result?.conclusion).toBe(outcome)
    if (outcome === 'failure') expect(run.result?.reasons).toEqual([`${severity} at ${AT}:30 (convergent: ${agreeing})`])
    expect(pull.github.checkRuns).toEqual([expect.objectContaining({ head_sha: HEAD_SHA, status: 'completed', conclusion: outcome })])
    // One annotation, at the group's severity whatever the policy.
    const level = { BLOCK: 'failure', WARN: 'warning', INFO: 'notice' }[severity]
    expect(pull.github.checkRuns[0]!.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([[AT, 30, level]])
    expect(run.outputs).toMatchObject({ conclusion: outcome, convergent: '1', distinct: '1' })
  })
})

describe('in the CLI: the exit code follows the same rule', () => {
  const diff = tempFile('pr.diff', demoDiff())

  it.each(matrix)('$name under --fail-on $failOn → $outcome', async ({ severities, failOn, outcome }) => {
    const models: FakeModels = await startFakeModels(scriptFor(severities))
    try {
      const reviewers = MODELS.map((m, i) => `${NAMES[i]}|${m}`).join('\n')
      const run = await cli(['review', diff, '--reviewers', reviewers, '--base-url', models.baseURL, '--fail-on', failOn], {
        OPENROUTER_API_KEY: KEY,
      })
      expect(run.stderr).not.toContain('No model call returned a usable answer')
      expect(run.code).toBe(outcome === 'failure' ? 1 : 0)
      expect(run.stdout).toMatch(new RegExp(`Gate: ${outcome} — 1 convergent / 1 distinct\\n$`))
    } finally {
      await models.close()
    }
  })
})
