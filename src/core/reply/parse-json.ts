// Findings written as JSON anywhere in a reply: fenced or bare, an object or an
// array, nested under any key (`findings`, `issues`, `review.comments`, …), with
// prose or a VERDICT line around it. Any object with a severity or a location is
// a finding; the text around the JSON is left for the text parsers.
import { firstFence } from './fence.ts'
import { readInline } from './parse-inline.ts'
import { sectionSeverity } from './severity.ts'

export interface JsonFinding {
  readonly severity: string
  readonly where: string
  readonly what: string
  readonly why: string
  readonly fix?: string
}

/** An object read as a finding but lacking a severity or a location: its text, and the one it has. */
export interface JsonUnread {
  readonly text: string
  readonly severity: string
  readonly where: string
}

export interface JsonPart {
  readonly findings: readonly JsonFinding[]
  /** Verdict values found, each as "verdict - summary". */
  readonly verdicts: readonly string[]
  /** Objects that looked like findings but lacked a severity or a location. */
  readonly unparsed: readonly JsonUnread[]
  /** The reply with the JSON that held findings or a verdict blanked out (lines kept). */
  readonly rest: string
}

// Bounds the work on hostile replies: JSON values tried, and nesting walked.
const MAX_CANDIDATES = 40
const MAX_DEPTH = 8

const SEVERITY_KEYS = ['severity', 'level', 'priority', 'sev']
const WHERE_KEYS = ['where', 'location', 'loc', 'file', 'path', 'filename', 'file_path', 'filepath']
const LINE_KEYS = [
  'line',
  'lines',
  'line_number',
  'linenumber',
  'start_line',
  'startline',
  'line_start',
  'start',
  'from_line',
  'range',
  'line_range',
  'linerange',
]
const END_KEYS = ['end_line', 'endline', 'line_end', 'end', 'to_line']
const WHAT_KEYS = ['what', 'title', 'issue', 'problem', 'message', 'summary', 'finding', 'comment', 'description', 'note']
const WHY_KEYS = ['why', 'rationale', 'reason', 'explanation', 'evidence', 'impact', 'details', 'description', 'body']
const VERDICT_KEYS = ['verdict', 'decision', 'recommendation']
// A fix is code when fenced: `"fix": "Use a constant-time compare"` is advice, not a replacement.
const FIX_KEYS = ['fix', 'suggested_fix', 'suggestedfix', 'suggested_change', 'suggestion', 'proposed_fix', 'recommended_fix']
// Keys that name the replacement code itself.
const CODE_KEYS = ['replacement', 'suggested_code', 'fixed_code', 'fix_code', 'code_fix', 'new_code']

export function readJson(reply: string): JsonPart {
  const found = { findings: [] as JsonFinding[], verdicts: [] as string[], unparsed: [] as JsonUnread[] }
  let rest = reply
  let tried = 0
  for (const start of candidates(reply)) {
    if (tried++ >= MAX_CANDIDATES) break
    if (rest[start] !== reply[start]) continue // inside JSON already taken
    const end = closingIndex(reply, start)
    if (end === undefined) continue
    const value = parseLenient(reply.slice(start, end + 1))
    const before = found.findings.length + found.verdicts.length + found.unparsed.length
    collect(value, 0, found)
    if (found.findings.length + found.verdicts.length + found.unparsed.length === before) continue
    rest = rest.slice(0, start) + reply.slice(start, end + 1).replace(/[^\n]/g, ' ') + rest.slice(end + 1)
  }
  return { ...found, rest }
}

/** Offsets of `{` or `[` that open a line (after optional spaces): where JSON in a reply starts. */
function* candidates(text: string): Generator<number> {
  for (const m of text.matchAll(/^[ \t]*([[{])/gm)) yield m.index + m[0].length - 1
}

/** The offset of the bracket closing the one at `start`, minding strings; undefined when it never closes. */
function closingIndex(text: string, start: number): number | undefined {
  const stack: string[] = []
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']')
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return undefined
      if (stack.length === 0) return i
    }
  }
  return undefined
}

/** JSON.parse, then once more without `//` comments and trailing commas (models write both). */
function parseLenient(text: string): unknown {
  for (const attempt of [text, text.replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')]) {
    try {
      return JSON.parse(attempt)
    } catch {
      // try the next form
    }
  }
  return undefined
}

function collect(value: unknown, depth: number, out: { findings: JsonFinding[]; verdicts: string[]; unparsed: JsonUnread[] }): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (const item of value) collect(item, depth + 1, out)
    return
  }
  const obj = lower(value)
  const where = whereOf(obj)
  const full = pick(obj, [...WHAT_KEYS, 'body'])
  // A review comment's body may end in GitHub's own suggestion block: that is its fix, not its text.
  const suggested = firstFence(full, ['suggestion'])
  const text = suggested ? suggested.before.trim() : full
  // A review comment ({path, line, body: "[BLOCK] …"}) carries its severity in its text.
  const marked = pick(obj, SEVERITY_KEYS) === '' && where !== '' ? readInline(text) : undefined
  // AACR-Bench's notes open with a bold label: `**Critical Issue**: Removed retry logic`.
  const label = /^\*\*([^*\n]{1,40})\*\*\s*:/.exec(text)?.[1]
  const labelled = pick(obj, SEVERITY_KEYS) === '' && where !== '' && label ? sectionSeverity(label) : undefined
  const severity = pick(obj, SEVERITY_KEYS) || (marked?.severity ?? labelled ?? '')
  if (severity !== '' || (where !== '' && text !== '')) {
    const what = marked?.severity ? marked.text : pick(obj, WHAT_KEYS) === full ? text : pick(obj, WHAT_KEYS)
    const why = pick(
      obj,
      WHY_KEYS.filter((k) => obj[k] !== undefined && str(obj[k]) !== what && str(obj[k]) !== full),
    )
    const fix = fixOf(obj) ?? suggested?.text
    if (severity === '' || where === '') out.unparsed.push({ text: JSON.stringify(value), severity, where })
    else out.findings.push({ severity, where, what, why, ...(fix === undefined ? {} : { fix }) })
    return
  }
  for (const key of VERDICT_KEYS) {
    const v = obj[key]
    const inner = lower(v)
    const word = typeof v === 'string' ? v : pick(inner, VERDICT_KEYS)
    const summary = typeof v === 'string' ? str(obj.summary) : str(inner.summary) || str(inner.reason)
    if (word.trim() !== '') out.verdicts.push(summary ? `${word} - ${summary}` : word)
  }
  for (const [key, v] of Object.entries(obj)) if (!VERDICT_KEYS.includes(key)) collect(v, depth + 1, out)
}

/** `where`/`location` as text, or an object or sibling keys with a file and a line (or range). */
function whereOf(obj: Record<string, unknown>): string {
  for (const key of WHERE_KEYS) {
    const v = obj[key]
    if (typeof v === 'string' && v.trim() !== '') return withLine(v.trim(), obj)
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = whereOf(lower(v))
      if (inner !== '') return inner
    }
  }
  return ''
}

function withLine(path: string, obj: Record<string, unknown>): string {
  if (/[:#]L?\d/.test(path)) return path
  const line = obj[LINE_KEYS.find((k) => obj[k] !== undefined) ?? '']
  const end = str(obj[END_KEYS.find((k) => obj[k] !== undefined) ?? ''])
  // `"range": {"start": 10, "end": 14}`
  const span = line !== null && typeof line === 'object' && !Array.isArray(line) ? lower(line) : undefined
  const from = span ? [pick(span, ['start', 'start_line', 'from', 'begin']), pick(span, ['end', 'end_line', 'to'])] : undefined
  const lines = from ? from.filter(Boolean).join('-') : Array.isArray(line) ? line.map(str).filter(Boolean).join('-') : str(line)
  if (lines === '') return path
  return `${path}:${lines.replace(/^L/i, '')}${end && !lines.includes('-') ? `-${end}` : ''}`
}

/** The replacement code a finding object proposes, if any. */
function fixOf(obj: Record<string, unknown>): string | undefined {
  for (const k of CODE_KEYS) {
    const v = obj[k]
    if (typeof v === 'string' && v.trim() !== '') return firstFence(v)?.text ?? v
  }
  for (const k of FIX_KEYS) {
    const v = obj[k]
    const fence = typeof v === 'string' ? firstFence(v) : undefined
    if (fence) return fence.text
  }
  return undefined
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): string {
  for (const k of keys) if (str(obj[k]) !== '') return str(obj[k])
  return ''
}

function lower(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]))
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : ''
}
