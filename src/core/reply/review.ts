// CallResult → Review: the reply parsed once, right after the call, and
// whether it counts as a review of the bundle. Later stages read this.
import type { Bundle } from '../plan/types.ts'
import { resolveFilesTabLinks } from './files-tab.ts'
import { isApproval } from './gaps.ts'
import { findLocations } from './locations.ts'
import { readReply, reviewText } from './parse.ts'
import { aliasPaths } from './path-aliases.ts'
import { isThin } from './thin.ts'
import type { CallResult, ParsedReply, Review, UnreadMark } from './types.ts'

export function toReview(call: CallResult, bundle: Pick<Bundle, 'bytes' | 'paths'>): Review {
  const aliases = aliasPaths(resolveFilesTabLinks(call.reply, bundle.paths), bundle.paths)
  const read = reviewOf({ ...call, reply: aliases.text }, { bytes: bundle.bytes, paths: bundle.paths.map(aliases.alias) })
  return { ...aliases.restore(read), reply: call.reply }
}

/** The review, read from a reply where stand-ins replace the paths the patterns cannot read. */
function reviewOf(call: CallResult, bundle: Pick<Bundle, 'bytes' | 'paths'>): Review {
  const { parsed, weighty } = readReply(call.reply)
  const base = { ...call, parsed }
  if (call.outcome !== 'answered') return { ...base, complete: false, incompleteReason: call.reason ?? 'the call failed', thin: false }
  if (isThin(call, parsed, bundle.bytes)) {
    const reason = `thin reply: ${call.tokensOut} output tokens for ${bundle.bytes} bytes, no finding and no VERDICT line (the reviewer disengaged)`
    return { ...base, complete: false, incompleteReason: reason, thin: true }
  }
  const lost = parsed.findings.length === 0 ? substance(call.reply, parsed, bundle.paths) : undefined
  if (lost !== undefined) {
    // Not a clean review: a finding may be in there that nobody could read. Keep the text to show it.
    const unread = parsed.unparsed.length > 0 ? parsed.unparsed : [call.reply]
    const reason = `no finding could be read from a reply that ${lost}; its text is under "Unparsed replies" in the report`
    const marks = parsed.unreadMarks?.length ? parsed.unreadMarks : citations(call.reply)
    return { ...base, parsed: { ...parsed, unparsed: unread, unreadMarks: marks }, complete: false, incompleteReason: reason, thin: false }
  }
  if (weighty !== undefined) {
    // One readable finding must not hide another that could not be read: the gate cannot trust this review.
    const quote = (weighty.text.split('\n')[0] ?? '').slice(0, 120)
    const reason = `a block that ${weighty.says} could not be read as a finding ("${quote}"); its text is under "Unparsed replies" in the report`
    return { ...base, complete: false, incompleteReason: reason, thin: false }
  }
  if (parsed.findings.length === 0 && parsed.verdict === undefined) {
    return { ...base, complete: false, incompleteReason: 'reply had no parseable finding and no VERDICT line', thin: false }
  }
  return { ...base, complete: true, thin: false }
}

/**
 * What makes a reply without findings substantive, or undefined for a clean
 * review: a verdict other than ship, a `path:line` citation, or a path of the
 * bundle named outside the VERDICT line.
 */
function substance(reply: string, parsed: ParsedReply, paths: readonly string[]): string | undefined {
  // Lines approving what they cite ("src/a.ts:3 is fine") are not substance.
  const lines = reviewText(reply)
    .split('\n')
    .filter((line) => !isApproval(line))
  const text = lines.join('\n')
  const cited = lines.flatMap((line) => findLocations(line).found).find((f) => f.where.startLine !== undefined)
  const named = cited ? undefined : paths.find((p) => mentions(text, p) || mentions(text, p.split('/').at(-1) ?? p))
  const says = parsed.verdict !== undefined && parsed.verdict !== 'ship' ? `says ${parsed.verdict}` : undefined
  const refers = cited ? `cites ${cited.text.slice(0, 200)}` : named === undefined ? undefined : `names ${named}`
  return says === undefined && refers === undefined ? undefined : [says, refers].filter(Boolean).join(' and ')
}

/** Every `path:line` a reply cites outside its VERDICT lines and reasoning. */
function citations(reply: string): UnreadMark[] {
  return reviewText(reply)
    .split('\n')
    .flatMap((line) => findLocations(line).found)
    .filter((f) => f.where.startLine !== undefined)
    .map((f) => ({ where: f.where, whereText: f.text }))
}

function mentions(text: string, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return path !== '' && new RegExp(`(?<![\\w/.-])${escaped}(?![\\w/-])`).test(text)
}
