// Reply text → findings and a verdict. Models decorate the strict format
// (bold keys, bullets, backticks, L42, ranges, JSON); accept the decorations,
// and count blocks that still do not parse instead of dropping them.
import { readJsonReply } from './parse-json.ts'
import { parseWheres } from './parse-where.ts'
import type { ParsedFinding, ParsedReply, Severity, Verdict, Where } from './types.ts'

export { parseWhere, parseWheres } from './parse-where.ts'

type Key = 'severity' | 'where' | 'what' | 'why' | 'verdict'

// Optional bullet/number/quote/heading, optional emphasis or backticks around the key.
const KEY_LINE = /^(?:[-*+•>]\s+|\d+[.)]\s+|#{1,6}\s+)?[*_`]*\s*(severity|where|what|why|verdict)\s*[*_`]*\s*[:：]\s*(.*)$/i

const SEVERITY_WORDS: Record<string, Severity> = {
  block: 'BLOCK',
  blocker: 'BLOCK',
  warn: 'WARN',
  warning: 'WARN',
  info: 'INFO',
  nit: 'INFO',
}

// A reviewer withdrawing its own finding ("Opus emitted a BLOCK then self-retracted").
const RETRACTION =
  /\b(retract(?:ed|ing|s)?|withdraw(?:n|ing|s)?|on (?:second thought|reflection|re-?reading)|false positive|disregard (?:this|that|the above)|ignore this finding)\b/i

interface Draft {
  severity?: string
  wheres: string[]
  what?: string
  why?: string
  lastKey?: Key | undefined
  afterBlank?: boolean
  raw: string[]
}

const emptyDraft = (): Draft => ({ wheres: [], raw: [] })

// Reasoning some endpoints leave in the reply: not the review.
const THINKING = /<(think|thinking|reasoning)>[\s\S]*?(?:<\/\1>|$)/gi

/** The reply as a review: without reasoning left in it and without its VERDICT lines. */
export function reviewText(reply: string): string {
  return reply.replace(THINKING, '').replace(/^.*\bverdict\b\W*[:：].*$/gim, '')
}

export function parseReply(reply: string): ParsedReply {
  const json = readJsonReply(reply)
  if (json) {
    const findings = json.findings.flatMap((f) => toFindings(f.severity, [f.where], f.what, f.why) ?? [])
    const v = json.verdict === undefined ? undefined : parseVerdict(json.verdict)
    return { findings, ...(v ? { verdict: v.verdict } : {}), verdictSummary: v?.summary ?? '', unparsed: json.unparsed }
  }

  const findings: ParsedFinding[] = []
  const unparsed: string[] = []
  const prose: string[] = []
  let verdict: Verdict | undefined
  let verdictSummary = ''
  let awaitingVerdict = false
  let draft = emptyDraft()

  const finish = (): void => {
    const parsed = toFindings(draft.severity, draft.wheres, draft.what ?? '', draft.why ?? '')
    if (parsed) findings.push(...parsed)
    else if (draft.raw.length > 0) unparsed.push(draft.raw.join('\n'))
    draft = emptyDraft()
  }

  for (const rawLine of reply.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (awaitingVerdict && line !== '') {
      awaitingVerdict = false
      const v = parseVerdict(line)
      if (v && worse(v.verdict, verdict)) ({ verdict, summary: verdictSummary } = v)
      continue
    }
    const m = KEY_LINE.exec(line)
    if (!m) {
      if (line === '' || line.startsWith('```')) {
        draft.lastKey = undefined
        draft.afterBlank = draft.raw.length > 0
      } else if (draft.lastKey === 'what' || draft.lastKey === 'why') {
        draft[draft.lastKey] = `${draft[draft.lastKey]} ${stripEmphasis(line)}`
        draft.raw.push(line)
      } else {
        prose.push(line)
      }
      continue
    }
    const key = (m[1] ?? '').toLowerCase() as Key
    const value = stripEmphasis(m[2] ?? '')
    if (key === 'verdict') {
      finish()
      const v = parseVerdict(value)
      if (v && worse(v.verdict, verdict)) ({ verdict, summary: verdictSummary } = v)
      else if (!v) awaitingVerdict = value === ''
      continue
    }
    // A new SEVERITY, a repeated key, a WHERE after the text, or any key after a
    // blank line that followed the text starts the next finding. Consecutive
    // WHERE lines before the text are one finding at several locations.
    const hasText = draft.what !== undefined || draft.why !== undefined
    if (
      (key === 'severity' && draft.raw.length > 0) ||
      ((key === 'what' || key === 'why' || key === 'severity') && draft[key] !== undefined) ||
      (key === 'where' && hasText) ||
      (draft.afterBlank && hasText)
    )
      finish()
    if (key === 'where') draft.wheres.push(value)
    else if (draft[key] === undefined) draft[key] = value
    draft.lastKey = key
    draft.afterBlank = false
    draft.raw.push(line)
  }
  finish()
  retractFromProse(findings, prose)
  return { findings, ...(verdict ? { verdict } : {}), verdictSummary, unparsed }
}

/** One finding per location; undefined when the block lacks a severity or a location. */
function toFindings(
  severityText: string | undefined,
  whereTexts: readonly string[],
  what: string,
  why: string,
): ParsedFinding[] | undefined {
  const severity = parseSeverity(severityText)
  if (severity === undefined || whereTexts.length === 0) return undefined
  const retracted = RETRACTION.test(`${what} ${why}`)
  return whereTexts.flatMap(parseWheres).map((w) => ({
    severity,
    whereText: w.text,
    ...(w.where ? { where: w.where } : {}),
    what: what.trim(),
    why: why.trim(),
    ...(retracted ? { retracted: true } : {}),
  }))
}

/** "Retracting the BLOCK at src/a.ts:42" after the blocks withdraws the finding cited there. */
function retractFromProse(findings: ParsedFinding[], prose: readonly string[]): void {
  for (const line of prose.filter((l) => RETRACTION.test(l))) {
    for (const cited of line.match(/[\w./-]+\.[\w]+(?::L?\d+|#L\d+)?/g) ?? []) {
      const target = parseWheres(cited)[0]?.where
      if (!target) continue
      findings.forEach((f, i) => {
        if (f.where && sameWhere(f.where, target)) findings[i] = { ...f, retracted: true }
      })
    }
  }
}

function sameWhere(a: Where, b: Where): boolean {
  const pathMatch = a.path === b.path || a.path.endsWith(`/${b.path}`) || b.path.endsWith(`/${a.path}`)
  return pathMatch && (b.startLine === undefined || a.startLine === b.startLine)
}

const VERDICT_RANK: Record<Verdict, number> = { ship: 1, 'ship-with-fixes': 2, hold: 3 }

/** Several VERDICT lines (or a reply merged from parts): the most severe one stands. */
function worse(candidate: Verdict, current: Verdict | undefined): boolean {
  return current === undefined || VERDICT_RANK[candidate] >= VERDICT_RANK[current]
}

function stripEmphasis(value: string): string {
  return value
    .trim()
    .replace(/^[*_]+\s*/, '')
    .replace(/\s*[*_]+$/, '')
    .trim()
}

function parseSeverity(value: string | undefined): Severity | undefined {
  const word = /[A-Za-z]+/.exec(value ?? '')?.[0]?.toLowerCase()
  return word === undefined ? undefined : SEVERITY_WORDS[word]
}

function parseVerdict(value: string): { verdict: Verdict; summary: string } | undefined {
  const m = /^[*_`\s]*(ship[- ]with[- ]fixes|ship|hold)\b[*_`]*\s*[-–—:,.]*\s*(.*)$/i.exec(value.trim())
  if (!m) return undefined
  const word = (m[1] ?? '').toLowerCase()
  const verdict: Verdict = word.startsWith('ship') && word.length > 4 ? 'ship-with-fixes' : (word as Verdict)
  return { verdict, summary: (m[2] ?? '').trim() }
}
