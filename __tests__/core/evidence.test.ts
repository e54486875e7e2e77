import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatEvidenceReply, parseEvidenceReply } from '../../src/core/reply/record.ts'
import { decodeReuse, encodeReuse, reuseKey, type StoredReply } from '../../src/core/reply/reuse.ts'
import { SYSTEM_PROMPT } from '../../src/core/reply/prompt.ts'
import type { CallResult } from '../../src/core/reply/types.ts'

const result: CallResult = {
  reviewer: 'opus',
  bundleId: 'src.1-abc',
  outcome: 'answered',
  reply: 'SEVERITY: BLOCK\nWHERE: a.ts:1\n<!-- not a header -->\nVERDICT: hold',
  latencyMs: 1234,
  tokensIn: 2000,
  tokensOut: 300,
  finishReason: 'stop',
  costUsd: 0.0123,
}
const header = { reviewer: 'opus', model: 'anthropic/claude-opus-4.7', bundle: 'src.1-abc', date: '2026-11-25T12:00:00.000Z' }

describe('evidence replies', () => {
  it('round-trip: the header records the call and the reply stays verbatim', () => {
    const text = formatEvidenceReply(result, header)
    expect(
      text.startsWith(
        '<!--\nreviewer: opus\nmodel: anthropic/claude-opus-4.7\nbundle: src.1-abc\ndate: 2026-11-25T12:00:00.000Z\nstatus: complete\n',
      ),
    ).toBe(true)
    expect(parseEvidenceReply(text, 'opus', 'src.1-abc')).toEqual(result)
  })

  it('keeps an incomplete call incomplete, with a reason that cannot break the header', () => {
    const failed: CallResult = { ...result, outcome: 'failed', reason: 'HTTP 500: boom -->\nmore', reply: '', finishReason: 'error' }
    const { costUsd: _ignored, ...rest } = failed
    const parsed = parseEvidenceReply(formatEvidenceReply(rest, header), 'opus', 'src.1-abc')
    expect(parsed).toMatchObject({ outcome: 'failed', reason: 'HTTP 500: boom - more', reply: '' })
  })
})

describe('reuse block', () => {
  const stored = (reply: string): StoredReply => ({
    reviewer: 'opus',
    reply,
    latencyMs: 1,
    tokensIn: 2,
    tokensOut: 3,
    finishReason: 'stop',
  })

  it('round-trips through the comment body and is a hidden HTML comment', () => {
    const map = new Map([[reuseKey({ text: 'diff a' }, { name: 'opus', model: 'm' }, 4096), stored('VERDICT: ship')]])
    const block = encodeReuse(map)
    expect(block).toMatch(/^<!-- cross-lineage-review:reuse v1 [A-Za-z0-9+/=]+ -->$/)
    expect(decodeReuse(`report text\n${block}`)).toEqual(map)
  })

  it('keys on bundle text, its brief, reviewer, model and max-tokens', () => {
    const r = { name: 'opus', model: 'm' }
    const k = reuseKey({ text: 'diff a' }, r, 4096)
    expect(reuseKey({ text: 'diff a' }, r, 4096)).toBe(k)
    expect(reuseKey({ text: 'diff b' }, r, 4096)).not.toBe(k)
    expect(reuseKey({ text: 'diff a' }, { ...r, model: 'n' }, 4096)).not.toBe(k)
    expect(reuseKey({ text: 'diff a' }, { ...r, name: 'sonnet' }, 4096)).not.toBe(k)
    expect(reuseKey({ text: 'diff a' }, r, 8192)).not.toBe(k)
    // The repository's instructions or the findings' language change the prompt, so the reply.
    const briefed = reuseKey({ text: 'diff a', brief: 'Instructions: wrap every error.' }, r, 4096)
    expect(briefed).not.toBe(k)
    expect(reuseKey({ text: 'diff a', brief: 'Instructions: log every error.' }, r, 4096)).not.toBe(briefed)
  })

  it('keeps the key of a bundle without a brief as it was, so replies stored before briefs existed are reused', () => {
    const sha = (t: string, n: number): string => createHash('sha256').update(t).digest('hex').slice(0, n)
    const before = sha([sha(SYSTEM_PROMPT, 12), 'opus', 'm', '4096', 'diff a'].join('\0'), 24)
    expect(reuseKey({ text: 'diff a' }, { name: 'opus', model: 'm' }, 4096)).toBe(before)
  })

  it('stores only replies that count as a review, so an unusable one is asked again next time', async () => {
    const { storableReplies } = await import('../../src/core/reply/reuse.ts')
    const { toReview } = await import('../../src/core/reply/review.ts')
    const bundle = { id: 'b', component: 'c', part: 1, parts: 1, files: [], paths: [], bytes: 100, text: 'diff', numbered: false }
    const reviewer = { name: 'opus', model: 'm', lineage: 'm', baseURL: 'http://x', keySource: 'api-key' }
    const base: CallResult = {
      reviewer: 'opus',
      bundleId: 'b',
      outcome: 'answered',
      reply: 'VERDICT: ship',
      latencyMs: 1,
      tokensIn: 1,
      tokensOut: 30,
      finishReason: 'stop',
    }
    const stored = (call: CallResult): number => storableReplies([toReview(call, bundle)], [bundle], [reviewer], 4096).size
    expect(stored(base)).toBe(1)
    expect(stored({ ...base, reply: 'I am not sure.' })).toBe(0)
    expect(stored({ ...base, outcome: 'failed' })).toBe(0)
  })

  it('drops the largest replies first to fit its budget', () => {
    // Incompressible text: a hash chain.
    const random = (n: number): string => {
      let out = ''
      for (let h = 'seed'; out.length < n;) out += h = createHash('sha256').update(h).digest('hex')
      return out.slice(0, n)
    }
    const map = new Map([
      ['small', stored('VERDICT: ship')],
      ['big', stored(random(40_000))],
    ])
    const decoded = decodeReuse(encodeReuse(map, 2_000))
    expect([...decoded.keys()]).toEqual(['small'])
    expect(encodeReuse(new Map([['big', stored(random(40_000))]]), 200)).toBe('')
  })

  it('treats a damaged or missing block as nothing to reuse', () => {
    expect(decodeReuse(undefined).size).toBe(0)
    expect(decodeReuse('<!-- cross-lineage-review:reuse v1 not-base64!! -->').size).toBe(0)
  })
})
