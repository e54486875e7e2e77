// The severity words models use, mapped to ours. The README (Tally) lists them;
// keep the two in step.
import type { Severity } from './types.ts'

export const SEVERITY_VOCABULARY: Readonly<Record<Severity, readonly string[]>> = {
  BLOCK: ['block', 'blocker', 'blocking', 'critical', 'high', 'severe', 'must-fix', 'p0', 'p1'],
  WARN: ['warn', 'warning', 'medium', 'moderate', 'major', 'should-fix', 'p2'],
  INFO: [
    'info',
    'informational',
    'low',
    'minor',
    'nit',
    'nitpick',
    'trivial',
    'suggestion',
    'optional',
    'nice-to-have',
    'style',
    'p3',
    'p4',
  ],
}

const key = (word: string): string => word.toLowerCase().replace(/[- ]/g, '')

const BY_WORD = new Map<string, Severity>(
  (Object.entries(SEVERITY_VOCABULARY) as [Severity, readonly string[]][]).flatMap(([s, words]) => words.map((w) => [key(w), s] as const)),
)

/** Any vocabulary word, longest first so `warning` wins over `warn`; `must fix` may be spaced. */
export const SEVERITY_WORD = Object.values(SEVERITY_VOCABULARY)
  .flat()
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replaceAll('-', '[- ]'))
  .join('|')

const OPENING = new RegExp(`^[^A-Za-z0-9]*(${SEVERITY_WORD})(?![A-Za-z0-9])`, 'i')

// "no BLOCK here", "not a BLOCK", "nothing blocking", "non-critical": the word is denied, not given.
const DENIAL =
  /\b(?:no|not|non|nothing|none|never|without|neither|nor|zero|isn't|aren't|wasn't|isnt)[\s-]+(?:(?:a|an|the|any|real|actual)\s+)?[*_[(`"']*$/i

/** Whether the text just before a severity word denies it. */
export const denied = (before: string): boolean => DENIAL.test(before.slice(-40))

// `BLOCK | WARN | INFO`, `critical/high/medium`: the prompt's list of choices echoed back, not a choice.
const CHOICES = new RegExp(String.raw`(?:${SEVERITY_WORD})\s*(?:[|/]|\bor\b)\s*(?:${SEVERITY_WORD})`, 'i')
/** A severity value that lists the choices instead of making one. */
export const isChoiceList = (value: string): boolean => CHOICES.test(value)

/** Emoji that models put before a severity (🔴, 🟡, ⚠️, …). */
export const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u200D/gu

export function severityOf(word: string): Severity | undefined {
  return BY_WORD.get(key(word))
}

/** The severity a value opens with (`High`, `**BLOCK**`, `🔴 Critical (security)`, `Nice to have`); undefined when it names none. */
export function parseSeverity(value: string | undefined): Severity | undefined {
  const m = OPENING.exec((value ?? '').replace(EMOJI, ''))
  return m ? severityOf(m[1] ?? '') : undefined
}

// Severities only as a key's value (`Severity: error`, SARIF levels): in prose these words mean other things.
const KEY_ONLY: Readonly<Record<string, Severity>> = { error: 'BLOCK', important: 'WARN', note: 'INFO' }
const KEY_OPENING = new RegExp(
  String.raw`^[^A-Za-z0-9]*(${SEVERITY_WORD}|${Object.keys(KEY_ONLY).join('|')})(?:[- ](?:severity|priority))?(?![A-Za-z0-9])[*_]*`,
  'i',
)

/** A key's value (`Severity: High — a.ts:3 — leak`, `"severity": "error"`): the severity it opens with, and what follows. */
export function keySeverity(value: string): { severity?: Severity; rest: string } {
  const m = KEY_OPENING.exec(value.replace(EMOJI, ''))
  const word = (m?.[1] ?? '').toLowerCase()
  const severity = m ? (severityOf(word) ?? KEY_ONLY[word]) : undefined
  return severity ? { severity, rest: value.replace(EMOJI, '').slice(m?.[0].length) } : { rest: value }
}

// Vocabulary of several words ("must fix", "nice to have"), matched as one.
const MULTIWORD = new RegExp(
  Object.values(SEVERITY_VOCABULARY)
    .flat()
    .filter((w) => w.includes('-'))
    .map((w) => `\\b${w.replaceAll('-', '[- ]')}\\b`)
    .join('|'),
  'gi',
)

// Words that may stand beside a severity in a section heading ("Blocking issues", "Minor nits:", "Must fix before merge").
const FILLER = new Set(
  'issue issues finding findings problem problems concern concerns severity priority risk item items comment comments note notes and or fixes fix must should required level before merge merging found the'.split(
    ' ',
  ),
)

/**
 * A heading that names one severity and nothing else ("## Warnings", "**Critical issues:**",
 * "## Critical Issues (2)", "## Minor / nits", "Critical (must fix before merge)"): its severity.
 */
export function sectionSeverity(heading: string): Severity | undefined {
  // A count or an aside in parentheses is no part of the name, unless it is all the name has.
  return namedSeverity(heading.replace(/\([^)]*\)/g, ' ')) ?? namedSeverity(heading)
}

function namedSeverity(heading: string): Severity | undefined {
  const named = heading
    .replace(EMOJI, ' ')
    .toLowerCase()
    .replace(MULTIWORD, (w) => key(w))
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !FILLER.has(w) && !/^\d+$/.test(w))
  const severities = new Set(named.map((w) => severityOf(w) ?? (w.endsWith('s') ? severityOf(w.slice(0, -1)) : undefined)))
  const [only] = severities
  return named.length > 0 && severities.size === 1 ? only : undefined
}
