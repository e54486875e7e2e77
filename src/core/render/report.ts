// Small pieces of text every renderer shares.
import type { Report } from '../verdict/types.ts'

export const COMMENT_MARKER = '<!-- cross-lineage-review:sticky -->'

export function locationText(path: string, startLine?: number, endLine?: number): string {
  if (startLine === undefined) return path
  return endLine !== undefined && endLine !== startLine ? `${path}:${startLine}-${endLine}` : `${path}:${startLine}`
}

export function headline(report: Report): string {
  return `${report.tally.convergent} convergent / ${report.tally.distinct} distinct`
}
