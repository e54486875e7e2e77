// What the report says of each reviewer, and what the tally keeps of repeated
// findings, on plain values: the counts Stryker showed no core test held
// (issue 30). They are the evidence a reader weighs a reviewer by.
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { DEFAULT_EXCLUDE } from '../../src/core/plan/select.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { CallResult, Review, Reviewer } from '../../src/core/reply/types.ts'
import { assess, noAnswer } from '../../src/core/verdict/assess.ts'
import { indexDiff } from '../../src/core/verdict/locate.ts'
import { tallyReviews } from '../../src/core/verdict/tally.ts'
import { demoDiff } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const files = parseUnifiedDiff(demoDiff())
const index = indexDiff(files)
const plan = planFiles(files, { exclude: DEFAULT_EXCLUDE, bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000, numberedLines: false })
const gateway = plan.bundles.find((b) => b.component === 'services/gateway')!
const config = plan.bundles.find((b) => b.component === 'packages/config')!
const reviewers: Reviewer[] = ['opus', 'kimi'].map((name) => ({
  name,
  model: `${name}-lab/m`,
  lineage: `${name}-lab`,
  baseURL: 'http://x',
  keySource: 'api-key',
}))
const RL = 'services/gateway/src/ratelimit.ts'

function review(reviewer: string, bundleId: string, reply: string, extra: Partial<CallResult> = {}): Review {
  const bundle = bundleId === gateway.id ? gateway : config
  return toReview(
    { reviewer, bundleId, outcome: 'answered', reply, latencyMs: 10, tokensIn: 100, tokensOut: 50, finishReason: 'stop', ...extra },
    { bytes: bundle.bytes, paths: bundle.paths },
  )
}
const finding = (where: string, what = 'Off by one.', why = 'Shown.'): string =>
  `SEVERITY: BLOCK\nWHERE: ${where}\nWHAT: ${what}\nWHY: ${why}\n`

describe('each reviewer in the tally', () => {
  // Made in each test, not as the file loads: Stryker switches mutants per test.
  const reviews = (): Review[] => [
    // opus: one finding on the diff, one off it, one at a path the diff lacks, one retracted; reused, with a cost.
    review(
      'opus',
      gateway.id,
      `${finding(`${RL}:30`)}\n${finding(`${RL}:300`, 'Far away.')}\n${finding('ghost.ts:3', 'Nowhere.')}\n${finding(`${RL}:19`, 'Key.', 'On reflection this is fine, retracted.')}\nVERDICT: hold`,
      { reused: true, costUsd: 0.25 },
    ),
    // A thin reply: no finding, no verdict, a few tokens for the bundle.
    review('opus', config.id, 'ok', { tokensOut: 1, costUsd: 0.5 }),
    // kimi: a finding read, and a line shaped like one that could not be read; then a failed call.
    review('kimi', gateway.id, `${finding(`${RL}:30`)}\n- \`${RL}:12\` — the header is trusted\n\nVERDICT: hold`),
    toReview(
      {
        reviewer: 'kimi',
        bundleId: config.id,
        outcome: 'failed',
        reason: 'HTTP 500',
        reply: '',
        latencyMs: 5,
        tokensIn: 0,
        tokensOut: 0,
        finishReason: '',
      },
      config,
    ),
  ]
  const of = (name: string) =>
    tallyReviews({ reviewers, bundles: [gateway, config], index, reviews: reviews(), lineWindow: 3 }).perReviewer.find(
      (r) => r.reviewer === name,
    )!

  it('counts findings, citations off the diff and at unknown paths, retractions, thin replies and reuse', () => {
    expect(of('opus')).toMatchObject({
      complete: 1,
      incomplete: 1,
      findings: 4,
      offDiff: 1,
      unknownPath: 1,
      retracted: 1,
      thin: 1,
      reused: 1,
      latencyMs: 20,
      tokensIn: 200,
      tokensOut: 51,
      costUsd: 0.75,
    })
  })

  it('counts unread text only in replies that came back, and states no cost where none was known', () => {
    expect(of('kimi')).toMatchObject({ complete: 0, incomplete: 2, findings: 1, thin: 0, reused: 0, unparsed: 1 })
    expect(of('kimi')).not.toHaveProperty('costUsd')
    expect(of('opus').unparsed).toBe(0)
  })
})

describe('repeated findings', () => {
  it('counts a finding one reviewer repeats with other case or spacing once, but keeps a retraction beside the finding it retracts', () => {
    const reviews = [
      review('opus', gateway.id, `${finding(`${RL}:30`, 'Off by one.')}\nVERDICT: hold`),
      review('opus', config.id, `${finding(`${RL}:30`, '  OFF BY ONE. ')}\nVERDICT: hold`),
      review(
        'kimi',
        gateway.id,
        `${finding(`${RL}:30`)}\n${finding(`${RL}:30`, 'Off by one.', 'On reflection this is fine, I retract this.')}\nVERDICT: hold`,
      ),
    ]
    const tally = tallyReviews({ reviewers, bundles: [gateway, config], index, reviews, lineWindow: 3 })
    expect(tally.perReviewer.map((r) => [r.reviewer, r.findings, r.retracted])).toEqual([
      ['opus', 1, 0],
      ['kimi', 2, 1],
    ])
    expect(tally.groups.map((g) => [g.reviewers, g.convergent])).toEqual([[['kimi', 'opus'], true]])
  })

  it("keeps a reviewer's fix with the lines it cited", () => {
    const fix = `${finding(`${RL}:30-31`)}FIX:\n\`\`\`\n  if (bucket.tokens <= 0) return false\n  bucket.tokens--\n\`\`\`\nVERDICT: hold`
    const tally = tallyReviews({ reviewers, bundles: [gateway], index, reviews: [review('opus', gateway.id, fix)], lineWindow: 3 })
    expect(tally.groups[0]!.findings[0]!.fix).toEqual({
      text: '  if (bucket.tokens <= 0) return false\n  bucket.tokens--',
      startLine: 30,
      endLine: 31,
    })
  })
})

describe('noAnswer: when there is no verdict at all', () => {
  const failed = (reviewer: string, reason: string): Review =>
    toReview(
      { reviewer, bundleId: gateway.id, outcome: 'failed', reason, reply: '', latencyMs: 1, tokensIn: 0, tokensOut: 0, finishReason: '' },
      gateway,
    )
  const reportOf = (reviews: Review[]) =>
    assess({ plan, reviews, reviewers, policy: { failOn: 'convergent-block', minReviewers: 2, lineWindow: 3 }, label: 'pr' })

  it('gives the first reason when every call failed', () => {
    expect(noAnswer(reportOf([failed('opus', 'HTTP 401: bad key'), failed('kimi', 'HTTP 500')]))).toBe('HTTP 401: bad key')
  })

  it('gives nothing as soon as one call answered, even with nothing to say, or when no call was needed', () => {
    expect(noAnswer(reportOf([failed('opus', 'HTTP 401: bad key'), review('kimi', gateway.id, 'VERDICT: ship')]))).toBeUndefined()
    expect(noAnswer(reportOf([failed('opus', 'HTTP 401'), review('kimi', gateway.id, 'I cannot help with that.')]))).toBeUndefined()
    expect(noAnswer(reportOf([]))).toBeUndefined()
  })
})

describe('assess', () => {
  it("carries the run's warnings before the plan's, and where the policy came from", () => {
    const source = { inputs: ['fail-on'], inputsName: 'flags' }
    const warned = { ...plan, warnings: ['from the plan'] }
    const report = assess({
      plan: warned,
      reviews: [],
      reviewers,
      policy: { failOn: 'convergent-block', minReviewers: 2, lineWindow: 3 },
      label: 'pr',
      warnings: ['from the run'],
      source,
    })
    expect(report.warnings).toEqual(['from the run', 'from the plan'])
    expect(report.policy).toEqual(source)
    expect(
      assess({ plan, reviews: [], reviewers, policy: { failOn: 'never', minReviewers: 1, lineWindow: 3 }, label: 'pr' }),
    ).not.toHaveProperty('policy')
  })
})
