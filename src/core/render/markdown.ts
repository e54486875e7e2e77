// Tally → the markdown used for the sticky comment, the check summary and
// the step summary. Degrades in steps until it fits the size limit.
import { markdownText, truncate } from '../text/sanitize.ts'
import type { Group } from '../verdict/types.ts'
import type { Report } from '../verdict/types.ts'
import { ledgerSection } from './ledger.ts'
import { policyLines } from './policy.ts'
import { headline, locationText, othersHeading } from './report.ts'
import { bullets, CELL_CHARS, incompleteList, retractedList, skippedList, thinList, warningList, type Cap } from './markdown-lists.ts'
import { dismissCell, dismissedSection, dismissHint, dismissText } from './dismissals.ts'
import { reviewerTable, unparsedList } from './reviewers.ts'

interface Detail {
  /** Rows of single-reviewer findings to show; undefined = all. */
  readonly singles?: number
  /** Rows of convergent findings to show; undefined = all. */
  readonly convergent?: number
  readonly tables: boolean
  /** Items per list (incomplete reviews, files not reviewed, retractions). */
  readonly lists: number
}

/** The least detail: no finding rows, no tables, five items a list. */
const LEAST: Detail = { singles: 0, convergent: 0, tables: false, lists: 5 }
const LEVELS: readonly Detail[] = [
  { tables: true, lists: 200 },
  { singles: 25, convergent: 50, tables: true, lists: 50 },
  { singles: 0, convergent: 20, tables: true, lists: 20 },
  LEAST,
]

export interface MarkdownOptions {
  /** Text before the report (the sticky comment's marker). */
  readonly prefix?: string
  /** Where the rest of a capped list can be read; the action writes the tally-json output. */
  readonly fullTallyIn?: string
  /** Lines after the convergent findings (the sticky comment's review threads). */
  readonly afterConvergent?: readonly string[]
}

/** The full report, cut down level by level until it is at most maxChars long. */
export function renderMarkdown(report: Report, maxChars: number, options: MarkdownOptions = {}): string {
  const prefix = options.prefix ?? ''
  const where = options.fullTallyIn ?? 'the tally-json output'
  for (const detail of LEVELS) {
    const text = prefix + renderAt(report, detail, where, options.afterConvergent ?? [])
    if (text.length <= maxChars) return text
  }
  return truncate(prefix + renderAt(report, LEAST, where, options.afterConvergent ?? []), maxChars, "\n\n…(cut to fit GitHub's size limit)")
}

function renderAt(report: Report, detail: Detail, where: string, afterConvergent: readonly string[]): string {
  const cap: Cap = { max: detail.lists, where }
  const { tally, conclusion } = report
  const icon = conclusion.conclusion === 'success' ? '✅' : '❌'
  const out: string[] = [
    `## ${icon} Cross-lineage review: ${conclusion.conclusion}`,
    '',
    `**${headline(report)}** findings on ${markdownText(report.label, 200)} · ${report.reviewers.length} reviewers × ${report.bundles.length} bundle(s) · fail-on \`${report.failOn}\`, min-reviewers ${report.minReviewers}`,
    '',
    ...bullets(conclusion.reasons, { max: 20, where }, (r) => `- ${markdownText(r, 600)}`),
    '',
  ]
  // Dismissed findings have their own section.
  const convergent = tally.groups.filter((g) => g.convergent && !g.dismissed)
  const singles = tally.groups.filter((g) => !g.convergent && !g.dismissed)
  out.push('### Convergent findings', '')
  if (convergent.length === 0)
    out.push(tally.convergent === 0 ? 'None: no location was flagged by two or more lineages.' : 'None besides those dismissed.', '')
  else out.push(...groupTable(report, convergent, detail.convergent, true), '')
  out.push(...afterConvergent)
  if (detail.singles !== 0 && singles.length > 0) {
    out.push(`<details><summary>${othersHeading(singles).title} (${singles.length}): ${othersHeading(singles).why}</summary>`, '')
    out.push(...groupTable(report, singles, detail.singles, false), '', '</details>', '')
  } else if (singles.length > 0) {
    out.push(`_${singles.length} finding(s) that are not convergent left out to fit the size limit; see ${where}._`, '')
  }
  out.push(...dismissHint(report), ...dismissedSection(report, cap))
  if (detail.tables) out.push(...reviewerTable(report), '', ...bundleTable(report), '')
  out.push(
    ...incompleteList(report, cap),
    ...unparsedList(report, cap),
    ...thinList(report, cap),
    ...retractedList(report, cap),
    ...skippedList(report, cap),
    ...warningList(report, cap),
    ...ledgerSection(report),
    ...policyLines(report, cap.max),
  )
  out.push(
    '<sub>Convergent = flagged at the same location by reviewers of at least two model lineages. Reviewer text is quoted as data, not verified.</sub>',
  )
  return out.join('\n') + '\n'
}

function capList<T>(items: readonly T[], max: number | undefined): T[] {
  return max === undefined ? [...items] : items.slice(0, max)
}

function groupTable(report: Report, groups: readonly Group[], max: number | undefined, convergent: boolean): string[] {
  // A column of commands only where a finding gates and the run can take commands.
  const commands = groups.some((g) => dismissText(g, report) !== undefined)
  const rows = capList(groups, max).map((g) => {
    const where = markdownText(locationText(g.location.path, g.location.startLine, g.location.endLine), 200)
    const label = g.location.label === 'in-diff' ? '' : ` _(${g.location.label})_`
    const said = g.findings
      .map((f) => `**${markdownText(f.reviewer, 40)}** (${f.severity}): ${markdownText(f.what || f.why || '(no text)', CELL_CHARS)}`)
      .join('<br>')
    const command = commands ? ` ${dismissCell(g, report)} |` : ''
    return `| ${severityCell(g)} | ${where}${label} | ${markdownText(g.reviewers.join(' + '), 120)} | ${said} |${command}`
  })
  const more = max !== undefined && groups.length > max ? [`_${groups.length - max} more row(s) left out to fit the size limit._`] : []
  const head = `| Severity | Location | ${convergent ? 'Reviewers' : 'Reviewer'} | What they said |${commands ? ' To dismiss |' : ''}`
  return [head, commands ? '|---|---|---|---|---|' : '|---|---|---|---|', ...rows, ...more]
}

function severityCell(g: Group): string {
  const counts = (['BLOCK', 'WARN', 'INFO'] as const)
    .map((s) => [s, g.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
  const agreement = counts.length > 1 || g.findings.length > 1 ? ` (${counts.map(([s, n]) => `${s}×${n}`).join(', ')})` : ''
  return `**${g.severity}**${agreement}`
}

function bundleTable(report: Report): string[] {
  const rows = report.bundles.map((b) => {
    const cov = report.tally.coverage.find((c) => c.bundleId === b.id)
    const files = b.paths.length <= 3 ? b.paths.join(', ') : `${b.paths.slice(0, 3).join(', ')} +${b.paths.length - 3} more`
    return `| ${markdownText(b.id, 80)} | ${markdownText(files, 300)} | ${b.bytes} | ${cov?.complete.length ?? 0}/${report.reviewers.length} |`
  })
  return ['### Bundles', '', '| Bundle | Files | Bytes | Complete reviews |', '|---|---|---|---|', ...rows]
}
