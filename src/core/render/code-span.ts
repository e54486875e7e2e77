// Reviewer prose as GitHub markdown, its inline code shown as code: text
// between balanced backticks (the CommonMark rule: a run of n backticks closes
// at the next run of exactly n) becomes a code span, and everything else is
// made inert exactly as markdownText does. Nothing can be smuggled through a
// span: GitHub renders a code span's content verbatim (no mention, reference,
// HTML, image or link inside code), its fence is longer than any backtick run
// it holds, and in a table cell its pipes are escaped. An unbalanced backtick
// stays an escaped backtick. Spans are found line by line in the reviewer's
// text and each text is rendered on its own, so no span crosses a line or a cell.
import { revealHidden } from '../text/hidden.ts'
import { inertMarkdown, redactSecrets, truncate } from '../text/sanitize.ts'

interface Piece {
  readonly code: boolean
  readonly text: string
}

export interface ProseOptions {
  /** The text sits in a table cell: a pipe, even inside code, would end the cell. */
  readonly cell?: boolean
}

/** One line of markdown: redacted, hidden characters revealed, bounded to `max` characters of text, code as code. */
export function proseMarkdown(text: string, max: number, options: ProseOptions = {}): string {
  const lines = revealHidden(redactSecrets(text)).split(/\r\n|\r|\n/)
  const pieces = lines.flatMap((line, i) => [...(i > 0 ? [{ code: false, text: ' ' }] : []), ...splitSpans(line)])
  return bound(tidy(pieces), max)
    .map((p) => (p.code ? codeSpan(p.text, options.cell === true) : inertMarkdown(p.text)))
    .join('')
}

/** A line → plain text and code spans, by CommonMark's backtick rule. */
export function splitSpans(line: string): Piece[] {
  const pieces: Piece[] = []
  let plainFrom = 0
  let i = 0
  while (i < line.length) {
    if (line[i] !== '`') {
      i++
      continue
    }
    const run = /^`+/.exec(line.slice(i))?.[0].length ?? 1
    const close = closingRun(line, i + run, run)
    if (close === undefined) {
      i += run
      continue
    }
    const content = line.slice(i + run, close)
    if (content.trim() !== '') {
      if (i > plainFrom) pieces.push({ code: false, text: line.slice(plainFrom, i) })
      pieces.push({ code: true, text: content })
      plainFrom = close + run
    }
    i = close + run
  }
  if (plainFrom < line.length) pieces.push({ code: false, text: line.slice(plainFrom) })
  return pieces
}

/** Where the next run of exactly `run` backticks starts, from `from`. */
function closingRun(line: string, from: number, run: number): number | undefined {
  const ticks = /`+/g
  ticks.lastIndex = from
  for (let m = ticks.exec(line); m !== null; m = ticks.exec(line)) if (m[0].length === run) return m.index
  return undefined
}

/** Control characters and runs of white space become one space; adjacent plain pieces merge; the ends are trimmed. */
function tidy(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = []
  for (const p of pieces) {
    // eslint-disable-next-line no-control-regex
    const text = p.text.replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/\s+/g, ' ')
    const last = out.at(-1)
    if (!p.code && last && !last.code) out[out.length - 1] = { code: false, text: last.text + text }
    else out.push({ code: p.code, text: p.code ? text.trim() : text })
  }
  const first = out[0]
  if (first && !first.code) out[0] = { code: false, text: first.text.trimStart() }
  const end = out.at(-1)
  if (end && !end.code) out[out.length - 1] = { code: false, text: end.text.trimEnd() }
  return out.filter((p) => p.text !== '')
}

/** At most `max` characters of text (code counted by its content), then `…`. */
function bound(pieces: readonly Piece[], max: number): Piece[] {
  const out: Piece[] = []
  let left = max
  for (const p of pieces) {
    if (p.text.length <= left) {
      out.push(p)
      left -= p.text.length
      continue
    }
    const cut = truncate(p.text, left, '')
    if (cut.trim() !== '') out.push({ code: p.code, text: p.code ? cut.trim() : cut })
    out.push({ code: false, text: '…' })
    break
  }
  return out
}

/** A fence one backtick longer than any run inside; padded where the content starts or ends with a backtick. */
function codeSpan(content: string, cell: boolean): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : ''
  // > "It is possible to include a pipe in a cell's content by escaping it, including inside other inline spans" (GFM, tables)
  const text = cell ? content.replace(/\|/g, '\\|') : content
  return `${fence}${pad}${text}${pad}${fence}`
}
