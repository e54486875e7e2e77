// Tally → the markdown used for the sticky comment, the check summary and
// the step summary. Degrades in steps until it fits the size limit.
import { markdownText, truncate } from '../text/sanitize.ts'
import { groupReason, reasonWhere } from '../verdict/gate.ts'
import type { Group } from '../verdict/types.ts'
import type { Report } from '../verdict/types.ts'
import { ledgerSection } from './ledger.ts'
import { proseMarkdown } from './code-span.ts'
import { locationMarkdown, type LocationMarkdown } from './links.ts'
import { policyLines } from './policy.ts'
import { headline, othersHeading } from './report.ts'
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
  const link = locationMarkdown(report)
  const icon = conclusion.conclusion === 'success' ? '✅' : '❌'
  const out: string[] = [
    `## ${icon} Cross-lineage review: ${conclusion.conclusion}`,
    '',
    `**${headline(report)}** findings on ${markdownText(report.label, 200)} · ${report.reviewers.length} reviewers × ${report.bundles.length} bundle(s) · fail-on \`${report.failOn}\`, min-reviewers ${report.minReviewers}`,
    '',
    ...bullets(conclusion.reasons, { max: 20, where }, reasonLine(report, link)),
    '',
  ]
  // Dismissed findings have their own section.
  const convergent = tally.groups.filter((g) => g.convergent && !g.dismissed)
  const singles = tally.groups.filter((g) => !g.convergent && !g.dismissed)
  out.push('### Convergent findings', '')
  if (convergent.length === 0)
    out.push(tally.convergent === 0 ? 'None: no location was flagged by two or more lineages.' : 'None besides those dismissed.', '')
  else out.push(...groupTable(report, convergent, detail.convergent, true, link), '')
  out.push(...afterConvergent)
  if (detail.singles !== 0 && singles.length > 0) {
    out.push(`<details><summary>${othersHeading(singles).title} (${singles.length}): ${othersHeading(singles).why}</summary>`, '')
    out.push(...groupTable(report, singles, detail.singles, false, link), '', '</details>', '')
  } else if (singles.length > 0) {
    out.push(`_${singles.length} finding(s) that are not convergent left out to fit the size limit; see ${where}._`, '')
  }
  out.push(...dismissHint(report), ...dismissedSection(report, cap))
  if (detail.tables) out.push(...reviewerTable(report), '', ...bundleTable(report), '')
  out.push(
    ...incompleteList(report, cap),
    ...unparsedList(report, cap),
    ...thinList(report, cap),
    ...retractedList(report, cap, link),
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

function groupTable(
  report: Report,
  groups: readonly Group[],
  max: number | undefined,
  convergent: boolean,
  link: LocationMarkdown,
): string[] {
  // A column of commands only where a finding gates and the run can take commands.
  const commands = groups.some((g) => dismissText(g, report) !== undefined)
  const rows = capList(groups, max).map((g) => {
    const label = g.location.label === 'in-diff' ? '' : ` _(${g.location.label})_`
    const said = g.findings
      .map((f) => `**${markdownText(f.reviewer, 40)}**: ${proseMarkdown(f.what || f.why || '(no text)', CELL_CHARS, { cell: true })}`)
      .join('<br>')
    const command = commands ? ` ${dismissCell(g, report)} |` : ''
    return `| ${severityCell(g)} | ${link(g.location)}${label} | ${markdownText(g.reviewers.join(' + '), 120)} | ${said} |${command}`
  })
  const more = max !== undefined && groups.length > max ? [`_${groups.length - max} more row(s) left out to fit the size limit._`] : []
  const head = `| Severity | Location | ${convergent ? 'Reviewers' : 'Reviewer'} | What they said |${commands ? ' To dismiss |' : ''}`
  return [head, commands ? '|---|---|---|---|---|' : '|---|---|---|---|', ...rows, ...more]
}

/** The group's severity, and the reviewers' own where they differ from it: `BLOCK (kimi: WARN)`. */
function severityCell(g: Group): string {
  const differ = g.findings.filter((f) => f.severity !== g.severity)
  const own = differ.length === 0 ? '' : ` (${differ.map((f) => `${markdownText(f.reviewer, 40)}: ${f.severity}`).join(', ')})`
  return `**${g.severity}**${own}`
}

/** A reason of the gate; one naming a failing group links its location. */
function reasonLine(report: Report, link: LocationMarkdown): (reason: string) => string {
  const groups = new Map(report.tally.groups.map((g) => [groupReason(g), g]))
  return (reason) => {
    // A dismissal's reason names its group the same way, after "dismissed: ".
    const dismissed = reason.startsWith('dismissed: ') ? 'dismissed: ' : ''
    const g = [...groups].find(([text]) => reason.startsWith(`${dismissed}${text}`))?.[1]
    if (!g || reason.length > 600) return `- ${markdownText(reason, 600)}`
    const where = reasonWhere(g)
    const rest = reason.slice(`${dismissed}${g.severity} at ${where}`.length).trim()
    return `- ${dismissed}${g.severity} at ${link(g.location, where)} ${markdownText(rest, 600)}`
  }
}

function bundleTable(report: Report): string[] {
  const rows = report.bundles.map((b) => {
    const cov = report.tally.coverage.find((c) => c.bundleId === b.id)
    const files = b.paths.length <= 3 ? b.paths.join(', ') : `${b.paths.slice(0, 3).join(', ')} +${b.paths.length - 3} more`
    return `| ${markdownText(b.id, 80)} | ${markdownText(files, 300)} | ${b.bytes} | ${cov?.complete.length ?? 0}/${report.reviewers.length} |`
  })
  return ['### Bundles', '', '| Bundle | Files | Bytes | Complete reviews |', '|---|---|---|---|', ...rows]
}
