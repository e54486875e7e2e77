// The review phase shared by the action and the CLI: every reviewer on every
// bundle, replies scrubbed of known secrets as they arrive, and (optionally)
// thin replies asked again on the bundle split in half.
import { halveBundle, isThin, mergeHalves } from '../core/retry.ts'
import { redactSecrets } from '../core/sanitize.ts'
import type { Bundle, ReviewResult } from '../core/types.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import { reviewAll } from './fanout.ts'
import type { ReviewClient } from './models.ts'

export interface ReviewPhase {
  readonly reviewers: readonly ReviewerEndpoint[]
  readonly bundles: readonly Bundle[]
  readonly client: ReviewClient
  readonly concurrency: number
  readonly secrets: readonly string[]
  readonly retryThin: boolean
  readonly onResult?: (result: ReviewResult) => void
}

export async function runReviews(phase: ReviewPhase): Promise<ReviewResult[]> {
  const scrubbed: ReviewClient = async (reviewer, bundle) => {
    const result = await phase.client(reviewer, bundle)
    return { ...result, reply: redactSecrets(result.reply, phase.secrets) }
  }
  const results = await reviewAll(phase.reviewers, phase.bundles, scrubbed, phase.concurrency, phase.onResult)
  if (!phase.retryThin) return results

  const bundleById = new Map(phase.bundles.map((b) => [b.id, b]))
  const reviewerByName = new Map(phase.reviewers.map((r) => [r.name, r]))
  return Promise.all(results.map(async (result) => {
    const bundle = bundleById.get(result.bundleId)!
    const halves = isThin(result, bundle.bytes) ? halveBundle(bundle) : []
    if (halves.length === 0) return result
    const reviewer = reviewerByName.get(result.reviewer)!
    const answers = await reviewAll([reviewer], halves, scrubbed, phase.concurrency, phase.onResult)
    return mergeHalves(result, answers)
  }))
}
