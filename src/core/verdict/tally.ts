// ReviewResult[] → Tally. A location is convergent when reviewers of at least
// two distinct lineages flag it; one model (or one lineage) repeating itself
// is not convergence. Retracted findings are listed, never counted.
import { groupFindings } from './match.ts'
import { locate, type DiffIndex } from './locate.ts'
import { parseReply } from '../reply/parse.ts'
import { isThin } from '../reply/thin.ts'
import type { Bundle } from '../plan/types.ts'
import type { ParsedReply, ReviewResult, Reviewer } from '../reply/types.ts'
import type { BundleCoverage, Finding, IncompleteReview, ReviewerSummary, Tally, ThinReply } from './types.ts'

export { SEVERITY_RANK } from './match.ts'

/** Default `line-window`: citations this many lines apart still name the same place. */
export const DEFAULT_LINE_WINDOW = 3

export interface TallyInput {
  readonly reviewers: readonly Reviewer[]
  readonly bundles: readonly Bundle[]
  readonly results: readonly ReviewResult[]
  readonly index: DiffIndex
  readonly lineWindow?: number
}

/** A complete call whose reply holds neither a finding nor a verdict reviewed nothing. */
export function effectiveStatus(
  result: ReviewResult,
  parsed: ParsedReply,
  bundleBytes: number,
): { complete: boolean; reason?: string; thin?: boolean } {
  if (result.status !== 'complete') return { complete: false, reason: result.reason ?? 'incomplete' }
  if (isThin(result, bundleBytes, parsed)) {
    return {
      complete: false,
      thin: true,
      reason: `thin reply: ${result.tokensOut} output tokens for ${bundleBytes} bytes, no finding and no VERDICT line (the reviewer disengaged)`,
    }
  }
  if (parsed.findings.length === 0 && parsed.verdict === undefined) {
    return { complete: false, reason: 'reply had no parseable finding and no VERDICT line' }
  }
  return { complete: true }
}

export function tallyReviews(input: TallyInput): Tally {
  const lineageOf = new Map(input.reviewers.map((r) => [r.name, r.lineage]))
  const bytesOf = new Map(input.bundles.map((b) => [b.id, b.bytes]))
  const counted: Finding[] = []
  const retracted: Finding[] = []
  const incomplete: IncompleteReview[] = []
  const thin: ThinReply[] = []
  const perReviewer = new Map<string, MutableSummary>(input.reviewers.map((r) => [r.name, emptySummary(r)]))
  const completeByBundle = new Map<string, string[]>(input.bundles.map((b) => [b.id, []]))

  for (const result of input.results) {
    const parsed = parseReply(result.reply)
    const bytes = bytesOf.get(result.bundleId) ?? 0
    const status = effectiveStatus(result, parsed, bytes)
    const summary = perReviewer.get(result.reviewer)
    if (!status.complete) {
      incomplete.push({ reviewer: result.reviewer, bundleId: result.bundleId, reason: status.reason! })
      const thinReply = status.thin === true
      if (thinReply) thin.push({ reviewer: result.reviewer, bundleId: result.bundleId, tokensOut: result.tokensOut, bundleBytes: bytes })
      if (summary) accumulate(summary, result, parsed, [], false, thinReply)
      continue
    }
    completeByBundle.get(result.bundleId)?.push(result.reviewer)
    const findings = parsed.findings.map((f): Finding => ({
      reviewer: result.reviewer,
      lineage: lineageOf.get(result.reviewer) ?? result.reviewer,
      bundleId: result.bundleId,
      severity: f.severity,
      whereText: f.whereText,
      what: f.what,
      why: f.why,
      location: locate(f.where, f.whereText, input.index),
      ...(f.retracted ? { retracted: true } : {}),
    }))
    counted.push(...findings.filter((f) => !f.retracted))
    retracted.push(...findings.filter((f) => f.retracted))
    if (summary) accumulate(summary, result, parsed, findings, true)
  }

  const groups = groupFindings(counted, input.lineWindow ?? DEFAULT_LINE_WINDOW, input.index)
  const coverage: BundleCoverage[] = input.bundles.map((b): BundleCoverage => ({
    bundleId: b.id,
    complete: completeByBundle.get(b.id) ?? [],
    incomplete: incomplete.filter((i) => i.bundleId === b.id),
  }))
  return {
    groups,
    convergent: groups.filter((g) => g.convergent).length,
    distinct: groups.length,
    perReviewer: [...perReviewer.values()],
    coverage,
    incomplete,
    retracted,
    thin,
  }
}

type MutableSummary = { -readonly [K in keyof ReviewerSummary]: ReviewerSummary[K] } & {
  verdicts: ReviewerSummary['verdicts'][number][]
}

function emptySummary(r: Reviewer): MutableSummary {
  return {
    reviewer: r.name,
    model: r.model,
    complete: 0,
    incomplete: 0,
    verdicts: [],
    findings: 0,
    offDiff: 0,
    unknownPath: 0,
    retracted: 0,
    thin: 0,
    unparsed: 0,
    latencyMs: 0,
    tokensIn: 0,
    tokensOut: 0,
    reused: 0,
  }
}

function accumulate(
  s: MutableSummary,
  result: ReviewResult,
  parsed: ParsedReply,
  findings: readonly Finding[],
  complete: boolean,
  thin = false,
): void {
  if (complete) s.complete++
  else s.incomplete++
  s.thin += thin ? 1 : 0
  s.latencyMs += result.latencyMs
  s.tokensIn += result.tokensIn
  s.tokensOut += result.tokensOut
  if (result.costUsd !== undefined) s.costUsd = (s.costUsd ?? 0) + result.costUsd
  if (result.reused) s.reused++
  if (!complete) return
  s.findings += findings.length
  s.offDiff += findings.filter((f) => f.location.label === 'off-diff').length
  s.unknownPath += findings.filter((f) => f.location.label === 'unknown-path').length
  s.retracted += findings.filter((f) => f.retracted).length
  s.unparsed += parsed.unparsed.length
  s.verdicts.push({ bundleId: result.bundleId, ...(parsed.verdict ? { verdict: parsed.verdict } : {}), summary: parsed.verdictSummary })
}
