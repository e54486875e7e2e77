// Reply text → findings and a verdict. Models decorate the strict format
// (bold keys, bullets, backticks, L42, ranges); accept the decorations, and
// count blocks that still do not parse instead of dropping them.
import type { ParsedFinding, ParsedReply, Severity, Verdict, Where } from './types.ts'

type Key = 'severity' | 'where' | 'what' | 'why' | 'verdict'

// Optional bullet/number/quote, optional emphasis or backticks around the key.
const KEY_LINE = /^(?:[-*+•>]\s+|\d+[.)]\s+|#{1,6}\s+)?[*_`]*\s*(severity|where|what|why|verdict)\s*[*_`]*\s*[:：]\s*(.*)$/i

const SEVERITY_WORDS: Record<string, Severity> = {
  block: 'BLOCK', blocker: 'BLOCK', warn: 'WARN', warning: 'WARN', info: 'INFO', nit: 'INFO',
}

interface Draft {
  severity?: string
  where?: string
  what?: string
  why?: string
  lastKey?: Key
  afterBlank?: boolean
  raw: string[]
}

export function parseReply(reply: string): ParsedReply {
  const findings: ParsedFinding[] = []
  const unparsed: string[] = []
  let verdict: Verdict | undefined
  let verdictSummary = ''
  let awaitingVerdict = false
  let draft: Draft = { raw: [] }

  const finish = (): void => {
    const severity = parseSeverity(draft.severity)
    if (severity !== undefined && draft.where !== undefined) {
      const where = parseWhere(draft.where)
      findings.push({
        severity,
        whereText: draft.where,
        ...(where ? { where } : {}),
        what: (draft.what ?? '').trim(),
        why: (draft.why ?? '').trim(),
      })
    } else if (draft.raw.length > 0) {
      unparsed.push(draft.raw.join('\n'))
    }
    draft = { raw: [] }
  }

  for (const rawLine of reply.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (awaitingVerdict && line !== '') {
      awaitingVerdict = false
      const v = parseVerdict(line)
      if (v) ({ verdict, summary: verdictSummary } = v)
      continue
    }
    const m = KEY_LINE.exec(line)
    if (!m) {
      if (line === '' || line.startsWith('```')) {
        draft.lastKey = undefined
        draft.afterBlank = draft.raw.length > 0
      }
      else if (draft.lastKey === 'what' || draft.lastKey === 'why') {
        draft[draft.lastKey] = `${draft[draft.lastKey]} ${stripEmphasis(line)}`
        draft.raw.push(line)
      }
      continue
    }
    const key = m[1]!.toLowerCase() as Key
    const value = stripEmphasis(m[2]!)
    if (key === 'verdict') {
      finish()
      const v = parseVerdict(value)
      if (v) ({ verdict, summary: verdictSummary } = v)
      else awaitingVerdict = value === ''
      continue
    }
    // A new SEVERITY, a repeated key, or any key after a blank line that
    // followed WHAT/WHY starts the next finding.
    const hasText = draft.what !== undefined || draft.why !== undefined
    if (
      (key === 'severity' && draft.raw.length > 0) ||
      (key !== 'where' && draft[key] !== undefined) ||
      (key === 'where' && draft.where !== undefined && hasText) ||
      (draft.afterBlank && hasText)
    ) finish()
    if (draft[key] === undefined) draft[key] = value
    draft.lastKey = key
    draft.afterBlank = false
    draft.raw.push(line)
  }
  finish()
  return { findings, ...(verdict ? { verdict } : {}), verdictSummary, unparsed }
}

function stripEmphasis(value: string): string {
  return value.trim().replace(/^[*_]+\s*/, '').replace(/\s*[*_]+$/, '').trim()
}

function parseSeverity(value: string | undefined): Severity | undefined {
  const word = /[A-Za-z]+/.exec(value ?? '')?.[0]?.toLowerCase()
  return word === undefined ? undefined : SEVERITY_WORDS[word]
}

function parseVerdict(value: string): { verdict: Verdict; summary: string } | undefined {
  const m = /^[*_`\s]*(ship[- ]with[- ]fixes|ship|hold)\b[*_`]*\s*[-–—:,.]*\s*(.*)$/i.exec(value.trim())
  if (!m) return undefined
  const word = m[1]!.toLowerCase()
  const verdict: Verdict = word.startsWith('ship') && word.length > 4 ? 'ship-with-fixes' : (word as Verdict)
  return { verdict, summary: m[2]!.trim() }
}

/**
 * `path:42`, `path:42-50`, `path:L42`, `path:42:7`, `path#L42`, `path (line 42)`,
 * `path:symbol`, `path::Type::method`, or a bare path.
 */
export function parseWhere(text: string): Where | undefined {
  let s = text.trim()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`"']/g, '')
    .replace(/^(?:in|at|file)\s+/i, '')
    .replace(/[.,;]+$/, '')
    .trim()
  s = s.split(/,\s+|\s+and\s+/)[0]!.trim()

  const lineInParens = /^(.+?)\s*\((?:lines?|l\.?)\s*(\d+)(?:\s*[-–]\s*(\d+))?\)$/i.exec(s)
  if (lineInParens) return withLines(lineInParens[1]!, lineInParens[2]!, lineInParens[3])
  s = s.replace(/\s*\(.*\)$/, '').trim()

  const anchor = /^(.+?)#L(\d+)(?:-L?(\d+))?$/.exec(s)
  if (anchor) return withLines(anchor[1]!, anchor[2]!, anchor[3])
  const colon = /^(.+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?(?::\d+)?$/.exec(s)
  if (colon) return withLines(colon[1]!, colon[2]!, colon[3])
  const symbol = /^([^:\s]+?\.[A-Za-z0-9]+|[^:\s]*\/[^:\s]+):{1,2}([A-Za-z_$][\w$.:<>~-]*)$/.exec(s)
  if (symbol) return { path: symbol[1]!, symbol: symbol[2]! }
  if (/^[^\s:]+$/.test(s) && (s.includes('/') || s.includes('.'))) return { path: s }
  return undefined
}

function withLines(path: string, start: string, end: string | undefined): Where {
  const startLine = Number(start)
  const endLine = end === undefined ? startLine : Math.max(startLine, Number(end))
  return { path: path.trim(), startLine, endLine }
}
