// Every reviewer on every bundle, all asked at once: the client paces each
// reviewer on its own (models.ts), so no reviewer waits behind another's calls.
// Replies are scrubbed of known secrets and parsed the moment they arrive; a
// stored reply to a byte-identical bundle is reused instead of asked again;
// with `retry-thin`, a thin reply is asked again on the bundle split in half.
import type { Bundle } from '../core/plan/types.ts'
import { reuseKey, type StoredReply } from '../core/reply/reuse.ts'
import { toReview } from '../core/reply/review.ts'
import { halveBundle, mergeHalves } from '../core/reply/thin.ts'
import type { CallResult, Review } from '../core/reply/types.ts'
import { redactSecrets } from '../core/text/sanitize.ts'
import type { Price } from '../config/cost.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import type { ReviewClient } from './models.ts'

export interface FanOut {
  readonly reviewers: readonly ReviewerEndpoint[]
  readonly bundles: readonly Bundle[]
  readonly client: ReviewClient
  readonly maxTokens: number
  readonly retryThin: boolean
  /** USD per million tokens by model, for endpoints that do not report cost. */
  readonly prices: ReadonlyMap<string, Price>
  readonly secrets: readonly string[]
  /** Replies from the previous run, by reuseKey; a hit is reused instead of asked. */
  readonly reuse?: ReadonlyMap<string, StoredReply>
  readonly onReview?: (review: Review) => void
}

export async function reviewAll(run: FanOut): Promise<Review[]> {
  const ask = (reviewer: ReviewerEndpoint, bundle: Bundle): Promise<CallResult> => callOnce(run, reviewer, bundle)
  const report = (review: Review): Review => {
    run.onReview?.(review)
    return review
  }
  return Promise.all(
    run.bundles.flatMap((bundle) =>
      run.reviewers.map(async (reviewer) => {
        const review = toReview(await ask(reviewer, bundle), bundle)
        const halves = run.retryThin && review.thin ? halveBundle(bundle) : []
        if (halves.length === 0) return report(review)
        const answers = await Promise.all(halves.map((half) => ask(reviewer, half)))
        return report(toReview(mergeHalves(review, answers), bundle))
      }),
    ),
  )
}

async function callOnce(run: FanOut, reviewer: ReviewerEndpoint, bundle: Bundle): Promise<CallResult> {
  const stored = run.reuse?.get(reuseKey(bundle, reviewer, run.maxTokens))
  if (stored && stored.reviewer === reviewer.name) {
    return { ...stored, bundleId: bundle.id, outcome: 'answered', reply: redactSecrets(stored.reply, run.secrets), reused: true }
  }
  const call = await run.client(reviewer, bundle)
  const price = run.prices.get(reviewer.model)
  const cost = call.costUsd ?? (price ? (call.tokensIn * price.inputPerMillion + call.tokensOut * price.outputPerMillion) / 1e6 : undefined)
  const reason = call.reason === undefined ? {} : { reason: redactSecrets(call.reason, run.secrets) }
  return { ...call, ...reason, reply: redactSecrets(call.reply, run.secrets), ...(cost === undefined ? {} : { costUsd: cost }) }
}
