// Review[] → Tally. A location is convergent when reviewers of at least
// two distinct lineages flag it; one model (or one lineage) repeating itself
// is not convergence. Retracted findings are listed, never counted.
import type { Bundle } from '../plan/types.ts'
import type { Review, Reviewer, Where } from '../reply/types.ts'
import { locate, type DiffIndex } from './locate.ts'
import { groupFindings } from './match.ts'
import { summarizeReviewer } from './summary.ts'
import { unreadSignals } from './unread.ts'
import type { BundleCoverage, Finding, IncompleteReview, ProposedFix, Tally } from './types.ts'

/** Default `line-window`: citations this many lines apart still name the same place. */
export const DEFAULT_LINE_WINDOW = 3

export interface TallyInput {
  readonly reviewers: readonly Reviewer[]
  readonly bundles: readonly Bundle[]
  readonly reviews: readonly Review[]
  readonly index: DiffIndex
  readonly lineWindow: number
}

export function tallyReviews(input: TallyInput): Tally {
  const lineageOf = new Map(input.reviewers.map((r) => [r.name, r.lineage]))
  const bytesOf = new Map(input.bundles.map((b) => [b.id, b.bytes]))
  const complete = input.reviews.filter((r) => r.complete)
  // A reply read only in part still counts for what was read; being incomplete, it does not count toward min-reviewers.
  const answered = input.reviews.filter((r) => r.complete || (r.outcome === 'answered' && !r.thin))
  const all = answered.flatMap((review) =>
    review.parsed.findings.map((f): Finding => ({
      reviewer: review.reviewer,
      lineage: lineageOf.get(review.reviewer) ?? review.reviewer,
      bundleId: review.bundleId,
      severity: f.severity,
      whereText: f.whereText,
      what: f.what,
      why: f.why,
      location: locate(f.where, f.whereText, input.index),
      ...(f.retracted ? { retracted: true } : {}),
      ...(f.fix === undefined ? {} : { fix: proposedFix(f.fix, f.where) }),
    })),
  )
  const findings = withoutRepeats(all)
  const incomplete = input.reviews
    .filter((r) => !r.complete)
    .map((r): IncompleteReview => ({ reviewer: r.reviewer, bundleId: r.bundleId, reason: r.incompleteReason ?? 'incomplete' }))
  const groups = groupFindings(
    findings.filter((f) => !f.retracted),
    input.lineWindow,
    input.index,
  )
  const coverage = input.bundles.map((b): BundleCoverage => {
    const done = complete.filter((r) => r.bundleId === b.id).map((r) => r.reviewer)
    return {
      bundleId: b.id,
      complete: done,
      lineages: [...new Set(done.map((r) => lineageOf.get(r) ?? r))],
      incomplete: incomplete.filter((i) => i.bundleId === b.id),
    }
  })
  return {
    groups,
    convergent: groups.filter((g) => g.convergent).length,
    distinct: groups.length,
    perReviewer: input.reviewers.map((r) => summarizeReviewer(r, input.reviews, findings)),
    coverage,
    incomplete,
    retracted: findings.filter((f) => f.retracted),
    thin: input.reviews
      .filter((r) => r.thin)
      .map((r) => ({ reviewer: r.reviewer, bundleId: r.bundleId, tokensOut: r.tokensOut, bundleBytes: bytesOf.get(r.bundleId) ?? 0 })),
    unread: unreadSignals(input.reviews, groups, { index: input.index, lineWindow: input.lineWindow, lineageOf }),
  }
}

function proposedFix(text: string, where: Where | undefined): ProposedFix {
  const start = where?.startLine
  return start === undefined ? { text } : { text, startLine: start, endLine: where?.endLine ?? start }
}

/** A reviewer saying the same thing at the same place twice (say, on two bundles) said it once. */
export function withoutRepeats(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const { path, startLine, endLine } = f.location
    const key = JSON.stringify([f.reviewer, path, startLine, endLine, f.severity, f.what.trim().toLowerCase(), f.retracted === true])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
