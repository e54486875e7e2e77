// The fixes a convergent group's reviewers proposed → a one-click GitHub
// suggestion, or the fixes shown as plain code with the reason there is none.
// A suggestion is offered only when reviewers of two or more lineages propose
// the same text for exactly the commented lines, and the text is safe to
// apply as is. Fixes are model text: shown in fences they cannot close,
// redacted, hidden characters revealed, bounded; never executed.
import { revealHidden } from '../text/hidden.ts'
import { markdownText, REDACTED, redactSecrets, truncate } from '../text/sanitize.ts'
import type { ThreadSpan } from '../verdict/identity.ts'
import type { Finding, Group } from '../verdict/types.ts'

// A suggestion replaces a few lines; a longer fix is shown, not offered.
const SUGGESTION_MAX_LINES = 60
const SUGGESTION_MAX_CHARS = 6_000
// Plain fixes shown per thread, and lines shown of each.
const SHOWN_FIXES = 3
const SHOWN_LINES = 30
const SHOWN_CHARS = 3_000

export type FixDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'suggestion'; readonly text: string; readonly by: readonly string[] }
  | {
      readonly kind: 'shown'
      readonly reason: string
      readonly fixes: readonly { readonly text: string; readonly by: readonly Finding[] }[]
    }

const linesText = (start: number, end = start): string => (end === start ? `line ${start}` : `lines ${start}-${end}`)

/** `current`: the commented lines' text as the diff shows them. */
export function decideFix(group: Group, span: ThreadSpan, current: readonly string[]): FixDecision {
  const proposed = group.findings.filter((f) => f.fix !== undefined)
  if (proposed.length === 0) return { kind: 'none' }
  const distinct = new Map<string, Finding[]>()
  for (const f of proposed) {
    const text = normalizeFix(f.fix?.text ?? '')
    distinct.set(text, [...(distinct.get(text) ?? []), f])
  }
  const fixes = [...distinct].map(([text, by]) => ({ text, by }))
  const shown = (reason: string): FixDecision => ({ kind: 'shown', reason, fixes })
  const [only] = fixes
  if (fixes.length > 1 || only === undefined) return shown('the reviewers propose different fixes')
  const lineages = new Set(only.by.map((f) => f.lineage))
  if (lineages.size < 2) return shown('one lineage proposes it')
  const elsewhere = only.by.find((f) => f.fix?.startLine !== span.startLine || f.fix.endLine !== span.endLine)
  if (elsewhere) {
    const cited = elsewhere.fix?.startLine === undefined ? 'no cited lines' : linesText(elsewhere.fix.startLine, elsewhere.fix.endLine)
    return shown(`it replaces ${cited}, not exactly the commented lines`)
  }
  const unsafe = unsafeReason(only.text, current)
  if (unsafe !== undefined) return shown(unsafe)
  return { kind: 'suggestion', text: only.text, by: only.by.map((f) => f.reviewer) }
}

/** Trailing spaces and blank lines around a fix are not part of what it says. */
function normalizeFix(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
}

function unsafeReason(text: string, current: readonly string[]): string | undefined {
  const lines = text.split('\n')
  if (lines.length > SUGGESTION_MAX_LINES || text.length > SUGGESTION_MAX_CHARS) return 'it is too long to apply with one click'
  // eslint-disable-next-line no-control-regex
  if (/`{3,}|[\u0000-\u0008\u000B-\u001F\u007F]/.test(text) || revealHidden(text) !== text)
    return 'it holds characters a suggestion cannot carry safely'
  if (text.includes(REDACTED) || redactSecrets(text) !== text) return 'it quotes a secret'
  if (lines.every((l) => l.trim() === '' || /^\s*\d+ [+ -]/.test(l))) return 'it carries diff line numbers or markers'
  if (normalizeFix(current.join('\n')) === text) return 'it would change nothing'
  return undefined
}

/** The fix part of a thread's body: a suggestion block, or the fixes as plain code. */
export function fixSection(decision: FixDecision): string[] {
  if (decision.kind === 'none') return []
  if (decision.kind === 'suggestion') {
    const who = decision.by.map((r) => `**${markdownText(r, 40)}**`).join(' and ')
    return [`${who} propose the same fix for these lines:`, '', ...fenced(decision.text, 'suggestion'), '']
  }
  const out = [`Proposed fix${decision.fixes.length > 1 ? 'es' : ''}, not offered as a suggestion (${decision.reason}):`, '']
  for (const fix of decision.fixes.slice(0, SHOWN_FIXES)) {
    const who = fix.by
      .map(
        (f) =>
          `**${markdownText(f.reviewer, 40)}**${f.fix?.startLine === undefined ? '' : ` (for ${linesText(f.fix.startLine, f.fix.endLine)})`}`,
      )
      .join(', ')
    out.push(`${who}:`, '', ...fenced(shownText(fix.text), ''), '')
  }
  const more = decision.fixes.length - SHOWN_FIXES
  if (more > 0) out.push(`_…and ${more} more proposed fix(es) in the tally JSON._`, '')
  return out
}

/** Model text as shown code: redacted, hidden and control characters made visible, bounded. */
function shownText(text: string): string {
  const lines = redactSecrets(revealHidden(text))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '\uFFFD')
    .split('\n')
  const kept = lines.slice(0, SHOWN_LINES).join('\n')
  return truncate(kept, SHOWN_CHARS) + (lines.length > SHOWN_LINES ? `\n… (${lines.length - SHOWN_LINES} more line(s))` : '')
}

/** A fenced block the text cannot close: the fence is longer than any backtick run inside. */
function fenced(text: string, lang: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${lang}`, text, fence]
}
