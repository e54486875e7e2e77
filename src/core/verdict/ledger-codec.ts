// The ledger ↔ a hidden block in the sticky comment: compact JSON, gzipped,
// base64, within a fixed share of the comment. The oldest findings that are
// no longer reported are summarised into counts first; the current ones stay.
// A block that does not decode to a well-formed ledger is ignored (the next
// run starts a new one): state people can edit never fails the gate.
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Severity } from '../reply/types.ts'
import { DISMISS_REASONS, type DismissReason } from './commands.ts'
import { OUTCOMES, type Ledger, type LedgerEntry, type LedgerSummary, type Outcome, type OutcomeCounts } from './history-types.ts'

const OPEN = '<!-- cross-lineage-review:ledger v1 '
const CLOSE = ' -->'
/** Room the ledger may take in the sticky comment. */
export const LEDGER_MAX_CHARS = 20_000

type Packed = [
  id: string,
  path: string,
  lines: string,
  context: string,
  severity: Severity,
  lineages: string[],
  reviewers: string[],
  agreement: number,
  gated: 0 | 1,
  first: string,
  last: string,
  outcome: Outcome,
  reason: DismissReason | '',
  dismissedBy: number,
  dismissedLines: string,
]

const pack = (e: LedgerEntry): Packed => [
  e.id,
  e.identity.path,
  e.identity.lines.join('.'),
  (e.identity.context ?? []).join('.'),
  e.severity,
  [...e.lineages],
  [...e.reviewers],
  e.agreement,
  e.gated ? 1 : 0,
  e.first,
  e.last,
  e.outcome,
  e.reason ?? '',
  e.dismissedLines?.command ?? 0,
  e.dismissedLines?.lines.join('.') ?? '',
]

const split = (s: string): string[] => (s === '' ? [] : s.split('.'))

function unpack(p: Packed): LedgerEntry {
  const [id, path, lines, context, severity, lineages, reviewers, agreement, gated, first, last, outcome, reason, by, dLines] = p
  return {
    id,
    identity: { path, lines: split(lines), context: split(context) },
    severity,
    lineages,
    reviewers,
    agreement,
    gated: gated === 1,
    first,
    last,
    outcome,
    ...(reason === '' ? {} : { reason }),
    ...(by === 0 ? {} : { dismissedLines: { command: by, lines: split(dLines) } }),
  }
}

/** The hidden block for the comment: every current finding, and as many earlier ones as fit, the rest summarised. */
export function encodeLedger(ledger: Ledger, maxChars = LEDGER_MAX_CHARS): string {
  const current = ledger.entries.filter((e) => e.last === ledger.head?.slice(0, 12))
  // The ledger lists what was reported most recently first.
  const earlier = ledger.entries.filter((e) => !current.includes(e))
  const block = (kept: number): string => {
    const older = summarise(earlier.slice(kept), ledger.older)
    const body = {
      h: ledger.head ?? '',
      r: ledger.record,
      e: [...current, ...earlier.slice(0, kept)].map(pack),
      ...(older ? { o: older } : {}),
    }
    return `${OPEN}${gzipSync(JSON.stringify(body)).toString('base64')}${CLOSE}`
  }
  // The most earlier entries that fit (binary search: each try is one gzip).
  let [lo, hi] = [0, earlier.length]
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (block(mid).length <= maxChars) lo = mid
    else hi = mid - 1
  }
  return block(lo)
}

/** Entries summarised into counts, added to what was summarised before. */
export function summarise(entries: readonly LedgerEntry[], before: LedgerSummary | undefined): LedgerSummary | undefined {
  if (entries.length === 0) return before
  const byLineage: Record<string, Record<Outcome, number>> = clone(before?.byLineage)
  const byAgreement: Record<string, Record<Outcome, number>> = clone(before?.byAgreement)
  let falsePositiveBlocks = before?.falsePositiveBlocks ?? 0
  for (const e of entries) {
    for (const l of e.lineages) (byLineage[l] ??= zero())[e.outcome]++
    ;(byAgreement[String(Math.min(3, e.agreement))] ??= zero())[e.outcome]++
    if (e.outcome === 'dismissed' && e.reason === 'false-positive' && e.severity === 'BLOCK' && e.agreement >= 2) falsePositiveBlocks++
  }
  return { byLineage, byAgreement, falsePositiveBlocks }
}

const zero = (): Record<Outcome, number> => ({ open: 0, addressed: 0, vanished: 0, dismissed: 0 })
const clone = (r: Readonly<Record<string, OutcomeCounts>> | undefined): Record<string, Record<Outcome, number>> =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, { ...v }]))

export type Decoded = { readonly ledger?: Ledger; readonly problem?: string }

/** The ledger a comment carries: none when it has no block, a problem when the block is damaged. */
export function decodeLedger(commentBody: string | undefined): Decoded {
  const start = commentBody?.lastIndexOf(OPEN) ?? -1
  if (commentBody === undefined || start < 0) return {}
  const end = commentBody.indexOf(CLOSE, start + OPEN.length)
  try {
    const data: unknown = JSON.parse(gunzipSync(Buffer.from(commentBody.slice(start + OPEN.length, end), 'base64')).toString('utf8'))
    const ledger = asLedger(data)
    return ledger ? { ledger } : { problem: 'the findings ledger in the last comment is not well-formed' }
  } catch {
    return { problem: 'the findings ledger in the last comment is damaged' }
  }
}

const isStr = (v: unknown): v is string => typeof v === 'string'
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr)
const HEX = /^[0-9a-f]*$/
const hashes = (v: unknown): boolean => isStr(v) && (v === '' || v.split('.').every((h) => /^[0-9a-f]{8}$/.test(h)))

function isPacked(p: unknown): p is Packed {
  if (!Array.isArray(p) || p.length !== 15) return false
  const [id, path, lines, context, severity, lineages, reviewers, agreement, gated, first, last, outcome, reason, by, dLines] =
    p as unknown[]
  return (
    isStr(id) &&
    /^[0-9a-f]{7}$/.test(id) &&
    isStr(path) &&
    /^[0-9a-f]{8}$/.test(path) &&
    hashes(lines) &&
    hashes(context) &&
    ['BLOCK', 'WARN', 'INFO'].includes(severity as string) &&
    isStrs(lineages) &&
    isStrs(reviewers) &&
    isNum(agreement) &&
    (gated === 0 || gated === 1) &&
    isStr(first) &&
    HEX.test(first) &&
    isStr(last) &&
    HEX.test(last) &&
    (OUTCOMES as readonly unknown[]).includes(outcome) &&
    (reason === '' || (DISMISS_REASONS as readonly unknown[]).includes(reason)) &&
    isNum(by) &&
    hashes(dLines)
  )
}

function asLedger(data: unknown): Ledger | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const d = data as { h?: unknown; r?: unknown; e?: unknown; o?: unknown }
  if (!isStr(d.h) || !HEX.test(d.h) || !Array.isArray(d.e) || !d.e.every(isPacked)) return undefined
  const r = d.r as Record<string, unknown> | null | undefined
  if (typeof r !== 'object' || r === null || !['runs', 'failed', 'overruled', 'costUsd'].every((k) => isNum(r[k]))) return undefined
  const older = d.o === undefined ? undefined : asSummary(d.o)
  if (d.o !== undefined && older === undefined) return undefined
  return {
    ...(d.h === '' ? {} : { head: d.h }),
    entries: d.e.map(unpack),
    record: { runs: r.runs as number, failed: r.failed as number, overruled: r.overruled as number, costUsd: r.costUsd as number },
    ...(older ? { older } : {}),
  }
}

function asSummary(o: unknown): LedgerSummary | undefined {
  if (typeof o !== 'object' || o === null) return undefined
  const s = o as Partial<LedgerSummary>
  const counts = (v: unknown): boolean =>
    typeof v === 'object' &&
    v !== null &&
    Object.values(v).every((c) => typeof c === 'object' && c !== null && OUTCOMES.every((k) => isNum((c as Record<string, unknown>)[k])))
  if (!counts(s.byLineage) || !counts(s.byAgreement) || !isNum(s.falsePositiveBlocks)) return undefined
  return s as LedgerSummary
}
