// toReview: a reply with something to say but no finding that could be read
// is not a clean review. It is unparsed, shown, and does not count.
import { describe, expect, it } from 'vitest'
import { toReview } from '../../src/core/reply/review.ts'
import type { CallResult } from '../../src/core/reply/types.ts'

const bundle = { bytes: 2000, paths: ['services/gateway/src/ratelimit.ts', 'services/gateway/src/server.ts'] }
const call = (reply: string, extra: Partial<CallResult> = {}): CallResult => ({
  reviewer: 'kimi',
  bundleId: 'b',
  outcome: 'answered',
  reply,
  latencyMs: 1,
  tokensIn: 100,
  tokensOut: 200,
  finishReason: 'stop',
  ...extra,
})

describe('no finding lost silently', () => {
  it.each([
    ['a non-ship verdict', 'The limiter needs a rethink.\n\nVERDICT: hold - rethink the limiter', 'says hold'],
    [
      'a path:line citation',
      'Line services/gateway/src/ratelimit.ts:30 admits one request too many.\n\nVERDICT: ship',
      'cites services/gateway/src/ratelimit.ts:30',
    ],
    ['a citation in a form no finding reads', 'See `server.ts` (line 21): the stack leaks.\nVERDICT: ship', 'cites server.ts (line 21)'],
    [
      'a path of the bundle',
      'The change to ratelimit.ts trusts X-Forwarded-For.\n\nVERDICT: ship',
      'names services/gateway/src/ratelimit.ts',
    ],
    [
      'both',
      'services/gateway/src/server.ts:21 leaks the stack.\nVERDICT: ship-with-fixes',
      'says ship-with-fixes and cites services/gateway/src/server.ts:21',
    ],
  ])('with %s but no finding, the review is incomplete, unparsed and says why', (_, reply, why) => {
    const review = toReview(call(reply), bundle)
    expect(review.complete).toBe(false)
    expect(review.thin).toBe(false)
    expect(review.incompleteReason).toBe(
      `no finding could be read from a reply that ${why}; its text is under "Unparsed replies" in the report`,
    )
    expect(review.parsed.unparsed).toEqual([reply])
  })

  it('keeps the unparsed blocks themselves when there are some', () => {
    const review = toReview(call('SEVERITY: BLOCK\nWHAT: Off by one in the limiter.\n\nVERDICT: hold - off by one'), bundle)
    expect(review.complete).toBe(false)
    expect(review.parsed.unparsed).toEqual(['SEVERITY: BLOCK\nWHAT: Off by one in the limiter.'])
  })

  it.each([
    ['a bare ship verdict', 'VERDICT: ship - looks right'],
    ['a ship verdict naming the file only in the verdict line', 'Nothing to flag.\n\nVERDICT: ship - ratelimit.ts is fine'],
    ['a ship verdict with prose that cites nothing', 'Read every hunk; the limiter and its tests agree.\n\nVERDICT: ship'],
    ['a ship verdict and a path cited only while reasoning', '<think>is ratelimit.ts:30 off by one? no.</think>\nVERDICT: ship'],
  ])('counts %s as a clean review', (_, reply) => {
    const review = toReview(call(reply), bundle)
    expect(review.complete).toBe(true)
    expect(review.parsed.unparsed).toEqual([])
  })

  it('counts a review with findings as complete, whatever else its prose cites', () => {
    const reply = 'SEVERITY: WARN\nWHERE: services/gateway/src/server.ts:21\nWHAT: The stack leaks, as at other.ts:9.\n\nVERDICT: hold'
    expect(toReview(call(reply), bundle)).toMatchObject({ complete: true, parsed: { unparsed: [] } })
  })

  it('still reports a thin reply as thin, and a failed call as failed', () => {
    const thin = toReview(call('ratelimit.ts', { tokensOut: 2 }), { ...bundle, bytes: 165_000 })
    expect(thin).toMatchObject({ complete: false, thin: true })
    const failed = toReview(call('cut off at services/gateway/src/server.ts:21', { outcome: 'failed', reason: 'cut off' }), bundle)
    expect(failed).toMatchObject({ complete: false, incompleteReason: 'cut off', parsed: { unparsed: [] } })
  })
})
