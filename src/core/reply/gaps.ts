// Prose lines that hide a finding nobody could read. A line shaped like a
// finding (list item, heading, bold title, or opening with a location) that
// cites a line no parsed finding accounts for, or any line pairing a severity
// word with such a location, is unparsed: left as prose, it would let one
// readable finding hide the loss.
import { LINE_WORDS, findLocations, type FoundLocation } from './locations.ts'
import { BOLD_TITLE, readInline } from './parse-inline.ts'
import { RETRACTION } from './parse-text.ts'
import { SEVERITY_WORD, denied, severityOf } from './severity.ts'
import type { ParsedFinding, Severity, Where } from './types.ts'

// In free prose any case counts ("a medium-severity issue"): here a false alarm costs less than a lost finding.
const SEVERITY_ANYWHERE = new RegExp(String.raw`(?<![\w-])(${SEVERITY_WORD})(?:[- ](?:severity|priority))?(?![\w-])`, 'gi')
// "`handler.ts` around line 40": a file and a line written apart.
const LINE_WORD = new RegExp(String.raw`\b(?:${LINE_WORDS}|L)\s*\d+|\d+\s*行`)

// "src/a.ts:3 is fine", "I checked a.ts:3, looks good", "No issues in a.ts": approval, not a finding.
const APPROVAL =
  /\b(?:is|are|looks?|seems?|reads?)\s+(?:fine|ok(?:ay)?|good|correct|safe|right|sound|clean)\b|\bno\s+(?:issues?|problems?|concerns?|findings?|bugs?)\b|\bnothing\s+(?:wrong|to\s+(?:flag|fix|report))\b|\blgtm\b|✅/i
// "is fine, but …", "is not fine", "not correct": a reservation or a denial is no approval.
const RESERVATION = /\b(?:but|however|except|although|though|unless|not|isn't|aren't|doesn't|don't|never)\b|n't\b/i

// An approval is one short sentence: "looks good. The SQL is injectable." says something else too.
const APPROVAL_MAX_WORDS = 20
const SENTENCE_END = /[.!?;](?:\s+|$)/

/**
 * Whether a text approves what it cites rather than reporting something: one
 * short sentence with an approval phrase, no reservation, no severity.
 * Approval is neither a finding nor unread text: it does not fail the gate
 * and does not count toward agreement.
 */
export function isApproval(text: string): boolean {
  // The phrase first: it rules out almost every line before the costlier checks.
  if (!APPROVAL.test(text)) return false
  const sentences = text.split(SENTENCE_END).filter((s) => /[\p{L}\p{N}]/u.test(s))
  return (
    sentences.length === 1 &&
    text.split(/\s+/).length <= APPROVAL_MAX_WORDS &&
    !RESERVATION.test(text.replace(APPROVAL, ' ')) &&
    proseSeverity(text) === undefined
  )
}

/** The location a prose line cites that no finding accounts for, when the line is a finding left unread; else undefined. */
export function unreadCitation(line: string, findings: readonly ParsedFinding[]): FoundLocation | undefined {
  if (RETRACTION.test(line) || isApproval(line)) return undefined
  const { line: text, masked, found } = findLocations(line)
  const loose = found.filter((f) => !findings.some((p) => p.where !== undefined && accounts(p.where, f.where)))
  const first = found[0]
  if (!first || loose.length === 0) return undefined
  const lined = loose.filter((f) => f.where.startLine !== undefined || LINE_WORD.test(masked))
  const il = readInline(line)
  const shaped = il.kind !== 'plain' || BOLD_TITLE.test(line) || /^[^\p{L}\p{N}]*$/u.test(text.slice(0, first.start))
  if (shaped && lined.length > 0) return lined[0]
  return il.severity !== undefined || proseSeverity(line) !== undefined ? loose[0] : undefined
}

/** The severity a line names: a marker first, else the first severity word outside code and locations that it does not deny. */
export function proseSeverity(line: string): Severity | undefined {
  const marked = readInline(line).severity
  if (marked !== undefined) return marked
  const { masked } = findLocations(line)
  const said = [...masked.matchAll(SEVERITY_ANYWHERE)].find((m) => !denied(masked.slice(0, m.index)))
  return said ? severityOf(said[1] ?? '') : undefined
}

/** Whether a finding at `at` covers a citation of `cited`: the same file, and the same lines or symbol when it names them. */
export function accounts(at: Where, cited: Where): boolean {
  if (!samePath(at.path, cited.path)) return false
  if (cited.startLine !== undefined) {
    return (
      at.startLine !== undefined && at.startLine <= (cited.endLine ?? cited.startLine) && cited.startLine <= (at.endLine ?? at.startLine)
    )
  }
  return cited.symbol === undefined || at.symbol === cited.symbol
}

export function samePath(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`)
}

/** What makes an unparsed block weigh on the review: the first location it cites, else BLOCK when it says so. */
export function weight(text: string): string | undefined {
  const lines = text.split('\n')
  const cited = lines.flatMap((l) => findLocations(l).found).find((f) => f.where.startLine !== undefined || f.where.symbol !== undefined)
  if (cited) return `cites ${cited.text}`
  return lines.some((l) => readInline(l).severity === 'BLOCK') ? 'says BLOCK' : undefined
}
