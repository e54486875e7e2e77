// Markdown tables of findings. A header that names a severity column and a
// location (or file and line) column says what each cell is; rows of any other
// table are read as one-line findings.
import { newDraft, type Draft } from './draft.ts'
import { readInline } from './parse-inline.ts'
import { parseWheres } from './parse-where.ts'
import { keySeverity, parseSeverity } from './severity.ts'
import type { Severity, Where } from './types.ts'

/** What one row says, before it is checked for a severity and a location. */
export interface Row {
  readonly severity?: Severity
  readonly wheres: readonly { readonly text: string; readonly where?: Where }[]
  readonly what: string
  readonly why: string
  readonly raw: string
}

type Role = 'severity' | 'file' | 'line' | 'location' | 'what' | 'why'

const ROLES: readonly [Role, RegExp][] = [
  ['severity', /^(?:severity|sev|level|priority|criticality|severity level)$/],
  ['file', /^(?:file|path|file ?path|file ?name)$/],
  ['line', /^(?:lines?|line ?(?:numbers?|no\.?|#)|ln|l#)$/],
  ['location', /^(?:location|where|loc|file ?: ?line|file ?\/ ?lines?|file and line|position)$/],
  ['what', /^(?:issue|problem|finding|description|what|summary|title|concern|bug|message|details?|comment|observation)$/],
  ['why', /^(?:why|why it matters|reason|rationale|impact|evidence|explanation|risk)$/],
]

const COUNT = /^(?:count|counts|number|total|#|n|qty|amount|(?:number|#) of (?:findings|issues))$/

const DELIMITER = /^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$/

/** A table starts where a row of cells is followed by a delimiter row. */
export function isTableStart(lines: readonly string[], i: number): boolean {
  const next = lines[i + 1]?.trim() ?? ''
  return (lines[i] ?? '').includes('|') && next.includes('|') && DELIMITER.test(next) && next.includes('-')
}

/** The rows of the table starting at line `i`, and the index of the first line after it. */
export function readTable(lines: readonly string[], i: number): { rows: Row[]; next: number } {
  const header = cells(lines[i] ?? '').map((c) =>
    c
      .toLowerCase()
      .replace(/[*_`]/g, '')
      .replace(/[^\p{L}\p{N}:/#. ]/gu, '')
      .trim(),
  )
  const column = (role: Role): number => header.findIndex((h) => ROLES.some(([r, re]) => r === role && re.test(h)))
  const at = Object.fromEntries(ROLES.map(([r]) => [r, column(r)])) as Record<Role, number>
  let j = i + 2
  const body: { raw: string; row: string[] }[] = []
  for (; j < lines.length && (lines[j] ?? '').includes('|'); j++) {
    const raw = (lines[j] ?? '').trim()
    const row = cells(raw)
    if (!row.every((c) => c === '')) body.push({ raw, row })
  }
  // `| Risk | Path | Line |` with High/Low under Risk: a column of severities is the severity column, whatever its name.
  if (at.severity < 0)
    at.severity = header.findIndex((_, c) => body.length > 0 && body.every(({ row }) => keySeverity(row[c] ?? '').severity))
  if (at.why === at.severity) at.why = -1
  // Kilo's `| File | Line | Issue |` under `#### WARNING`: the file and line columns type it too.
  const typed = (at.severity >= 0 || (at.file >= 0 && at.line >= 0)) && (at.location >= 0 || at.file >= 0)
  // `| Severity | Count |`: a summary of how many, not findings.
  const counts = header.some((h) => COUNT.test(h)) && at.location < 0 && at.file < 0 && at.line < 0
  const rows = counts
    ? []
    : body.filter(({ row }) => !isCountRow(row)).map(({ raw, row }) => (typed ? typedRow(row, at, raw) : inlineRow(row, raw)))
  return { rows, next: j }
}

/** The rows that name a severity (their own or their section's) or a location, as drafts. */
export function tableDrafts(rows: readonly Row[], section: Severity | undefined): Draft[] {
  return rows.flatMap((row) => {
    const severity = row.severity ?? section
    if (severity === undefined && row.wheres.length === 0) return []
    const { what, why, raw } = row
    return [{ ...newDraft(), ...(severity ? { severity } : {}), wheres: [...row.wheres], what, why, raw: [raw], fromTable: true }]
  })
}

function typedRow(row: readonly string[], at: Record<Role, number>, raw: string): Row {
  const cell = (i: number): string => (i >= 0 ? (row[i] ?? '') : '')
  const location = at.location >= 0 ? cell(at.location) : cell(at.line) ? `${cell(at.file)}:${cell(at.line)}` : cell(at.file)
  const used = new Set(Object.values(at))
  const others = row.filter((_, i) => !used.has(i) && !/^#?\d*$/.test(row[i] ?? ''))
  const { severity } = keySeverity(cell(at.severity))
  return {
    ...(severity ? { severity } : {}),
    wheres: isBlank(location) ? [] : parseWheres(location),
    what: at.what >= 0 ? cell(at.what) : others.join(' — '),
    why: cell(at.why),
    raw,
  }
}

function inlineRow(row: readonly string[], raw: string): Row {
  const line = readInline(row.join(' | '))
  return { ...(line.severity ? { severity: line.severity } : {}), wheres: line.wheres, what: line.text, why: '', raw }
}

/** `| BLOCK | 0 |`: a severity and numbers only. */
function isCountRow(row: readonly string[]): boolean {
  const words = row.filter((c) => !/^[*_`]*\d+[*_`]*$/.test(c))
  return words.length === 1 && row.length > 1 && parseSeverity(words[0]) !== undefined
}

/** `—`, `-`, `n/a`, `none` or nothing: the row gives no location. */
function isBlank(location: string): boolean {
  return /^[\s`*_—–:-]*(?:n\/?a|none|unknown|various)?[\s`*_—–-]*$/i.test(location)
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.replace(/\\\|/g, '|').trim())
}
