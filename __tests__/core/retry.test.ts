import { describe, expect, it } from 'vitest'
import { halveBundle, isThin, mergeHalves } from '../../src/core/reply/thin.ts'
import { planBundles } from '../../src/core/plan/bundle.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { parseReply } from '../../src/core/reply/parse.ts'
import type { CallResult } from '../../src/core/reply/types.ts'
import { randomFiles } from '../helpers/random-diff.ts'

const r = (over: Partial<CallResult> = {}): CallResult => ({
  reviewer: 'kimi',
  bundleId: 'b',
  outcome: 'answered',
  reply: 'The diff adds a rate limiter.',
  latencyMs: 10,
  tokensIn: 100,
  tokensOut: 62,
  finishReason: 'stop',
  ...over,
})

const thin = (call: CallResult, bytes: number): boolean => isThin(call, parseReply(call.reply), bytes)

describe('isThin', () => {
  it('is a reply with no finding, no verdict and under one output token per 200 bundle bytes', () => {
    expect(thin(r(), 165_000)).toBe(true)
    expect(thin(r(), 10_000)).toBe(false)
    expect(thin(r({ reply: 'VERDICT: ship - clean' }), 165_000)).toBe(false) // a short clean verdict is a review
    expect(thin(r({ reply: 'SEVERITY: WARN\nWHERE: a.ts:1\nWHAT: x' }), 165_000)).toBe(false)
    expect(thin(r({ outcome: 'failed' }), 165_000)).toBe(false)
    expect(thin(r({ tokensOut: 0 }), 165_000)).toBe(true) // no usage reported: estimated from the text
  })
})

describe('halveBundle', () => {
  it('splits a bundle into smaller parts holding every changed line once', () => {
    const [bundle] = planBundles(randomFiles(5, 30), { maxBytes: 1_000_000, hardMaxBytes: 1_000_000, numbered: false }, [
      { name: 'all', globs: ['**'] },
    ]).bundles
    const parts = halveBundle(bundle!)
    expect(parts.length).toBeGreaterThanOrEqual(2)
    for (const p of parts) expect(p.bytes).toBeLessThanOrEqual(Math.ceil(bundle!.bytes / 2))
    expect(parts.map((p) => p.id)).toEqual(parts.map((_, i) => `${bundle!.id}~${i + 1}`))
    const changed = (text: string) =>
      parseUnifiedDiff(text)
        .flatMap((f) =>
          f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'ctx').map((l) => `${f.path}|${l.kind}|${l.oldLine ?? l.newLine}`)),
        )
        .sort()
    expect(parts.flatMap((p) => changed(p.text)).sort()).toEqual(changed(bundle!.text))
  })

  it('returns [] for a bundle of one line', () => {
    const [bundle] = planBundles(parseUnifiedDiff('diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\n'), {
      maxBytes: 1000,
      hardMaxBytes: 1000,
      numbered: false,
    }).bundles
    expect(halveBundle({ ...bundle!, bytes: 10 })).toEqual([])
  })
})

describe('mergeHalves', () => {
  it('counts for the bundle only when every part completed', () => {
    const merged = mergeHalves(r(), [
      r({ bundleId: 'b~1', reply: 'VERDICT: ship', tokensOut: 300 }),
      r({ bundleId: 'b~2', reply: 'VERDICT: hold', tokensOut: 250 }),
    ])
    expect(merged).toMatchObject({ bundleId: 'b', outcome: 'answered', tokensOut: 550, tokensIn: 300, retriedInParts: 2 })
    const failed = mergeHalves(r(), [r(), r({ outcome: 'failed', reason: 'HTTP 500' })])
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'retry in halves after a thin reply: HTTP 500' })
  })
})
