// Reply text → findings and a verdict. Models answer in the strict format, in
// decorated versions of it, in JSON, one finding per line, in tables or one
// heading per finding; read them all, and count what looks like a finding but
// lacks a severity or a location instead of dropping it.
import { usableFix } from './fence.ts'
import { accounts, isApproval, proseSeverity, samePath, unreadCitation, weight } from './gaps.ts'
import { readJson } from './parse-json.ts'
import { PLACEHOLDER } from './draft.ts'
import { RETRACTION, scanText, type Draft } from './parse-text.ts'
import { fileLine, parseWheres } from './parse-where.ts'
import { isChoiceList, keySeverity } from './severity.ts'
import type { ParsedFinding, ParsedReply, Severity, UnreadMark, Verdict, Where } from './types.ts'

export { parseWhere, parseWheres } from './parse-where.ts'

// Reasoning some endpoints leave in the reply: not the review.
const THINKING = /<(think|thinking|reasoning)>[\s\S]*?(?:<\/\1>|$)/gi
// Some providers drop the opening tag: everything up to a closing one is reasoning.
const UNOPENED = /^[\s\S]*?<\/(?:think|thinking|reasoning)>/i

const withoutReasoning = (reply: string): string => reply.replace(THINKING, '').replace(UNOPENED, '')

/** The reply as a review: without reasoning left in it and without its VERDICT lines. */
export function reviewText(reply: string): string {
  return withoutReasoning(reply).replace(/^.*\bverdict\b\W*[:：].*$/gim, '')
}

export function parseReply(reply: string): ParsedReply {
  return readReply(reply).parsed
}

/** A reply read, with the first unparsed block that cites a location or says BLOCK: a review that has one cannot count. */
export interface ReadReply {
  readonly parsed: ParsedReply
  readonly weighty?: { readonly text: string; readonly says: string }
}

export function readReply(reply: string): ReadReply {
  const json = readJson(withoutReasoning(reply))
  const text = scanText(json.rest)
  const findings: ParsedFinding[] = []
  const unread: { text: string; says?: string | undefined; mark: UnreadMark }[] = []
  const leave = (text: string, severity: Severity | undefined, where: string | undefined): void => {
    const at = where === undefined ? undefined : parseWheres(where).find((w) => w.where?.startLine !== undefined)
    const mark = { ...(at?.where ? { where: at.where, whereText: at.text } : {}), ...(severity ? { severity } : {}) }
    unread.push({ text, says: where ? `cites ${where}` : severity === 'BLOCK' ? 'says BLOCK' : weight(text), mark })
  }
  for (const u of json.unparsed) leave(u.text, keySeverity(u.severity).severity, u.where || undefined)
  for (const f of json.findings) {
    // An echoed schema: `{"severity": "BLOCK|WARN|INFO", "where": "path:line"}`.
    if (isChoiceList(f.severity) || PLACEHOLDER.test(f.where)) continue
    const { severity } = keySeverity(f.severity)
    const parsed = toFindings(severity, parseWheres(f.where), f.what, f.why, f.fix)
    if (parsed) findings.push(...parsed)
    else leave(JSON.stringify(f), severity, f.where || undefined)
  }
  const prose = [...text.prose]
  const tabled = new Set<ParsedFinding>()
  for (const d of text.drafts) {
    if (d.template) continue
    const parsed = fromDraft(d)
    if (parsed && d.fromTable) parsed.forEach((f) => tabled.add(f))
    if (parsed) findings.push(...parsed)
    else if (findingLike(d) && !(d.severity === undefined && isApproval(d.raw.join(' '))))
      leave(d.raw.join('\n'), d.severity, d.wheres.find((w) => w.text.trim() !== '')?.text ?? (d.file && fileLine(d.file, d.line)))
    else prose.push(...d.raw)
  }
  // A recap table repeats what was read elsewhere in the reply: the same severity at an overlapping place
  // (`pkg.json#L12-L13` in the list, `pkg.json:12` in the table) is one finding.
  const recap = [...tabled].filter((t) => findings.some((f) => !tabled.has(f) && f.severity === t.severity && overlaps(f.where, t.where)))
  if (recap.length > 0) findings.splice(0, findings.length, ...findings.filter((f) => !recap.includes(f)))
  retractFromProse(findings, [...prose, ...text.cleared])
  for (const line of prose) {
    const cited = unreadCitation(line, findings)
    if (!cited) continue
    const severity = proseSeverity(line)
    unread.push({
      text: line,
      says: `cites ${cited.text}`,
      mark: { where: cited.where, whereText: cited.text, ...(severity ? { severity } : {}) },
    })
  }
  let verdict: { verdict: Verdict; summary: string } | undefined
  for (const line of [...json.verdicts, ...text.verdicts]) {
    const v = parseVerdict(line)
    if (v && (verdict === undefined || VERDICT_RANK[v.verdict] >= VERDICT_RANK[verdict.verdict])) verdict = v
  }
  const parsed = {
    findings,
    ...(verdict ? { verdict: verdict.verdict } : {}),
    verdictSummary: verdict?.summary ?? '',
    unparsed: unread.map((u) => u.text),
    ...marksOf(unread.map((u) => u.mark)),
  }
  const weighty = unread.find((u) => u.says !== undefined)
  return { parsed, ...(weighty?.says === undefined ? {} : { weighty: { text: weighty.text, says: weighty.says } }) }
}

/** The marks worth keeping, as an optional field: a reply read whole has none. */
function marksOf(marks: readonly UnreadMark[]): { unreadMarks?: UnreadMark[] } {
  const kept = marks.filter((m) => m.where !== undefined || m.severity !== undefined)
  return kept.length === 0 ? {} : { unreadMarks: kept }
}

function fromDraft(d: Draft): ParsedFinding[] | undefined {
  const wheres = [...d.wheres]
  if (d.file !== undefined) wheres.push(...parseWheres(fileLine(d.file, d.line)))
  else if (d.line !== undefined && wheres.length === 1 && wheres[0]?.where?.startLine === undefined) {
    wheres.splice(0, 1, ...parseWheres(`${wheres[0]?.text ?? ''}:${d.line}`))
  }
  const what = d.title ?? d.what ?? ''
  const why = d.title === undefined ? (d.why ?? '') : [d.what, d.why].filter(Boolean).join(' ')
  // A block whose only text is its body (`- BLOCK`, then the location, then the text): the body says what.
  return toFindings(d.severity, wheres, what || why, what ? why : '', d.fix)
}

/** A draft that names a severity, a location or what is wrong; `Details: …` alone is prose. */
function findingLike(d: Draft): boolean {
  return (
    d.severity !== undefined ||
    d.wheres.length > 0 ||
    d.file !== undefined ||
    d.line !== undefined ||
    d.what !== undefined ||
    d.seen.has('why')
  )
}

/**
 * One finding per location; undefined when the block lacks a severity or a
 * location. A fix replaces the lines of one location, so a block citing
 * several keeps none.
 */
function toFindings(
  severity: Severity | undefined,
  wheres: readonly { text: string; where?: Where }[],
  what: string,
  why: string,
  fix?: string,
): ParsedFinding[] | undefined {
  // A block that names one place twice (a heading and a WHERE key) is one finding there.
  const located = wheres.filter(
    (w, i) => !/^[\s`*_—–:-]*(?:n\/?a|none)?[\s`*_—–-]*$/i.test(w.text) && !wheres.slice(0, i).some((v) => samePlace(v.where, w.where)),
  )
  if (severity === undefined || located.length === 0) return undefined
  const retracted = RETRACTION.test(`${what} ${why}`)
  const kept = located.length === 1 ? usableFix(fix) : undefined
  return located.map((w) => ({
    severity,
    whereText: w.text,
    ...(w.where ? { where: w.where } : {}),
    what: what.trim(),
    why: why.trim(),
    ...(retracted ? { retracted: true } : {}),
    ...(kept === undefined ? {} : { fix: kept }),
  }))
}

/** "Retracting the BLOCK at src/a.ts:42" after the blocks withdraws the finding cited there. */
function retractFromProse(findings: ParsedFinding[], prose: readonly string[]): void {
  for (const line of prose.filter((l) => RETRACTION.test(l))) {
    for (const cited of line.slice(0, 2000).match(/[\w./-]+\.[\w]+(?::L?\d+|#L\d+)?/g) ?? []) {
      const target = parseWheres(cited)[0]?.where
      if (!target) continue
      findings.forEach((f, i) => {
        if (f.where && sameWhere(f.where, target)) findings[i] = { ...f, retracted: true }
      })
    }
  }
}

function samePlace(a: Where | undefined, b: Where | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    samePath(a.path, b.path) &&
    a.startLine === b.startLine &&
    a.endLine === b.endLine &&
    a.symbol === b.symbol
  )
}

function overlaps(a: Where | undefined, b: Where | undefined): boolean {
  if (a === undefined || b === undefined) return false
  if (a.startLine === undefined || b.startLine === undefined) return samePlace(a, b)
  return accounts(a, b)
}

function sameWhere(a: Where, b: Where): boolean {
  return samePath(a.path, b.path) && (b.startLine === undefined || a.startLine === b.startLine)
}

/** Several VERDICT lines (or a reply merged from parts): the most severe one stands. */
const VERDICT_RANK: Record<Verdict, number> = { ship: 1, 'ship-with-fixes': 2, hold: 3 }

// A code review's own words count too: request changes is hold, approve is ship.
const VERDICT_WORDS: readonly [RegExp, Verdict][] = [
  [/^ship.with/, 'ship-with-fixes'],
  [/^(?:ship|approve)/, 'ship'],
  [/^(?:hold|request|changes)/, 'hold'],
]

function parseVerdict(value: string): { verdict: Verdict; summary: string } | undefined {
  // `ship | ship-with-fixes | hold`: the prompt's choices echoed back.
  if (/\b(?:ship|hold)\b[\w-]*\s*[|/]\s*(?:ship|hold)\b/i.test(value)) return undefined
  const m =
    /^[*_`\s]*(ship[-_ ]with[-_ ]fixes|ship|hold|request[-_ ]changes|changes[-_ ]requested|approved?)\b[*_`]*\s*[-–—:,.]*\s*(.*)$/i.exec(
      value.trim(),
    )
  if (!m) return undefined
  const word = (m[1] ?? '').toLowerCase()
  const verdict = VERDICT_WORDS.find(([re]) => re.test(word))?.[1] ?? 'hold'
  return { verdict, summary: (m[2] ?? '').trim() }
}
