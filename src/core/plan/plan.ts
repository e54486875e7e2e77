// FileDiff[] → what will be reviewed: selection, bundles, budget, and warnings.
import { countHidden } from '../text/hidden.ts'
import type { FileDiff } from '../diff/types.ts'
import { applyBudget, type BudgetLimits } from './budget.ts'
import { briefBundles, type BriefOptions } from './brief.ts'
import { planBundles } from './bundle.ts'
import type { ComponentRule } from './components.ts'
import type { Selection } from './select.ts'
import type { Bundle, SkippedFile } from './types.ts'

export interface PlanOptions extends BriefOptions {
  readonly components: readonly ComponentRule[]
  readonly bundleMaxBytes: number
  readonly bundleHardMaxBytes: number
  /** Prefix hunk lines with new-side line numbers. */
  readonly numberedLines: boolean
  readonly budget?: BudgetLimits | undefined
}

export interface ReviewPlan {
  /** Every file of the diff, reviewable or not: findings are located against all of them. */
  readonly files: readonly FileDiff[]
  readonly bundles: readonly Bundle[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
}

/** The diff after selection: every file, and the reviewable ones as they will be shown (with their context). */
export interface Selected extends Selection {
  readonly files: readonly FileDiff[]
}

/** `knownGaps`: changes the shell knows exist but could not fetch. */
export function planReview(selected: Selected, options: PlanOptions, knownGaps: readonly SkippedFile[] = []): ReviewPlan {
  const { files, reviewable, skipped } = selected
  const limits = { maxBytes: options.bundleMaxBytes, hardMaxBytes: options.bundleHardMaxBytes, numbered: options.numberedLines }
  const plan = planBundles(reviewable, limits, options.components)
  const briefed = briefBundles(plan.bundles, options)
  const budget = options.budget ? applyBudget(briefed.bundles, options.budget) : { kept: briefed.bundles, dropped: [] }
  return {
    files,
    bundles: budget.kept,
    skipped: [...skipped, ...plan.skipped, ...knownGaps, ...budget.dropped],
    warnings: [...plan.warnings, ...briefed.warnings, ...hiddenCharacterWarnings(reviewable), ...(budget.note ? [budget.note] : [])],
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
