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
      // A line that opens with a location is an unparsed block of its own.
      ['services/gateway/src/server.ts:21 leaks the stack.'],
    ],
  ])('with %s but no finding, the review is incomplete, unparsed and says why', (_, reply, why, unparsed?: string[]) => {
    const review = toReview(call(reply), bundle)
    expect(review.complete).toBe(false)
    expect(review.thin).toBe(false)
    expect(review.incompleteReason).toBe(
      `no finding could be read from a reply that ${why}; its text is under "Unparsed replies" in the report`,
    )
    expect(review.parsed.unparsed).toEqual(unparsed ?? [reply])
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

  it('counts a review with findings as complete when its prose only mentions places', () => {
    const reply = [
      'SEVERITY: WARN',
      'WHERE: services/gateway/src/server.ts:21',
      'WHAT: The stack leaks, as at other.ts:9.',
      '',
      'The limiter in ratelimit.ts:30 reads the header once, which is fine.',
      '- `services/gateway/src/server.ts:21` is the only place that leaks.',
      'Retracting the BLOCK I had at ratelimit.ts:19: the bucket is per client.',
      '',
      'VERDICT: hold',
    ].join('\n')
    expect(toReview(call(reply), bundle)).toMatchObject({ complete: true, parsed: { unparsed: [] } })
  })

  // Found by the issue-12 audit: one readable finding hid a second one, and two lineages' BLOCK at one line passed the gate.
  it.each([
    [
      'a list item citing a line',
      '- `services/gateway/src/server.ts:30` — the limit is read once per process.',
      'services/gateway/src/server.ts:30',
    ],
    ['a heading citing a line', '### services/gateway/src/server.ts:30 — limit read once', 'services/gateway/src/server.ts:30'],
    ['a bold title citing a line', '**Limit read once** (`services/gateway/src/server.ts:30`)', 'services/gateway/src/server.ts:30'],
    ['a line opening with a location', 'services/gateway/src/server.ts:30 reads the limit once.', 'services/gateway/src/server.ts:30'],
    ['a file and a line written apart', '- In `server.ts`, around line 30, the limit is read once.', 'server.ts'],
    ['prose pairing a severity word with a location', 'Also, server.ts:30 reads the limit once; a medium-severity issue.', 'server.ts:30'],
  ])('with a finding read, %s that no finding accounts for is unparsed and the review incomplete', (_, line, cited) => {
    const first = 'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:19\nWHAT: Off by one.\nWHY: `<=`.'
    const review = toReview(call(`${first}\n\n${line}\n\nVERDICT: hold`), bundle)
    expect(review.parsed.findings).toHaveLength(1)
    expect(review.parsed.unparsed).toEqual([line])
    expect(review.complete).toBe(false)
    expect(review.incompleteReason).toContain(`a block that cites ${cited}`)
    expect(review.incompleteReason).toContain(`could not be read as a finding ("${line.slice(0, 120)}")`)
  })

  it('names the first unparsed block that says BLOCK, and counts one that says only WARN', () => {
    const found = 'SEVERITY: INFO\nWHERE: services/gateway/src/server.ts:9\nWHAT: Typo.'
    const block = toReview(call(`${found}\n\nSEVERITY: BLOCK\nWHAT: The limiter can be bypassed.\n\nVERDICT: ship`), bundle)
    expect(block).toMatchObject({ complete: false, parsed: { unparsed: ['SEVERITY: BLOCK\nWHAT: The limiter can be bypassed.'] } })
    expect(block.incompleteReason).toBe(
      'a block that says BLOCK could not be read as a finding ("SEVERITY: BLOCK"); its text is under "Unparsed replies" in the report',
    )
    const warn = toReview(call(`${found}\n\n- [WARN] Error handling is inconsistent.\n\nVERDICT: ship`), bundle)
    expect(warn).toMatchObject({ complete: true, parsed: { unparsed: ['- [WARN] Error handling is inconsistent.'] } })
  })

  it('still reports a thin reply as thin, and a failed call as failed', () => {
    const thin = toReview(call('ratelimit.ts', { tokensOut: 2 }), { ...bundle, bytes: 165_000 })
    expect(thin).toMatchObject({ complete: false, thin: true })
    const failed = toReview(call('cut off at services/gateway/src/server.ts:21', { outcome: 'failed', reason: 'cut off' }), bundle)
    expect(failed).toMatchObject({ complete: false, incompleteReason: 'cut off', parsed: { unparsed: [] } })
  })
})
