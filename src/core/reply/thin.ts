// Thin replies: a reviewer that disengaged on a bundle. With `retry-thin` it is
// asked again on the bundle split in half, and its answers on the halves count
// for the bundle.
import { planBundles } from '../plan/bundle.ts'
import type { Bundle } from '../plan/types.ts'
import type { CallResult, ParsedReply } from './types.ts'

// Below one output token per this many bundle bytes, with neither a finding nor a
// verdict, a reply is thin: in the field a 165 KB diff drew 62 output tokens and no analysis.
export const THIN_BYTES_PER_TOKEN = 200

/** An answered reply that reviewed nothing and is tiny for its bundle. */
export function isThin(call: CallResult, parsed: ParsedReply, bundleBytes: number): boolean {
  if (call.outcome !== 'answered' || parsed.findings.length > 0 || parsed.verdict !== undefined) return false
  const tokens = call.tokensOut > 0 ? call.tokensOut : Math.ceil(call.reply.length / 4)
  return tokens < bundleBytes / THIN_BYTES_PER_TOKEN
}

/** The bundle in two (or a few) smaller bundles, or [] when it cannot be split. */
export function halveBundle(bundle: Bundle): Bundle[] {
  const half = Math.ceil(bundle.bytes / 2)
  const limits = { maxBytes: half, hardMaxBytes: Math.max(half, bundle.bytes), numbered: bundle.numbered }
  const plan = planBundles(bundle.files, limits, [{ name: bundle.component, globs: ['**'] }])
  if (plan.bundles.length < 2 || plan.skipped.length > 0) return []
  // The halves are the same review asked in parts: same brief.
  return plan.bundles.map((b, i) => ({
    ...b,
    id: `${bundle.id}~${i + 1}`,
    component: bundle.component,
    part: bundle.part,
    parts: bundle.parts,
    ...(bundle.instructions ? { instructions: bundle.instructions } : {}),
    ...(bundle.brief ? { brief: bundle.brief } : {}),
  }))
}

/** One call result for the whole bundle from the reviewer's results on its halves. */
export function mergeHalves(original: CallResult, halves: readonly CallResult[]): CallResult {
  const failed = halves.filter((h) => h.outcome !== 'answered')
  return {
    reviewer: original.reviewer,
    bundleId: original.bundleId,
    outcome: failed.length === 0 ? 'answered' : 'failed',
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
