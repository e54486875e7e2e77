// Planning straight from parsed files, as the pipeline does with `context: hunk`.
import type { FileDiff } from '../../src/core/diff/types.ts'
import { planReview, type PlanOptions, type ReviewPlan } from '../../src/core/plan/plan.ts'
import { selectFiles } from '../../src/core/plan/select.ts'
import type { SkippedFile } from '../../src/core/plan/types.ts'

export function planFiles(
  files: readonly FileDiff[],
  options: Partial<PlanOptions> & { exclude?: readonly string[] },
  gaps: readonly SkippedFile[] = [],
): ReviewPlan {
  const selection = selectFiles(files, options.exclude ?? [])
  return planReview(
    { files, ...selection },
    { components: [], bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000, numberedLines: true, ...options },
    gaps,
  )
}
