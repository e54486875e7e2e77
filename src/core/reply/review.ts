// CallResult → Review: the reply parsed once, right after the call, and
// whether it counts as a review of the bundle. Later stages read this.
import type { Bundle } from '../plan/types.ts'
import { parseReply } from './parse.ts'
import { isThin } from './thin.ts'
import type { CallResult, Review } from './types.ts'

export function toReview(call: CallResult, bundle: Pick<Bundle, 'bytes'>): Review {
  const parsed = parseReply(call.reply)
  const base = { ...call, parsed }
  if (call.outcome !== 'answered') return { ...base, complete: false, incompleteReason: call.reason ?? 'the call failed', thin: false }
  if (isThin(call, parsed, bundle.bytes)) {
    const reason = `thin reply: ${call.tokensOut} output tokens for ${bundle.bytes} bytes, no finding and no VERDICT line (the reviewer disengaged)`
    return { ...base, complete: false, incompleteReason: reason, thin: true }
  }
  if (parsed.findings.length === 0 && parsed.verdict === undefined) {
    return { ...base, complete: false, incompleteReason: 'reply had no parseable finding and no VERDICT line', thin: false }
  }
  return { ...base, complete: true, thin: false }
}
