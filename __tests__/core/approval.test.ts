// A reviewer calling a line fine has answered: that is neither a finding nor
// text the gate could not read. A reservation or a denial is no approval.
import { describe, expect, it } from 'vitest'
import { isApproval } from '../../src/core/reply/gaps.ts'
import { toReview } from '../../src/core/reply/review.ts'

describe('isApproval', () => {
  it.each([
    'src/a.ts:3 is fine',
    'src/a.ts:3 are fine',
    'src/a.ts:3 looks good',
    'src/a.ts:3 look ok',
    'src/a.ts:3 seems correct',
    'src/a.ts:3 seem okay',
    'src/a.ts:3 reads clean',
    'src/a.ts:3 read sound',
    'src/a.ts:3 is safe',
    'src/a.ts:3 is right',
    'No issues in src/a.ts',
    'no problem at src/a.ts:3',
    'No concerns about src/a.ts:3',
    'no findings for src/a.ts',
    'No bugs at src/a.ts:3',
    'nothing wrong with src/a.ts:3',
    'Nothing to flag in src/a.ts:3',
    'nothing to fix at src/a.ts:3',
    'nothing to report on src/a.ts',
    'src/a.ts:3 LGTM',
    '✅ src/a.ts:3',
    'I checked src/app.ts:3 — it is fine.',
    '- `src/a.ts:3` looks fine.',
  ])('approves: %s', (text) => expect(isApproval(text)).toBe(true))

  it.each([
    'src/a.ts:3 is not fine',
    "src/a.ts:3 isn't correct",
    'src/a.ts:3 looks fine but leaks the token',
    'src/a.ts:3 is fine, however the retry never stops',
    'src/a.ts:3 is fine except for the timeout',
    'src/a.ts:3 looks good although it drops errors',
    'src/a.ts:3 is ok unless the list is empty',
    'src/a.ts:3 never looks safe',
    "src/a.ts:3 doesn't look good",
    'BLOCK: src/a.ts:3 looks fine at first sight',
    'src/a.ts:3 is a race',
    'src/a.ts:3: isfine',
    'src/a.ts:3 looksgood',
    // A second sentence, or a long one, says more than approval.
    '- `src/a.ts:3`: the error handling looks good. The SQL is injectable.',
    'src/a.ts:3 looks good; the query concatenates user input',
    'src/a.ts:3 is fine as far as the cache goes and the query concatenates user input straight into the statement it sends',
  ])('does not approve: %s', (text) => expect(isApproval(text)).toBe(false))
})

describe('an approving reply', () => {
  const review = (reply: string) =>
    toReview(
      { reviewer: 'r', bundleId: 'b', outcome: 'answered', reply, latencyMs: 1, tokensIn: 100, tokensOut: 300, finishReason: 'stop' },
      { bytes: 1000, paths: ['src/a.ts'] },
    )

  it('is a complete review with no finding and nothing unread, whether it has findings elsewhere or none', () => {
    for (const reply of [
      '- `src/a.ts:3` looks fine.\n\nVERDICT: ship',
      'SEVERITY: WARN\nWHERE: src/a.ts:9\nWHAT: noise\nWHY: logs\n\n- `src/a.ts:3` looks fine.\n\nVERDICT: ship-with-fixes',
    ]) {
      const r = review(reply)
      expect(r.complete).toBe(true)
      expect(r.parsed.unparsed).toEqual([])
      expect(r.parsed.findings.filter((f) => f.where?.startLine === 3)).toEqual([])
    }
  })

  it('with a reservation stays text the gate could not read', () => {
    const r = review(
      'SEVERITY: WARN\nWHERE: src/a.ts:9\nWHAT: noise\nWHY: logs\n\n- `src/a.ts:3` looks fine but leaks the token.\n\nVERDICT: hold',
    )
    expect(r.complete).toBe(false)
    expect(r.parsed.unreadMarks).toEqual([{ where: { path: 'src/a.ts', startLine: 3, endLine: 3 }, whereText: 'src/a.ts:3' }])
  })
})
