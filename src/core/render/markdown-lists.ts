// The report's lists in markdown: incomplete and thin reviews, retractions,
// files not reviewed, warnings. Each is capped, saying where the rest is.
import { markdownText } from '../text/sanitize.ts'
import type { Report } from '../verdict/types.ts'
import { proseMarkdown } from './code-span.ts'
import type { LocationMarkdown } from './links.ts'

/** Longest reviewer text in one table cell or bullet. */
export const CELL_CHARS = 400

/** How many items a list shows, and where the rest can be read. */
export interface Cap {
  readonly max: number
  readonly where: string
}

/** One bullet per item, at most `cap.max`, then a line saying how many more, and where they are. */
export function bullets<T>(items: readonly T[], cap: Cap, line: (item: T) => string): string[] {
  const more = items.length - cap.max
  return [...items.slice(0, cap.max).map(line), ...(more > 0 ? [`- …and ${more} more in ${cap.where}`] : [])]
}

export function incompleteList(report: Report, cap: Cap): string[] {
  const list = report.tally.incomplete
  if (list.length === 0) return []
  return [
    `**Incomplete reviews (${list.length})**`,
    '',
    ...bullets(list, cap, (i) => `- ${markdownText(i.reviewer, 40)} on ${markdownText(i.bundleId, 80)}: ${markdownText(i.reason, 300)}`),
    '',
  ]
}

export function thinList(report: Report, cap: Cap): string[] {
  const thin = report.tally.thin
  const retried = report.reviews.filter((r) => r.retriedInParts !== undefined)
  return [
    ...(thin.length === 0
      ? []
      : [
          `**Thin replies (${thin.length})**: far too short for the bundle, with no finding and no verdict; the reviewer disengaged and the review counts as incomplete (smaller bundles help: \`bundle-max-bytes\`, \`retry-thin\`)`,
          '',
          ...bullets(
            thin,
            cap,
            (t) =>
              `- ${markdownText(t.reviewer, 40)} on ${markdownText(t.bundleId, 80)}: ${t.tokensOut} output tokens for ${t.bundleBytes} bytes`,
          ),
          '',
        ]),
    ...(retried.length === 0
      ? []
      : [
          `**Asked again in smaller parts after a thin reply (${retried.length})**: ${retried.map((r) => `${markdownText(r.reviewer, 40)} on ${markdownText(r.bundleId, 80)} (${r.retriedInParts} parts)`).join(', ')}`,
          '',
        ]),
  ]
}

export function retractedList(report: Report, cap: Cap, link: LocationMarkdown): string[] {
  const retracted = report.tally.retracted
  if (retracted.length === 0) return []
  return [
    `<details><summary>Retracted by their own reviewer (${retracted.length}): not counted</summary>`,
    '',
    ...bullets(
      retracted,
      cap,
      (f) =>
        `- ${f.severity} ${f.location.label === 'unknown-path' ? markdownText(f.whereText, 200) : link(f.location)} (${markdownText(f.reviewer, 40)}): ${proseMarkdown(f.what, CELL_CHARS)}`,
    ),
    '',
    '</details>',
    '',
  ]
}

export function skippedList(report: Report, cap: Cap): string[] {
  const gaps = report.skipped.flatMap((s) => (s.gap === undefined ? [] : [{ ...s, gap: s.gap }]))
  const others = report.skipped.filter((s) => s.gap === undefined)
  const line = (s: Report['skipped'][number]): string => `- ${markdownText(s.path, 200)}: ${markdownText(s.reason, 200)}`
  return [
    ...(gaps.length === 0
      ? []
      : [
          `**Changes no reviewer saw (${gaps.length}): these fail the check**`,
          '',
          ...bullets(gaps, cap, (s) => `${line(s)}; ${markdownText(s.gap, 200)}`),
          '',
        ]),
    ...(others.length === 0
      ? []
      : [
          `<details><summary>Files not reviewed (${others.length}): excluded, binary or without content changes</summary>`,
          '',
          ...bullets(others, cap, line),
          '',
          '</details>',
          '',
        ]),
  ]
}

export function warningList(report: Report, cap: Cap): string[] {
  if (report.warnings.length === 0) return []
  return ['**Warnings**', '', ...bullets(report.warnings, cap, (w) => `- ${markdownText(w, 300)}`), '']
}
