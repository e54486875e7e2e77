// Reviews → one line per reviewer: completeness, findings, citations the diff
// does not back (a hallucination signal), latency, tokens and cost.
import type { Review, Reviewer } from '../reply/types.ts'
import type { Finding, ReviewerSummary } from './types.ts'

export function summarizeReviewer(reviewer: Reviewer, reviews: readonly Review[], findings: readonly Finding[]): ReviewerSummary {
  const mine = reviews.filter((r) => r.reviewer === reviewer.name)
  const complete = mine.filter((r) => r.complete)
  const counted = findings.filter((f) => f.reviewer === reviewer.name)
  const sum = (pick: (r: Review) => number): number => mine.reduce((n, r) => n + pick(r), 0)
  const costs = mine.flatMap((r) => (r.costUsd === undefined ? [] : [r.costUsd]))
  return {
    reviewer: reviewer.name,
    model: reviewer.model,
    complete: complete.length,
    incomplete: mine.length - complete.length,
    verdicts: complete.map((r) => ({
      bundleId: r.bundleId,
      ...(r.parsed.verdict ? { verdict: r.parsed.verdict } : {}),
      summary: r.parsed.verdictSummary,
    })),
    findings: counted.length,
    offDiff: counted.filter((f) => f.location.label === 'off-diff').length,
    unknownPath: counted.filter((f) => f.location.label === 'unknown-path').length,
    retracted: counted.filter((f) => f.retracted).length,
    thin: mine.filter((r) => r.thin).length,
    unparsed: mine.filter((r) => r.outcome === 'answered').reduce((n, r) => n + r.parsed.unparsed.length, 0),
    latencyMs: sum((r) => r.latencyMs),
    tokensIn: sum((r) => r.tokensIn),
    tokensOut: sum((r) => r.tokensOut),
    ...(costs.length > 0 ? { costUsd: costs.reduce((a, b) => a + b, 0) } : {}),
    reused: mine.filter((r) => r.reused).length,
  }
}
