// The sticky PR comment: the report behind a hidden marker.
import { renderMarkdown } from './markdown.ts'
import type { Report } from '../verdict/types.ts'
import { COMMENT_MARKER } from './report.ts'

// > "body is too long (maximum is 65536 characters)" (GitHub's 422 on issue comments)
export const COMMENT_MAX = 65_536

/** `reserve`: characters kept free for what the caller appends (the reuse block); `threads`: the review threads' lines. */
export function renderComment(report: Report, reserve = 0, threads: readonly string[] = []): string {
  return renderMarkdown(report, COMMENT_MAX - reserve, { prefix: `${COMMENT_MARKER}\n`, afterConvergent: threads })
}
