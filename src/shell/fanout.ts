// Every reviewer × every bundle, at most `concurrency` calls at once.
import pLimit from 'p-limit'
import type { Bundle } from '../core/plan/types.ts'
import type { ReviewResult } from '../core/reply/types.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import type { ReviewClient } from './models.ts'

export async function reviewAll(
  reviewers: readonly ReviewerEndpoint[],
  bundles: readonly Bundle[],
  client: ReviewClient,
  concurrency: number,
  onResult: (result: ReviewResult) => void = () => {},
): Promise<ReviewResult[]> {
  const limit = pLimit(concurrency)
  const calls = bundles.flatMap((bundle) =>
    reviewers.map((reviewer) =>
      limit(async () => {
        const result = await client(reviewer, bundle)
        onResult(result)
        return result
      }),
    ),
  )
  return Promise.all(calls)
}
