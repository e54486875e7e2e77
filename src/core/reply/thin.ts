// Thin replies: a reviewer that disengaged on a bundle is asked again on the
// bundle split in half, and its answers on the halves count for the bundle.
import { bundleFiles, planBundles } from '../plan/bundle.ts'
import { parseReply } from './parse.ts'
import type { Bundle } from '../plan/types.ts'
import type { ParsedReply, ReviewResult } from './types.ts'

// Below one output token per this many bundle bytes, with neither a finding nor a
// verdict, a reply is thin: in the field a 165 KB diff drew 62 output tokens and no analysis.
export const THIN_BYTES_PER_TOKEN = 200

/** A reply that reviewed nothing and is tiny for its bundle: the reviewer disengaged. */
export function isThin(result: ReviewResult, bundleBytes: number, parsed: ParsedReply = parseReply(result.reply)): boolean {
  if (result.status !== 'complete' || parsed.findings.length > 0 || parsed.verdict !== undefined) return false
  const tokens = result.tokensOut > 0 ? result.tokensOut : Math.ceil(result.reply.length / 4)
  return tokens < bundleBytes / THIN_BYTES_PER_TOKEN
}

/** The bundle in two (or a few) smaller bundles, or [] when it cannot be split. */
export function halveBundle(bundle: Bundle): Bundle[] {
  const half = Math.ceil(bundle.bytes / 2)
  const files = bundleFiles(bundle)
  const limits = { maxBytes: half, hardMaxBytes: Math.max(half, bundle.bytes), numbered: bundle.numbered }
  const plan = planBundles(files, limits, [{ name: bundle.component, globs: ['**'] }])
  if (plan.bundles.length < 2 || plan.skipped.length > 0) return []
  return plan.bundles.map((b, i) => ({
    ...b,
    id: `${bundle.id}~${i + 1}`,
    component: bundle.component,
    part: bundle.part,
    parts: bundle.parts,
  }))
}

/** One result for the whole bundle from the reviewer's results on its halves. */
export function mergeHalves(original: ReviewResult, halves: readonly ReviewResult[]): ReviewResult {
  const failed = halves.filter((h) => h.status !== 'complete')
  return {
    reviewer: original.reviewer,
    bundleId: original.bundleId,
    status: failed.length === 0 ? 'complete' : 'incomplete',
    ...(failed.length === 0 ? {} : { reason: `retry in halves after a thin reply: ${failed.map((f) => f.reason).join('; ')}` }),
    reply: halves.map((h) => h.reply).join('\n\n'),
    latencyMs: original.latencyMs + halves.reduce((n, h) => n + h.latencyMs, 0),
    tokensIn: original.tokensIn + halves.reduce((n, h) => n + h.tokensIn, 0),
    tokensOut: halves.reduce((n, h) => n + h.tokensOut, 0),
    finishReason: halves.at(-1)?.finishReason ?? original.finishReason,
    retriedInParts: halves.length,
    ...(halves.some((h) => h.costUsd !== undefined) || original.costUsd !== undefined
      ? { costUsd: (original.costUsd ?? 0) + halves.reduce((n, h) => n + (h.costUsd ?? 0), 0) }
      : {}),
  }
}
