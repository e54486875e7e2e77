// ReviewResult[] → Tally. A location is convergent when reviewers of at least
// two distinct lineages flag it; one model (or one lineage) repeating itself
// is not convergence.
import { locate, type DiffIndex } from './locate.ts'
import { parseReply } from './parse.ts'
import type {
  Bundle, BundleCoverage, Finding, Group, IncompleteReview, ParsedReply, ReviewResult,
  Reviewer, ReviewerSummary, Severity, Tally,
} from './types.ts'

export const SEVERITY_RANK: Record<Severity, number> = { BLOCK: 3, WARN: 2, INFO: 1 }

export interface TallyInput {
  readonly reviewers: readonly Reviewer[]
  readonly bundles: readonly Bundle[]
  readonly results: readonly ReviewResult[]
  readonly index: DiffIndex
}

/** A complete call whose reply holds neither a finding nor a verdict reviewed nothing. */
export function effectiveStatus(result: ReviewResult, parsed: ParsedReply): { complete: boolean; reason?: string } {
  if (result.status !== 'complete') return { complete: false, reason: result.reason ?? 'incomplete' }
  if (parsed.findings.length === 0 && parsed.verdict === undefined) {
    return { complete: false, reason: 'reply had no parseable finding and no VERDICT line' }
  }
  return { complete: true }
}

export function tallyReviews(input: TallyInput): Tally {
  const lineageOf = new Map(input.reviewers.map((r) => [r.name, r.lineage]))
  const findings: Finding[] = []
  const incomplete: IncompleteReview[] = []
  const perReviewer = new Map<string, MutableSummary>(
    input.reviewers.map((r) => [r.name, emptySummary(r)]),
  )
  const completeByBundle = new Map<string, string[]>(input.bundles.map((b) => [b.id, []]))

  for (const result of input.results) {
    const parsed = parseReply(result.reply)
    const status = effectiveStatus(result, parsed)
    const summary = perReviewer.get(result.reviewer)
    if (summary) accumulate(summary, result, parsed, status.complete)
    if (!status.complete) {
      incomplete.push({ reviewer: result.reviewer, bundleId: result.bundleId, reason: status.reason! })
      continue
    }
    completeByBundle.get(result.bundleId)?.push(result.reviewer)
    for (const f of parsed.findings) {
      findings.push({
        reviewer: result.reviewer,
        lineage: lineageOf.get(result.reviewer) ?? result.reviewer,
        bundleId: result.bundleId,
        severity: f.severity,
        whereText: f.whereText,
        what: f.what,
        why: f.why,
        location: locate(f.where, f.whereText, input.index),
      })
    }
  }

  const groups = groupFindings(findings)
  const coverage: BundleCoverage[] = input.bundles.map((b) => ({
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
  }
}

export function locationKey(f: Finding): string {
  const { path, startLine, label } = f.location
  if (label === 'unknown-path') return `?${path}`
  return startLine === undefined ? path : `${path}:${startLine}`
}

function groupFindings(findings: readonly Finding[]): Group[] {
  const byKey = new Map<string, Finding[]>()
  for (const f of findings) {
    const key = locationKey(f)
    byKey.set(key, [...(byKey.get(key) ?? []), f])
  }
  const groups = [...byKey].map(([key, members]): Group => {
    const lineages = [...new Set(members.map((m) => m.lineage))]
    const first = members[0]!
    return {
      key,
      location: first.location,
      severity: members.reduce<Severity>((s, m) => (SEVERITY_RANK[m.severity] > SEVERITY_RANK[s] ? m.severity : s), 'INFO'),
      findings: members,
      reviewers: [...new Set(members.map((m) => m.reviewer))],
      lineages,
      convergent: lineages.length >= 2 && first.location.label !== 'unknown-path',
    }
  })
  return groups.sort(
    (a, b) =>
      Number(b.convergent) - Number(a.convergent) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.location.path.localeCompare(b.location.path) ||
      (a.location.startLine ?? 0) - (b.location.startLine ?? 0),
  )
}

type MutableSummary = { -readonly [K in keyof ReviewerSummary]: ReviewerSummary[K] } & {
  verdicts: ReviewerSummary['verdicts'][number][]
}

function emptySummary(r: Reviewer): MutableSummary {
  return {
    reviewer: r.name, model: r.model, complete: 0, incomplete: 0, verdicts: [], findings: 0,
    unparsed: 0, latencyMs: 0, tokensIn: 0, tokensOut: 0,
  }
}

function accumulate(s: MutableSummary, result: ReviewResult, parsed: ParsedReply, complete: boolean): void {
  if (complete) s.complete++
  else s.incomplete++
  s.latencyMs += result.latencyMs
  s.tokensIn += result.tokensIn
  s.tokensOut += result.tokensOut
  if (!complete) return
  s.findings += parsed.findings.length
  s.unparsed += parsed.unparsed.length
  s.verdicts.push({ bundleId: result.bundleId, ...(parsed.verdict ? { verdict: parsed.verdict } : {}), summary: parsed.verdictSummary })
}
