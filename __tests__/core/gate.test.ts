// The gate's central rule, on plain values: a convergent group's severity is
// the highest any of its lineages gave, so lineages that agree on the place
// but not on the severity gate as the gravest of them (issue 30).
import { beforeEach, describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { annotationsFor } from '../../src/core/render/check.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { Review, Reviewer, Severity } from '../../src/core/reply/types.ts'
import { evaluateGate } from '../../src/core/verdict/gate.ts'
import { indexDiff } from '../../src/core/verdict/locate.ts'
import { tallyReviews } from '../../src/core/verdict/tally.ts'
import type { FailOn, Group, Tally } from '../../src/core/verdict/types.ts'
import { DEFAULT_EXCLUDE } from '../../src/core/plan/select.ts'
import { demoDiff } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const files = parseUnifiedDiff(demoDiff())
const index = indexDiff(files)
const plan = planFiles(files, { exclude: DEFAULT_EXCLUDE, bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000, numberedLines: false })
const gateway = plan.bundles.find((b) => b.component === 'services/gateway')!
const reviewers: Reviewer[] = [
  { name: 'opus', model: 'anthropic/m', lineage: 'anthropic', baseURL: 'http://x', keySource: 'api-key' },
  { name: 'kimi', model: 'moonshotai/m', lineage: 'moonshotai', baseURL: 'http://x', keySource: 'api-key' },
  { name: 'qwen', model: 'qwen/m', lineage: 'qwen', baseURL: 'http://x', keySource: 'api-key' },
]
const AT = 'services/gateway/src/ratelimit.ts'

function review(name: string, reply: string): Review {
  return toReview(
    {
      reviewer: name,
      bundleId: gateway.id,
      outcome: 'answered',
      reply,
      latencyMs: 1,
      tokensIn: 1000,
      tokensOut: 100,
      finishReason: 'stop',
    },
    { bytes: gateway.bytes, paths: gateway.paths },
  )
}

/** Each reviewer's severity at `ratelimit.ts:line` (undefined: it ships), in the order opus, kimi, qwen. */
function tallyOf(severities: readonly (Severity | undefined)[], lines: readonly number[] = [30, 30, 30]): Tally {
  const reviews = reviewers.map((r, i) => {
    const s = severities[i]
    return review(
      r.name,
      s === undefined
        ? 'VERDICT: ship - fine'
        : `SEVERITY: ${s}\nWHERE: ${AT}:${lines[i] ?? 30}\nWHAT: The guard admits one too many.\nWHY: < 0.\n\nVERDICT: hold`,
    )
  })
  return tallyReviews({ reviewers, bundles: [gateway], index, reviews, lineWindow: 3 })
}

type Outcome = 'failure' | 'success'
/** Who said what, the group's severity, and the gate under convergent-block, convergent-warn, any-block, never. */
const MIXED: [string, (Severity | undefined)[], Severity, [Outcome, Outcome, Outcome, Outcome]][] = [
  ['BLOCK + WARN', ['BLOCK', 'WARN', undefined], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['WARN + BLOCK', ['WARN', 'BLOCK', undefined], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['BLOCK + INFO', ['BLOCK', undefined, 'INFO'], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['INFO + BLOCK', [undefined, 'INFO', 'BLOCK'], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['WARN + INFO', ['WARN', 'INFO', undefined], 'WARN', ['success', 'failure', 'success', 'success']],
  ['INFO + WARN', [undefined, 'INFO', 'WARN'], 'WARN', ['success', 'failure', 'success', 'success']],
  ['BLOCK + WARN + INFO', ['BLOCK', 'WARN', 'INFO'], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['INFO + WARN + BLOCK', ['INFO', 'WARN', 'BLOCK'], 'BLOCK', ['failure', 'failure', 'failure', 'success']],
  ['INFO + INFO', ['INFO', 'INFO', undefined], 'INFO', ['success', 'success', 'success', 'success']],
]
const POLICIES: FailOn[] = ['convergent-block', 'convergent-warn', 'any-block', 'never']

describe('a convergent group whose lineages disagree on severity', () => {
  describe.each(MIXED)('%s', (_, severities, severity, outcomes) => {
    // Tallied in each test, not as the file loads: Stryker switches mutants per test.
    let tally: Tally
    beforeEach(() => {
      tally = tallyOf(severities)
    })
    const reviewersOf = reviewers.filter((_, i) => severities[i] !== undefined).map((r) => r.name)

    it(`is one convergent group whose severity is the highest, ${severity}`, () => {
      expect(tally.groups.map((g) => [g.key, g.severity, g.convergent, g.reviewers])).toEqual([[`${AT}:30`, severity, true, reviewersOf]])
    })

    it.each(POLICIES.map((p, i) => [p, outcomes[i]!] as const))('fail-on %s → %s, naming the group', (failOn, outcome) => {
      const verdict = evaluateGate(tally, { failOn, minReviewers: 2 })
      expect(verdict.conclusion).toBe(outcome)
      if (outcome === 'failure') expect(verdict.reasons).toEqual([`${severity} at ${AT}:30 (convergent: ${reviewersOf.join(' + ')})`])
      else expect(verdict.reasons).toEqual([expect.stringMatching(/^no finding fails the fail-on policy/)])
    })

    it('is annotated at the level of its severity', () => {
      const level = { BLOCK: 'failure', WARN: 'warning', INFO: 'notice' }[severity]
      expect(annotationsFor(tally.groups).map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([[AT, 30, level]])
    })
  })

  it('gates as the gravest when the lineages cite nearby lines of one place (BLOCK at 30, WARN at 32)', () => {
    const tally = tallyOf(['WARN', 'BLOCK', undefined], [32, 30, 30])
    expect(tally.groups.map((g) => [g.severity, g.convergent])).toEqual([['BLOCK', true]])
    expect(evaluateGate(tally, { failOn: 'convergent-block', minReviewers: 2 }).conclusion).toBe('failure')
  })

  it('does not make a lone BLOCK convergent because another lineage said WARN elsewhere (beyond line-window)', () => {
    const tally = tallyOf(['BLOCK', 'WARN', undefined], [30, 20, 30])
    expect(tally.groups.map((g) => [g.severity, g.convergent])).toEqual([
      ['BLOCK', false],
      ['WARN', false],
    ])
    expect(evaluateGate(tally, { failOn: 'convergent-block', minReviewers: 2 }).conclusion).toBe('success')
    expect(evaluateGate(tally, { failOn: 'convergent-warn', minReviewers: 2 }).conclusion).toBe('success')
    expect(evaluateGate(tally, { failOn: 'any-block', minReviewers: 2 })).toEqual({
      conclusion: 'failure',
      reasons: [`BLOCK at ${AT}:30 (opus)`],
    })
    expect(evaluateGate(tally, { failOn: 'never', minReviewers: 2 }).conclusion).toBe('success')
  })

  it('never makes two lineages at a path the diff does not have convergent; any-block names both', () => {
    const reviews = reviewers
      .slice(0, 2)
      .map((r) => review(r.name, 'SEVERITY: BLOCK\nWHERE: nope/ghost.ts:3\nWHAT: Leak.\nWHY: Shown.\n\nVERDICT: hold'))
    const tally = tallyReviews({ reviewers, bundles: [gateway], index, reviews, lineWindow: 3 })
    expect(tally.groups.map((g) => [g.location.label, g.convergent, g.reviewers])).toEqual([['unknown-path', false, ['opus', 'kimi']]])
    expect(evaluateGate(tally, { failOn: 'convergent-block', minReviewers: 2 }).conclusion).toBe('success')
    expect(evaluateGate(tally, { failOn: 'any-block', minReviewers: 2 }).reasons).toEqual(['BLOCK at nope/ghost.ts (opus, kimi)'])
  })

  it("gates on the group's severity, as the tally set it, not on each finding's", () => {
    const [group] = tallyOf(['BLOCK', 'WARN', undefined]).groups as [Group]
    const base = tallyOf([undefined, undefined, undefined])
    // A group the tally called WARN gates as WARN under the convergent policies, whatever its members say.
    const asWarn: Tally = { ...base, groups: [{ ...group, severity: 'WARN' }], convergent: 1, distinct: 1 }
    expect(evaluateGate(asWarn, { failOn: 'convergent-block', minReviewers: 2 }).conclusion).toBe('success')
    expect(evaluateGate(asWarn, { failOn: 'convergent-warn', minReviewers: 2 }).conclusion).toBe('failure')
    // any-block looks at the findings: one BLOCK read anywhere fails it.
    expect(evaluateGate(asWarn, { failOn: 'any-block', minReviewers: 2 }).conclusion).toBe('failure')
  })
})
