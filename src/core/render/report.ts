// Everything the renderers need, gathered once by the pipeline.
import type { Bundle, SkippedFile } from '../plan/types.ts'
import type { ReviewResult, Reviewer } from '../reply/types.ts'
import type { Conclusion, FailOn, Tally } from '../verdict/types.ts'

export interface Report {
  readonly tally: Tally
  readonly conclusion: Conclusion
  readonly failOn: FailOn
  readonly minReviewers: number
  readonly reviewers: readonly Reviewer[]
  readonly bundles: readonly Bundle[]
  /** Every model call with its verbatim (already redacted) reply: the evidence. */
  readonly results: readonly ReviewResult[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
  /** e.g. "pull request #12 at 1a2b3c4" or "diff file pr.diff". */
  readonly subject: string
}

export const COMMENT_MARKER = '<!-- cross-lineage-review:sticky -->'

export function locationText(path: string, startLine?: number, endLine?: number): string {
  if (startLine === undefined) return path
  return endLine !== undefined && endLine !== startLine ? `${path}:${startLine}-${endLine}` : `${path}:${startLine}`
}

export function headline(report: Report): string {
  return `${report.tally.convergent} convergent / ${report.tally.distinct} distinct`
}
