// FileDiff[] → what will be reviewed: selection, bundles, and warnings.
import { applyBudget, type BudgetLimits } from './budget.ts'
import { planBundles } from './bundle.ts'
import type { ComponentRule } from './components.ts'
import { countHidden } from '../text/hidden.ts'
import { indexDiff, type DiffIndex } from '../verdict/locate.ts'
import { selectFiles } from './select.ts'
import type { FileDiff } from '../diff/types.ts'
import type { Bundle, SkippedFile } from './types.ts'

export interface PlanOptions {
  readonly exclude: readonly string[]
  readonly components?: readonly ComponentRule[]
  readonly bundleMaxBytes: number
  readonly bundleHardMaxBytes: number
  /** Prefix hunk lines with new-side line numbers; default true. */
  readonly numberedLines?: boolean
  readonly budget?: BudgetLimits
}

export interface ReviewPlan {
  readonly index: DiffIndex
  readonly bundles: readonly Bundle[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
}

/** `knownGaps`: changes the shell knows exist but could not fetch. */
export function planReview(files: readonly FileDiff[], options: PlanOptions, knownGaps: readonly SkippedFile[] = []): ReviewPlan {
  const { reviewable, skipped } = selectFiles(files, options.exclude)
  const limits = { maxBytes: options.bundleMaxBytes, hardMaxBytes: options.bundleHardMaxBytes, numbered: options.numberedLines ?? true }
  const plan = planBundles(reviewable, limits, options.components)
  const budget = options.budget ? applyBudget(plan.bundles, options.budget) : { kept: plan.bundles, dropped: [] }
  return {
    index: indexDiff(files),
    bundles: budget.kept,
    skipped: [...skipped, ...plan.skipped, ...knownGaps, ...budget.dropped],
    warnings: [...plan.warnings, ...hiddenCharacterWarnings(reviewable), ...(budget.note ? [budget.note] : [])],
  }
}

function hiddenCharacterWarnings(files: readonly FileDiff[]): string[] {
  return files.flatMap((f) => {
    const n = f.hunks.reduce((sum, h) => sum + h.lines.reduce((s, l) => s + countHidden(l.text), 0), 0)
    return n === 0
      ? []
      : [`${f.path}: ${n} hidden character(s) (bidi control, zero-width or tag) in the diff, shown to reviewers as <U+XXXX>`]
  })
}
