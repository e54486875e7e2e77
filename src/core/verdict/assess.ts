// Reviews → tally, gate and the report every renderer works from.
import type { ReviewPlan } from '../plan/plan.ts'
import type { GuidanceSource } from '../plan/types.ts'
import type { Review, Reviewer } from '../reply/types.ts'
import { evaluateGate, type GatePolicy } from './gate.ts'
import { indexDiff } from './locate.ts'
import { tallyReviews } from './tally.ts'
import type { PolicySource, Report, RepositoryLinks } from './types.ts'

export interface AssessInput {
  readonly plan: ReviewPlan
  readonly reviews: readonly Review[]
  readonly reviewers: readonly Reviewer[]
  readonly policy: GatePolicy & { readonly lineWindow: number }
  readonly label: string
  readonly warnings?: readonly string[]
  readonly source?: PolicySource | undefined
  readonly links?: RepositoryLinks
  readonly guidance?: GuidanceSource
}

export function assess(input: AssessInput): Report {
  const tally = tallyReviews({
    reviewers: input.reviewers,
    bundles: input.plan.bundles,
    reviews: input.reviews,
    index: indexDiff(input.plan.files),
    lineWindow: input.policy.lineWindow,
  })
  return {
    tally,
    conclusion: evaluateGate(tally, input.policy, input.plan.skipped),
    failOn: input.policy.failOn,
    minReviewers: input.policy.minReviewers,
    reviewers: input.reviewers.map(({ name, model, lineage, baseURL, keySource }) => ({ name, model, lineage, baseURL, keySource })),
    bundles: input.plan.bundles,
    reviews: input.reviews,
    skipped: input.plan.skipped,
    warnings: [...(input.warnings ?? []), ...input.plan.warnings],
    label: input.label,
    ...(input.source ? { policy: input.source } : {}),
    ...(input.links ? { links: input.links } : {}),
    ...(input.guidance ? { guidance: input.guidance } : {}),
  }
}
