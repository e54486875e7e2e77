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

/** One bullet per item, at most `max`, then a line saying how many more the tally-json holds. */
export function bullets<T>(items: readonly T[], max: number, line: (item: T) => string): string[] {
  const more = items.length - max
  return [...items.slice(0, max).map(line), ...(more > 0 ? [`- …and ${more} more in the tally-json output`] : [])]
}
