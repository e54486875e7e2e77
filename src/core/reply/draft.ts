// A draft: what one finding has said so far, and the rules for filling it from
// `KEY: value` lines (the strict format and its synonyms: `File:`, `Line:`,
// `Issue:`, `Impact:`, … as models write them outside the format).
import { readInline, type InlineLine } from './parse-inline.ts'
import { parseWheres } from './parse-where.ts'
import { isChoiceList, keySeverity } from './severity.ts'
import type { Severity, Where } from './types.ts'

export interface Draft {
  severity?: Severity
  wheres: { text: string; where?: Where }[]
  file?: string
  line?: string
  /** A heading or one-line finding's own text. */
  title?: string
  what?: string
  why?: string
  /** The fenced block after a FIX key. */
  fix?: string
  raw: string[]
  /** Keys seen, by the name the reply used. */
  seen: Set<string>
  lastKey?: 'what' | 'why' | 'note' | undefined
  afterBlank?: boolean
  /** A one-line finding's text continues: on following lines (a list item) or paragraphs (a heading). */
  body?: 'lines' | 'paragraphs' | undefined
  fromKeys?: boolean
  /** A row of a markdown table (a recap table may repeat findings read elsewhere). */
  fromTable?: boolean
  /** The prompt's format echoed back (`SEVERITY: BLOCK | WARN | INFO`, `WHERE: <path>:<line>`): no finding. */
  template?: boolean
}

/** `<path>:<line>`, `path:line`: a placeholder, not a place. */
export const PLACEHOLDER = /<[^>\n]*>|^[\s`"']*(?:path|file)(?::(?:line|symbol|line_or_symbol))?[\s`"']*$/i

export type Slot = 'severity' | 'where' | 'file' | 'line' | 'what' | 'why' | 'fix' | 'note' | 'verdict'
const SLOTS: Record<Slot, string> = {
  severity: 'severity|sev|priority',
  where: 'where|location',
  file: 'file|path|file ?path|file ?name',
  line: 'lines?|line ?numbers?',
  what: 'what|issue|problem|finding|title',
  why: 'why|why it matters|reason|rationale|impact|evidence|explanation|details|description',
  // A fix is code only in a fenced block after the key; `Fix: use X instead` is a note.
  fix: 'fix|suggested fix|suggested change|proposed fix|recommended fix|suggestion|replacement',
  note: 'recommendation|remediation|solution|confidence|category',
  verdict: 'verdict|final verdict|overall verdict|overall|decision',
}
const KEY_NAMES = Object.values(SLOTS).join('|')
// Optional bullet/number/quote/heading, emphasis, backticks or quotes around the key.
const KEY_LINE = new RegExp(
  String.raw`^(?:[-*+•>]\s+|\d+[.)]\s+|#{1,6}\s+)?[*_\x60"']*\s*(${KEY_NAMES})\s*[*_\x60"']*\s*[:：]\s*(.*)$`,
  'i',
)
// A further bold key inside a key line's value: `**Location**:` or `**Location:**`.
const INLINE_KEY = new RegExp(String.raw`\s*\*\*(${KEY_NAMES})(?:\*\*\s*[:：]|[:：]\*\*)\s*`, 'i')
const SLOT_OF = (Object.entries(SLOTS) as [Slot, string][]).map(([slot, names]) => [slot, new RegExp(`^(?:${names})$`, 'i')] as const)
const slotOf = (name: string): Slot => SLOT_OF.find(([, re]) => re.test(name))?.[0] ?? 'note'

/**
 * A `KEY: value` line as the slots its keys fill, the keys as written, and
 * their values; several bold keys on one line (`**Issue**: … **Location**: …`)
 * give one entry each. Empty when the line is not a key line.
 */
export function readKeyLine(line: string): { slot: Slot; name: string; value: string }[] {
  const m = KEY_LINE.exec(line)
  if (!m) return []
  const [first = '', ...rest] = (m[2] ?? '').split(INLINE_KEY)
  const entries = [{ name: m[1] ?? '', value: first }]
  for (let i = 0; i + 1 < rest.length; i += 2) entries.push({ name: rest[i] ?? '', value: rest[i + 1] ?? '' })
  return entries.map(({ name, value }) => ({ slot: slotOf(name.toLowerCase()), name: name.toLowerCase(), value: stripValue(value) }))
}

export function newDraft(severity?: Severity): Draft {
  return { ...(severity ? { severity } : {}), wheres: [], raw: [], seen: new Set() }
}

/** Whether a key line belongs to the next finding rather than the one being read. */
export function startsNext(d: Draft, slot: Slot, name: string): boolean {
  if (d.raw.length === 0) return false
  const hasText = d.what !== undefined || d.why !== undefined
  switch (slot) {
    case 'severity':
      // A block may give its severity last (`Issue: …`, `Location: …`, `Severity: High`).
      return d.seen.has('severity') || (hasText && d.afterBlank === true) || (d.body !== undefined && d.severity !== undefined)
    case 'where':
    case 'file':
      return (hasText && d.afterBlank === true) || ((hasText || d.afterBlank === true) && (d.wheres.length > 0 || d.file !== undefined))
    case 'line':
      return d.line !== undefined
    case 'fix':
      // A fix belongs to the finding above it, even after a blank line.
      return false
    default:
      return d.seen.has(name) || (d.afterBlank === true && hasText && d.fromKeys === true && d.body === undefined)
  }
}

export function fill(d: Draft, slot: Slot, name: string, value: string): void {
  d.seen.add(slot === 'severity' ? 'severity' : name)
  d.fromKeys = true
  d.afterBlank = false
  d.lastKey = slot === 'what' || slot === 'why' ? slot : slot === 'note' || slot === 'fix' ? 'note' : undefined
  if (isChoiceList(value) || (slot === 'where' && PLACEHOLDER.test(value))) d.template = true
  if (slot === 'severity') {
    const { severity, rest } = keySeverity(value)
    if (severity) d.severity = severity
    else delete d.severity
    // `Severity: High — a.ts:3 — connection leak`: the rest of the line is the finding.
    if (severity && rest.trim() !== '') take(d, readInline(rest))
  } else if (slot === 'where') {
    const wheres = parseWheres(value)
    const il = wheres.some((w) => !w.where) ? readInline(value) : undefined
    // `Location: a.ts:3 (High) — connection leak`: more than a location.
    if (il && il.wheres.length > 0) take(d, il)
    else d.wheres.push(...wheres)
  } else if (slot === 'file') d.file = value
  else if (slot === 'line') d.line = value
  else if (slot === 'what' || slot === 'why') {
    const il = slot === 'what' && d.wheres.length === 0 && d.severity === undefined ? readInline(value) : undefined
    // `Issue: connection leak at a.ts:3 [BLOCK]`: a one-line finding behind a key.
    if (il?.severity !== undefined && il.wheres.length > 0) take(d, il)
    else d[slot] = d[slot] === undefined ? value : `${d[slot]} ${value}`
  }
}

/** A one-line finding read from a key's value: its locations, its severity if the draft has none, its text as the title. */
function take(d: Draft, il: InlineLine): void {
  d.wheres.push(...il.wheres)
  if (il.severity && d.severity === undefined) d.severity = il.severity
  if (il.text !== '') d.title ??= il.text
}

/** A key's value without emphasis, or the quotes and comma of a JSON member. */
export function stripValue(value: string): string {
  return withoutEmphasis(value.trim())
    .replace(/^"(.*)",?$/, '$1')
    .replace(/,$/, '')
    .trim()
}

/**
 * Emphasis is removed only where it is emphasis: the key's own closing
 * marker (`**WHERE:** a`), a balanced pair around the value, or asterisks
 * closing a key opened before it (`**WHERE: a**`). A value's own leading or
 * trailing `_` stays: `__tests__/a.ts`, `_config.yml`, `mod.py:__init__`.
 */
function withoutEmphasis(value: string): string {
  const s = value.replace(/^[*_]+\s+/, '').replace(/\s+[*_]+$/, '')
  const pair = /^(\*+|_+)(.+?)\1$/.exec(s)
  if (pair?.[2] && (pair[1]?.startsWith('*') || !pair[2].includes('_'))) return pair[2].trim()
  return s.replace(/^\*+(?!\*)/, (m) => (s.endsWith(m) ? m : '')).replace(/\*+$/, '')
}
