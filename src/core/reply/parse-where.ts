// WHERE text → Where. Models write locations many ways; accept them all.
import type { Where } from './types.ts'

/**
 * Every location in a WHERE value: `a.ts:1, b.ts:2` and `a.ts:1 and b.ts:2`
 * give two. Each piece may be any form parseWhere accepts.
 */
export function parseWheres(text: string): { text: string; where?: Where }[] {
  const pieces = clean(text)
    .split(/\s*[;,]\s+(?=\S+[:#(])|\s+and\s+(?=\S+[:#(])/)
    .map((p) => p.trim())
    .filter(Boolean)
  return (pieces.length === 0 ? [text.trim()] : pieces).map((piece) => {
    const where = parseWhere(piece)
    return where ? { text: piece, where } : { text: piece }
  })
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
    .replace(/[.;]+$/, '')
    .trim()
}

/**
 * `path:42`, `path:42-50`, `path:L42`, `path:42:7`, `path#L42`, `path (line 42)`, `path line 42`,
 * `path:symbol`, `path::Type::method`, or a bare path.
 */
export function parseWhere(text: string): Where | undefined {
  let s = clean(text).replace(/,+$/, '')
  s = (s.split(/,\s+(?!(?:lines?|l\.?)\s*\d)|\s+and\s+/i)[0] ?? '').trim()

  // `path (line 42)`, `path, lines 10-12`, `path line 42`, `path, L21`
  const lineInParens = /^(.+?)\s*(?:[(,]\s*|\s(?=l))(?:lines?|l\.?)\s*(\d+)(?:\s*[-–]\s*L?(\d+))?\)?$/i.exec(s)
  if (lineInParens) return withLines(lineInParens[1], lineInParens[2], lineInParens[3])
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
