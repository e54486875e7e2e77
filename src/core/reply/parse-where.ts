// WHERE text → Where. Models write locations many ways; accept them all.
import type { Where } from './types.ts'

/**
 * Every location in a WHERE value: `a.ts:1, b.ts:2` and `a.ts:1 and b.ts:2`
 * give two. Each piece may be any form parseWhere accepts.
 */
export function parseWheres(text: string): { text: string; where?: Where }[] {
  const pieces = clean(text)
    .split(/\s*[;,]\s+(?=\S+[:#(])|\s+and\s+(?=\S+[:#(])/)
    .flatMap((p) => moreLines(p.trim()))
    .filter(Boolean)
  return (pieces.length === 0 ? [text.trim()] : pieces).map((piece) => {
    const where = parseWhere(piece)
    return where ? { text: piece, where } : { text: piece }
  })
}

const LINES = String.raw`L?\d+(?:\s*[-–]\s*L?\d+)?`

/** `a.ts:120, 188` (or `and 188`): two places in one file, as two locations. */
function moreLines(piece: string): string[] {
  const m = new RegExp(String.raw`^(.+?):(${LINES}(?:\s*(?:,|and)\s*${LINES})+)$`).exec(piece)
  if (!m) return [piece]
  return (m[2] ?? '').split(/\s*(?:,|and)\s*/).map((lines) => `${m[1] ?? ''}:${lines}`)
}

// Longer WHERE values are not locations; the cap also bounds regex work on hostile replies.
const WHERE_MAX_CHARS = 400

function clean(text: string): string {
  return text
    .slice(0, WHERE_MAX_CHARS)
    .trim()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`"']/g, '')
    .replace(/^(?:in|at|file)\s+/i, '')
    .replace(/(?<=\w)：(?=L?\d)/g, ':')
    .replace(/[.;]+$/, '')
    .trim()
}

// "line" as replies write it, in English, German, French, Spanish and Italian.
const LINE_WORD = String.raw`(?:lines?|l\.?|zeilen?|lignes?|l[ií]neas?|righe|riga)`
// `a.ts:3, b.ts:4` or `a.ts:3 and b.ts:4`: the first is the location (`a.ts, line 3` is one).
const AND_MORE = new RegExp(String.raw`,\s+(?!${LINE_WORD}\s*\d)|\s+and\s+`, 'i')
const LINE_AFTER = new RegExp(String.raw`^(.+?)\s*(?:[(,]\s*|\s(?=[lzr]))${LINE_WORD}\s*(\d+)(?:\s*(?:[-–]|to)\s*L?(\d+))?\)?$`, 'i')

/**
 * `path:42`, `path:42-50`, `path:L42`, `path:42:7`, `path#L42`, `path (line 42)`, `path line 42`,
 * `path:symbol`, `path::Type::method`, or a bare path.
 */
export function parseWhere(text: string): Where | undefined {
  let s = clean(text).replace(/,+$/, '')
  // `line 42 of path`, `lines 10 to 12 in path`
  const lineOf = /^lines?\s+(\d+)(?:\s*(?:[-–]|to)\s*(\d+))?\s+(?:of|in)\s+(\S+)$/i.exec(s)
  if (lineOf) return withLines(lineOf[3], lineOf[1], lineOf[2])
  s = (s.split(AND_MORE)[0] ?? '').trim()

  // `path (line 42)`, `path, lines 10-12`, `path, lines 10 to 12`, `path line 42`, `path, L21`
  const lineInParens = LINE_AFTER.exec(s)
  if (lineInParens) return withLines(lineInParens[1], lineInParens[2], lineInParens[3])
  // `path 88行目`, `path 第88行`
  const cjk = /^(\S+?)[\s,，、]*(?:第\s*)?(\d+)\s*(?:[-–~〜]\s*(\d+)\s*)?行目?$/.exec(s)
  if (cjk) return withLines(cjk[1], cjk[2], cjk[3])
  // Go's `path:(*Pool).Get` is the symbol Pool.Get.
  s = s.replace(/:\(\*?([A-Za-z_$][\w$]*)\)\./, ':$1.')
  s = s.replace(/\s*\(.*\)$/, '').trim()

  const anchor = /^(.+?)#L(\d+)(?:-L?(\d+))?$/.exec(s)
  if (anchor) return withLines(anchor[1], anchor[2], anchor[3])
  const colon = /^(.+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?(?::\d+)?$/.exec(s)
  if (colon) return withLines(colon[1], colon[2], colon[3])
  const symbol = /^([^:\s]+?\.[A-Za-z0-9]+|[^:\s]*\/[^:\s]+):{1,2}([A-Za-z_$][\w$.:<>~-]*(?:\(\))?)$/.exec(s)
  if (symbol?.[1] && symbol[2]) return { path: symbol[1], symbol: symbol[2].replace(/\(\)$/, '') }
  if (/^[^\s:]+$/.test(s) && (s.includes('/') || s.includes('.'))) return { path: s }
  return undefined
}

/** Callers pass a match's groups: path and start are always captured there. */
function withLines(path = '', start = '', end?: string): Where {
  const startLine = Number(start)
  const endLine = end === undefined ? startLine : Math.max(startLine, Number(end))
  return { path: path.trim(), startLine, endLine }
}

/** A FILE and a LINE key as one location. Greptile's `Line: 150:162` is a range (it writes `Line: 88:88` for one line). */
export function fileLine(file: string, line: string | undefined): string {
  const lines = line?.trim().replace(/^(\d+):(\d+)$/, (m, a: string, b: string) => (Number(b) >= Number(a) ? `${a}-${b}` : m))
  return lines === undefined ? file : `${file}:${lines}`
}
