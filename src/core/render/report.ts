// Small pieces of text every renderer shares.
import type { Group, Report } from '../verdict/types.ts'

export const COMMENT_MARKER = '<!-- cross-lineage-review:sticky -->'

export function locationText(path: string, startLine?: number, endLine?: number): string {
  if (startLine === undefined) return path
  return endLine !== undefined && endLine !== startLine ? `${path}:${startLine}-${endLine}` : `${path}:${startLine}`
}

export function headline(report: Report): string {
  return `${report.tally.convergent} convergent / ${report.tally.distinct} distinct`
}

/** The heading of the findings that are not convergent: one lineage only, unless lineages agreed on a path the diff lacks. */
export function othersHeading(groups: readonly Group[]): { title: string; why: string } {
  return groups.every((g) => g.lineages.length < 2)
    ? { title: 'Single-reviewer findings', why: 'one lineage only, not gating under convergent policies' }
    : {
        title: 'Findings that are not convergent',
        why: 'one lineage only, or a path the diff does not have; not gating under convergent policies',
      }
}
