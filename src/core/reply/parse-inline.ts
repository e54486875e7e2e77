// One line of a reply read as a finding written on one line: a severity marker
// and a location in any order (`- [WARN] \`a.ts:3\` — text`, `**BLOCK** · a.ts:3-4 — text`,
// `a.ts:3 (high): text`, `### [WARN] a.ts:3 — title`), or a heading that opens a
// section of one severity ("## Warnings").
import { findLocations } from './locations.ts'
import { EMOJI, SEVERITY_WORD, denied, sectionSeverity, severityOf } from './severity.ts'
import type { Severity, Where } from './types.ts'

export interface InlineLine {
  /** heading: `#`; title: a bold-only line or a short line ending in a colon; item: a list item or quote. */
  readonly kind: 'heading' | 'title' | 'item' | 'plain'
  /** Heading level 1–6; titles 7; anything else 8. A section ends at a heading of its level or above. */
  readonly level: number
  readonly severity?: Severity
  /** Marked the way only a finding is (`[WARN] …`, `WARN: …`, `severity: high`): without a location it is a finding left unread. */
  readonly strong: boolean
  readonly wheres: readonly { readonly text: string; readonly where: Where }[]
  /** The line without its markers, severity and locations. */
  readonly text: string
  /** Set when the line is a heading naming a severity and nothing else. */
  readonly section?: Severity
}

const W = SEVERITY_WORD
// A severity word, or a compound of one: "High severity", "high-priority".
const WC = String.raw`(${W})(?:[- ](?:severity|priority))?`
// Tried in order; the first that matches is the line's severity.
const MARKERS: readonly { re: RegExp; strong: 'always' | 'at-start' | 'never'; caps?: boolean }[] = [
  { re: new RegExp(String.raw`\b(?:severity|priority|sev)\s*(?:[:=]|\s[—–-])\s*[*_]*\s*(${W})\b[*_]*`, 'i'), strong: 'always' },
  { re: new RegExp(String.raw`\[\s*[*_]*\s*${WC}\s*[*_]*\s*\]`, 'i'), strong: 'at-start' },
  { re: new RegExp(String.raw`(?<![\w*])(\*\*|__|\*|_)\s*${WC}\s*[:：]?\s*\1(?!\w)`, 'i'), strong: 'never' },
  { re: new RegExp(String.raw`\(\s*${WC}\s*\)`, 'i'), strong: 'never' },
  { re: new RegExp(String.raw`^${WC}\s*[:：]`, 'i'), strong: 'always' },
  { re: new RegExp(String.raw`(?:^|(?<=[\s|·•—–-]))(${W})(?=$|[\s|·•—–:-])`, 'gi'), strong: 'never', caps: true },
]
// Any case, for a word beside a location or after a separator; not "Low-level".
const LOOSE = new RegExp(String.raw`(?<![\w-])${WC}(?!\w|-(?!(?:severity|priority)\b)\w)`, 'gi')
// What may sit between such a word and the location or separator it stands by.
const BESIDE = /^[\s—–|·•:*_-]*$/

const STRUCTURE = /^(?:>\s*|#{1,6}\s+|[-*+•]\s+|\d+[.)]\s+)/
/** "**Pool leak** (`pool.go:120`)": a bold title that opens the line. */
export const BOLD_TITLE = /^\s*(?:\d+[.)]\s+)?(\*\*|__)[^*_]+\1/

export function readInline(raw: string): InlineLine {
  let rest = raw.trim()
  let level = 8
  let kind: InlineLine['kind'] = 'plain'
  for (let m = STRUCTURE.exec(rest); m; m = STRUCTURE.exec(rest)) {
    const token = m[0].trim()
    if (token.startsWith('#')) [kind, level] = ['heading', token.length]
    else if (kind === 'plain') kind = 'item'
    rest = rest.slice(m[0].length)
  }
  const bold = /^(\*\*|__)([^*_].*?)\1:?$/.exec(rest)
  if (bold) rest = (bold[2] ?? rest).replace(/^\d+[.)]\s+/, '')

  const { line, masked, found } = findLocations(rest)
  const wheres = adjacent(found, line)
  const marker = findSeverity(
    masked.replace(EMOJI, (e) => ' '.repeat(e.length)),
    found,
  )
  if (kind !== 'heading' && (bold || (wheres.length === 0 && rest.endsWith(':') && rest.length <= 60))) [kind, level] = ['title', 7]
  const section = wheres.length === 0 && (kind === 'heading' || kind === 'title') ? sectionSeverity(rest) : undefined
  let text = line
  for (const span of [...wheres, ...(marker ? [marker] : [])].sort((a, b) => b.start - a.start)) {
    text = text.slice(0, span.start) + ' ' + text.slice(span.end)
  }
  return {
    kind,
    level,
    ...(marker ? { severity: marker.severity } : {}),
    strong: marker?.strong === true,
    wheres: wheres.map(({ text: t, where }) => ({ text: t, where })),
    text: tidy(text),
    ...(section ? { section } : {}),
  }
}

type Marker = { severity: Severity; strong: boolean; start: number; end: number }

function findSeverity(text: string, spans: readonly { start: number; end: number }[]): Marker | undefined {
  return markedSeverity(text) ?? looseSeverity(text, spans)
}

function markedSeverity(text: string): Marker | undefined {
  const lead = text.length - text.trimStart().length
  for (const { re, strong, caps } of MARKERS) {
    const matches = caps ? [...text.matchAll(re)] : [re.exec(text.slice(lead))].map((m) => m && Object.assign(m, { index: m.index + lead }))
    for (const m of matches) {
      if (!m) continue
      const groups: (string | undefined)[] = m.slice(1)
      const word = groups.find((g) => g !== undefined && !/^[*_]+$/.test(g)) ?? ''
      const severity = severityOf(word)
      if (!severity || (caps && (word !== word.toUpperCase() || word.length < 3)) || denied(text.slice(0, m.index))) continue
      const atStart = m.index === lead
      return { severity, strong: strong === 'always' || (strong === 'at-start' && atStart), start: m.index, end: m.index + m[0].length }
    }
  }
  return undefined
}

/**
 * A severity word in Title case beside a location (``High `a.ts:3` ``, ``a.ts:3 — High — …``), or in
 * any case as a label after a separator (``a.ts:3 — high: …``). Not strong: a finding needs its location.
 */
function looseSeverity(text: string, spans: readonly { start: number; end: number }[]): Marker | undefined {
  for (const m of text.matchAll(LOOSE)) {
    const [start, end, word] = [m.index, m.index + m[0].length, m[1] ?? '']
    const severity = severityOf(word)
    const labelled = /^\s*[:：]/.test(text.slice(end)) && /(?:^|[—–|·•]|\s-)\s*[*_]*$/.test(text.slice(0, start))
    const titled = /^(?:[A-Z][a-z]|P\d)/.test(word)
    const beside = spans.some(
      (s) => (s.start >= end && BESIDE.test(text.slice(end, s.start))) || (s.end <= start && BESIDE.test(text.slice(s.end, start))),
    )
    if (severity && (labelled || (titled && beside)) && !denied(text.slice(0, start))) return { severity, strong: false, start, end }
  }
  return undefined
}

/** The first location and those listed right after it (`a.ts:1, b.ts:2`); later ones belong to the text. */
function adjacent<T extends { start: number; end: number }>(found: readonly T[], line: string): T[] {
  const first = found[0]
  if (!first) return []
  const out = [first]
  for (const next of found.slice(1)) {
    const gap = line.slice((out.at(-1) ?? first).end, next.start)
    if (!/^\s*(?:,|;|and|&)?\s*$/.test(gap)) break
    out.push(next)
  }
  return out
}

/** What is left of a line once markers, severity and locations are out. */
function tidy(text: string): string {
  return (
    text
      .replace(EMOJI, ' ')
      .replace(/\*\*|__|\[\s*\]|(?<![\w$])\(\s*\)/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s\-–—:·|,;.]+|[\s\-–—:·|,;]+$/g, '')
      // `**1. Pool leak** (…)`: the number is the list's, not the title's.
      .replace(/^\d+[.)]\s+/, '')
      // "in `a.ts` at line 3 — text": the preposition went with the location.
      .replace(/^(?:in|at|on|see)\s*[-–—:·|,]+\s*/i, '')
      .replace(/\s+(?:in|at|on)$/i, '')
      .trim()
  )
}

/** A heading that is only a file name: the file its items refer to. */
export function fileHeading(il: InlineLine): string | undefined {
  const only = il.wheres.length === 1 && il.text === '' ? il.wheres[0]?.where : undefined
  return only?.startLine === undefined && only?.symbol === undefined ? only?.path : undefined
}

/** `Line 42 (high): …` under a file heading: a location in that file. */
export function withFile(il: InlineLine, file: string | undefined): InlineLine {
  const m = file === undefined || il.wheres.length > 0 ? null : /^(?:lines?|L)\s*(\d+)(?:\s*[-–]\s*L?(\d+))?\b\s*[:\-–—]*\s*/i.exec(il.text)
  if (!m || file === undefined) return il
  const startLine = Number(m[1])
  const endLine = m[2] === undefined ? startLine : Math.max(startLine, Number(m[2]))
  const text = `${file}:${startLine}${endLine === startLine ? '' : `-${endLine}`}`
  return { ...il, wheres: [{ text, where: { path: file, startLine, endLine } }], text: il.text.slice(m[0].length) }
}
