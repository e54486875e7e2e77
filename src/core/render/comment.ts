// The sticky PR comment: the report behind a hidden marker.
import { renderMarkdown } from './markdown.ts'
import { COMMENT_MARKER, type Report } from './report.ts'

// > "body is too long (maximum is 65536 characters)" (GitHub's 422 on issue comments)
export const COMMENT_MAX = 65_536

export function renderComment(report: Report): string {
  return renderMarkdown(report, COMMENT_MAX, `${COMMENT_MARKER}\n`)
}
