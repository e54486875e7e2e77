// The findings ledger from plain values: each finding's outcome across
// pushes, the gate's record, and the hidden block that carries it in the
// sticky comment (bounded, and ignored when damaged or edited by hand).
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { Reviewer } from '../../src/core/reply/types.ts'
import { assess, type History } from '../../src/core/verdict/assess.ts'
import type { Ledger, LedgerEntry } from '../../src/core/verdict/history-types.ts'
import { decodeLedger, encodeLedger, LEDGER_MAX_CHARS } from '../../src/core/verdict/ledger-codec.ts'
import { aggregate } from '../../src/core/verdict/stats.ts'
import type { Report } from '../../src/core/verdict/types.ts'
import { demoDiff, demoDiffRewriting } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const REVIEWERS: Reviewer[] = [
  ['opus', 'anthropic'],
  ['kimi', 'moonshotai'],
  ['qwen', 'qwen'],
].map(([name = '', lineage = '']) => ({ name, model: `${lineage}/m`, lineage, baseURL: 'http://x', keySource: 'api-key' }))
const RL = 'services/gateway/src/ratelimit.ts'
const block = (where: string): string => `SEVERITY: BLOCK\nWHERE: ${where}\nWHAT: Problem at ${where}.\nWHY: Shown.\n`

/** Each reviewer reports its places (or ships); `failed` reviewers' calls fail. */
function run(
  said: Partial<Record<string, string[]>>,
  previous: Report | undefined,
  head: string,
  options: { diff?: string; failed?: string[] } = {},
): Report {
  const plan = planFiles(parseUnifiedDiff(options.diff ?? demoDiff()), {})
  const reviews = plan.bundles.flatMap((b) =>
    REVIEWERS.map((r) => {
      const places = said[r.name] ?? []
      const reply = places.length === 0 ? 'VERDICT: ship' : `${places.map(block).join('\n')}\nVERDICT: hold`
      const call = {
        reviewer: r.name,
        bundleId: b.id,
        reply,
        latencyMs: 1,
        tokensIn: 1,
        tokensOut: 99,
        finishReason: 'stop',
        costUsd: 0.01,
      }
      const failed = options.failed?.includes(r.name) === true
      return toReview(failed ? { ...call, reply: '', outcome: 'failed', reason: 'HTTP 500' } : { ...call, outcome: 'answered' }, b)
    }),
  )
  const history: History = { head, command: '/review', ...(previous?.ledger ? { ledger: previous.ledger } : {}) }
  return assess({
    plan,
    reviews,
    reviewers: REVIEWERS,
    policy: { failOn: 'convergent-block', minReviewers: 2, lineWindow: 3 },
    label: 'pr',
    history,
  })
}

const sha = (c: string): string => c.repeat(40)
const outcomes = (r: Report): Record<string, string> =>
  Object.fromEntries((r.ledger?.entries ?? []).map((e) => [`${e.lineages.length}:${e.agreement}:${e.first}:${e.last}`, e.outcome]))
/** A push that rewrites line `n` of the limiter. */
const rewriting = (n: number): string => demoDiffRewriting(n, ' // changed')

describe('nextLedger: what became of each finding', () => {
  it('records a convergent finding and a single one as open, with lineages, agreement, commits and the cost of the calls (9 at $0.01)', () => {
    const r = run({ opus: [`${RL}:30`, `${RL}:19`], kimi: [`${RL}:30`] }, undefined, sha('a'))
    expect(r.ledger?.entries.map(({ identity: _i, id: _d, ...e }) => e)).toEqual([
      {
        severity: 'BLOCK',
        lineages: ['anthropic', 'moonshotai'],
        reviewers: ['kimi', 'opus'],
        agreement: 2,
        gated: true,
        first: 'a'.repeat(12),
        last: 'a'.repeat(12),
        outcome: 'open',
      },
      {
        severity: 'BLOCK',
        lineages: ['anthropic'],
        reviewers: ['opus'],
        agreement: 1,
        gated: false,
        first: 'a'.repeat(12),
        last: 'a'.repeat(12),
        outcome: 'open',
      },
    ])
    expect(r.ledger?.record).toEqual({ runs: 1, failed: 1, overruled: 0, costUsd: expect.closeTo(0.09, 5) as number })
    expect(r.ledger?.head).toBe(sha('a'))
  })

  it('marks a finding no longer reported as addressed when its lines changed, vanished when they did not', () => {
    const first = run({ opus: [`${RL}:30`, `${RL}:19`], kimi: [`${RL}:30`] }, undefined, sha('a'))
    // Line 30 rewritten: its finding is gone and addressed; line 19 unchanged and no longer said: vanished.
    const second = run({}, first, sha('b'), { diff: rewriting(30) })
    expect(Object.values(outcomes(second))).toEqual(['addressed', 'vanished'])
    expect(second.ledger?.entries.map((e) => e.last)).toEqual(['a'.repeat(12), 'a'.repeat(12)])
    expect(second.ledger?.record).toMatchObject({ runs: 2, failed: 1 })
  })

  it('keeps a finding open while a missing review could still report it, and reopens one reported again', () => {
    const first = run({ opus: [`${RL}:30`], kimi: [`${RL}:30`] }, undefined, sha('a'))
    const down = run({ opus: [] }, first, sha('b'), { failed: ['kimi', 'qwen'] })
    expect(down.ledger?.entries.map((e) => e.outcome)).toEqual(['open'])
    const gone = run({}, down, sha('c'))
    expect(gone.ledger?.entries.map((e) => e.outcome)).toEqual(['vanished'])
    const back = run({ opus: [`${RL}:30`], kimi: [`${RL}:30`] }, gone, sha('d'))
    expect(back.ledger?.entries.map((e) => [e.outcome, e.first, e.last])).toEqual([['open', 'a'.repeat(12), 'd'.repeat(12)]])
  })
})

const entry = (n: number, last: string): LedgerEntry => ({
  id: n.toString(16).padStart(7, '0'),
  identity: {
    path: (n % 40).toString(16).padStart(8, '0'),
    lines: [n.toString(16).padStart(8, 'a'), (n * 7).toString(16).padStart(8, 'b')],
    context: ['cccccccc'],
  },
  severity: n % 3 === 0 ? 'BLOCK' : 'WARN',
  lineages: n % 2 === 0 ? ['anthropic', 'moonshotai'] : ['qwen'],
  reviewers: n % 2 === 0 ? ['kimi', 'opus'] : ['qwen'],
  agreement: n % 2 === 0 ? 2 : 1,
  gated: n % 6 === 0,
  first: last,
  last,
  outcome: 'open',
})

describe('the ledger in the sticky comment', () => {
  it('reads back what it wrote', () => {
    const r = run({ opus: [`${RL}:30`], kimi: [`${RL}:30`] }, undefined, sha('a'))
    const block = encodeLedger(r.ledger!)
    expect(decodeLedger(`report\n${block}`)).toEqual({ ledger: r.ledger })
  })

  it('keeps 300 current findings after 20 pushes within its share of the comment, summarising the oldest gone ones', () => {
    let ledger: Ledger = { entries: [], record: { runs: 0, failed: 0, overruled: 0, costUsd: 0 } }
    for (let push = 0; push < 20; push++) {
      const head = String(push).padStart(2, '0').padEnd(40, 'f')
      const current = Array.from({ length: 300 }, (_, i) => entry(push * 300 + i, head.slice(0, 12)))
      const gone = ledger.entries.map((e) => ({ ...e, outcome: 'addressed' as const }))
      const kept = decodeLedger(encodeLedger({ ...ledger, head, entries: [...current, ...gone] })).ledger
      expect(kept).toBeDefined()
      ledger = kept!
    }
    const block = encodeLedger(ledger)
    expect(block.length).toBeLessThanOrEqual(LEDGER_MAX_CHARS)
    const final = decodeLedger(block).ledger!
    expect(final.entries.filter((e) => e.last === ledger.head?.slice(0, 12))).toHaveLength(300)
    // Everything ever recorded is either an entry or counted in the summary.
    const summarised = Object.values(final.older?.byAgreement ?? {}).reduce(
      (n, c) => n + c.open + c.addressed + c.vanished + c.dismissed,
      0,
    )
    expect(final.entries.length + summarised).toBe(20 * 300)
  })

  it.each([
    ['a damaged block', `<!-- cross-lineage-review:ledger v1 not-base64!! -->`, 'damaged'],
    [
      'a hand-edited block',
      `<!-- cross-lineage-review:ledger v1 ${gzipSync(JSON.stringify({ h: 'zz', r: {}, e: [['x']] })).toString('base64')} -->`,
      'not well-formed',
    ],
    [
      'an outcome no run writes',
      `<!-- cross-lineage-review:ledger v1 ${gzipSync(JSON.stringify({ h: 'ab', r: { runs: 1, failed: 0, overruled: 0, costUsd: 0 }, e: [['0000001', '00000000', '', '', 'BLOCK', [], [], 1, 0, 'ab', 'ab', 'fixed', '', 0, '']] })).toString('base64')} -->`,
      'not well-formed',
    ],
  ])('ignores %s, saying why', (_name, body, problem) => {
    const decoded = decodeLedger(body)
    expect(decoded.ledger).toBeUndefined()
    expect(decoded.problem).toContain(problem)
  })

  it('finds no ledger (and no problem) in a comment without one', () => {
    expect(decodeLedger('an older comment')).toEqual({})
    expect(decodeLedger(undefined)).toEqual({})
  })
})

describe('aggregate: many ledgers into what the gate is worth', () => {
  it('adds up entries and what was summarised out of them, by lineage, agreement and gating', () => {
    const first = run({ opus: [`${RL}:30`], kimi: [`${RL}:30`], qwen: [`${RL}:19`] }, undefined, sha('a'))
    const ledger: Ledger = {
      ...first.ledger!,
      older: {
        byLineage: { qwen: { open: 0, addressed: 2, vanished: 1, dismissed: 0 } },
        byAgreement: { '1': { open: 0, addressed: 2, vanished: 1, dismissed: 0 } },
        falsePositiveBlocks: 1,
      },
    }
    const stats = aggregate([
      { number: 1, merged: true, ledger },
      { number: 2, merged: false, skipped: 'no comment by github-actions[bot]' },
    ])
    expect(stats.pullRequests).toEqual({ read: 2, counted: 1, merged: 1, skipped: 1 })
    expect(stats.byLineage.qwen).toEqual({ findings: 4, open: 1, addressed: 2, vanished: 1, dismissed: 0 })
    expect(stats.byLineage.anthropic).toEqual({ findings: 1, open: 1, addressed: 0, vanished: 0, dismissed: 0 })
    expect(stats.byAgreement['1']).toEqual({ findings: 4, open: 1, addressed: 2, vanished: 1, dismissed: 0 })
    expect(stats.byAgreement['2']).toEqual({ findings: 1, open: 1, addressed: 0, vanished: 0, dismissed: 0 })
    expect(stats.gating).toEqual({ findings: 1, open: 1, addressed: 0, vanished: 0, dismissed: 0 })
    expect(stats.gate).toEqual({ runs: 1, failed: 1, overruled: 0, falsePositiveBlocks: 1 })
    expect(stats.skipped).toEqual([{ number: 2, reason: 'no comment by github-actions[bot]' }])
  })
})
