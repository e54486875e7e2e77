// Review results → tally, gate and the report every renderer works from.
import { evaluateGate, type GatePolicy } from './gate.ts'
import type { ReviewPlan } from '../plan/plan.ts'
import type { Report } from '../render/report.ts'
import { tallyReviews } from './tally.ts'
import type { ReviewResult, Reviewer } from '../reply/types.ts'

export interface AssessInput {
  readonly plan: ReviewPlan
  readonly results: readonly ReviewResult[]
  readonly reviewers: readonly Reviewer[]
  readonly policy: GatePolicy & { readonly lineWindow?: number }
  readonly subject: string
  readonly warnings?: readonly string[]
}

export function assess(input: AssessInput): Report {
  const tally = tallyReviews({
    reviewers: input.reviewers,
    bundles: input.plan.bundles,
    results: input.results,
    index: input.plan.index,
    ...(input.policy.lineWindow === undefined ? {} : { lineWindow: input.policy.lineWindow }),
  })
  return {
    tally,
    conclusion: evaluateGate(tally, input.policy, input.plan.skipped),
    failOn: input.policy.failOn,
    minReviewers: input.policy.minReviewers,
    reviewers: input.reviewers.map(({ name, model, lineage, baseURL, keySource }) => ({ name, model, lineage, baseURL, keySource })),
    bundles: input.plan.bundles,
    results: input.results,
    skipped: input.plan.skipped,
    warnings: [...(input.warnings ?? []), ...input.plan.warnings],
    subject: input.subject,
  }
}
