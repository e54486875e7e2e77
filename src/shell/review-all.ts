// The review phase shared by the action and the CLI: every reviewer on every
// bundle, replies scrubbed of known secrets as they arrive, and (optionally)
// thin replies asked again on the bundle split in half.
import { halveBundle, isThin, mergeHalves } from '../core/reply/thin.ts'
import { reuseKey, type StoredReply } from '../core/reply/reuse.ts'
import { redactSecrets } from '../core/text/sanitize.ts'
import type { Bundle } from '../core/plan/types.ts'
import type { ReviewResult } from '../core/reply/types.ts'
import type { ReviewConfig } from '../config/settings.ts'
import { reviewAll } from './fanout.ts'
import type { ReviewClient } from './models.ts'

export interface ReviewPhase {
  /** Reviewers, concurrency, retry-thin, prices and max-tokens come from here. */
  readonly config: Pick<ReviewConfig, 'reviewers' | 'concurrency' | 'retryThin' | 'prices' | 'maxTokens'>
  readonly bundles: readonly Bundle[]
  readonly client: ReviewClient
  readonly secrets: readonly string[]
  /** Replies from the previous run, by reuseKey; a hit is reused instead of asked. */
  readonly reuse?: ReadonlyMap<string, StoredReply>
  readonly onResult?: (result: ReviewResult) => void
}

export async function runReviews(phase: ReviewPhase): Promise<ReviewResult[]> {
  const scrubbed: ReviewClient = async (reviewer, bundle) => {
    const stored = phase.reuse?.get(reuseKey(bundle.text, reviewer, phase.config.maxTokens))
    if (stored && stored.reviewer === reviewer.name) {
      return {
        ...stored,
        reviewer: reviewer.name,
        bundleId: bundle.id,
        status: 'complete',
        reply: redactSecrets(stored.reply, phase.secrets),
        reused: true,
      }
    }
    const result = await phase.client(reviewer, bundle)
    const price = phase.config.prices.get(reviewer.model)
    const cost =
      result.costUsd ?? (price ? (result.tokensIn * price.inputPerMillion + result.tokensOut * price.outputPerMillion) / 1e6 : undefined)
    return { ...result, reply: redactSecrets(result.reply, phase.secrets), ...(cost === undefined ? {} : { costUsd: cost }) }
  }
  const { reviewers, concurrency } = phase.config
  const results = await reviewAll(reviewers, phase.bundles, scrubbed, concurrency, phase.onResult)
  if (!phase.config.retryThin) return results

  const bundleById = new Map(phase.bundles.map((b) => [b.id, b]))
  const reviewerByName = new Map(reviewers.map((r) => [r.name, r]))
  return Promise.all(
    results.map(async (result) => {
      const bundle = bundleById.get(result.bundleId)!
      const halves = isThin(result, bundle.bytes) ? halveBundle(bundle) : []
      if (halves.length === 0) return result
      const reviewer = reviewerByName.get(result.reviewer)!
      const answers = await reviewAll([reviewer], halves, scrubbed, concurrency, phase.onResult)
      return mergeHalves(result, answers)
    }),
  )
}
