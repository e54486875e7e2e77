// Tally → the markdown used for the sticky comment, the check summary and
// the step summary. Degrades in steps until it fits the size limit.
import { markdownText, truncate } from '../text/sanitize.ts'
import type { Group } from '../verdict/types.ts'
import type { Report } from '../verdict/types.ts'
import { policyLines } from './policy.ts'
import { headline, locationText } from './report.ts'

const CELL_CHARS = 400

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

/** The full report, cut down level by level until it is at most maxChars long. */
export function renderMarkdown(report: Report, maxChars: number, prefix = ''): string {
  for (const detail of LEVELS) {
    const text = prefix + renderAt(report, detail)
    if (text.length <= maxChars) return text
  }
  return truncate(prefix + renderAt(report, LEAST), maxChars, "\n\n…(cut to fit GitHub's size limit)")
}

function renderAt(report: Report, detail: Detail): string {
  const { tally, conclusion } = report
  const icon = conclusion.conclusion === 'success' ? '✅' : '❌'
  const out: string[] = [
    `## ${icon} Cross-lineage review: ${conclusion.conclusion}`,
    '',
    `**${headline(report)}** findings on ${markdownText(report.label, 200)} · ${report.reviewers.length} reviewers × ${report.bundles.length} bundle(s) · fail-on \`${report.failOn}\`, min-reviewers ${report.minReviewers}`,
    '',
    ...bullets(conclusion.reasons, 20, (r) => `- ${markdownText(r, 600)}`),
    '',
  ]
  const convergent = tally.groups.filter((g) => g.convergent)
  const singles = tally.groups.filter((g) => !g.convergent)
  out.push('### Convergent findings', '')
  if (convergent.length === 0) out.push('None: no location was flagged by two or more lineages.', '')
  else out.push(...groupTable(convergent, detail.convergent, true), '')
  if (detail.singles !== 0 && singles.length > 0) {
    out.push(
      `<details><summary>Single-reviewer findings (${singles.length}): one lineage only, not gating under convergent policies</summary>`,
      '',
    )
    out.push(...groupTable(singles, detail.singles, false), '', '</details>', '')
  } else if (singles.length > 0) {
    out.push(`_${singles.length} single-reviewer finding(s) left out to fit the size limit; see the tally-json output._`, '')
  }
  if (detail.tables) out.push(...reviewerTable(report), '', ...bundleTable(report), '')
  out.push(
    ...incompleteList(report, detail.lists),
    ...thinList(report, detail.lists),
    ...retractedList(report, detail.lists),
    ...skippedList(report, detail.lists),
    ...warningList(report, detail.lists),
    ...policyLines(report, detail.lists),
  )
  out.push(
    '<sub>Convergent = flagged at the same location by reviewers of at least two model lineages. Reviewer text is quoted as data, not verified.</sub>',
  )
  return out.join('\n') + '\n'
}

function capList<T>(items: readonly T[], max: number | undefined): T[] {
  return max === undefined ? [...items] : items.slice(0, max)
}

/** One bullet per item, at most `max`, then a line saying how many more the tally-json holds. */
function bullets<T>(items: readonly T[], max: number, line: (item: T) => string): string[] {
  const more = items.length - max
  return [...items.slice(0, max).map(line), ...(more > 0 ? [`- …and ${more} more in the tally-json output`] : [])]
}

function groupTable(groups: readonly Group[], max: number | undefined, convergent: boolean): string[] {
  const rows = capList(groups, max).map((g) => {
    const where = markdownText(locationText(g.location.path, g.location.startLine, g.location.endLine), 200)
    const label = g.location.label === 'in-diff' ? '' : ` _(${g.location.label})_`
    const said = g.findings
      .map((f) => `**${markdownText(f.reviewer, 40)}** (${f.severity}): ${markdownText(f.what || f.why || '(no text)', CELL_CHARS)}`)
      .join('<br>')
    return `| ${severityCell(g)} | ${where}${label} | ${markdownText(g.reviewers.join(' + '), 120)} | ${said} |`
  })
  const more = max !== undefined && groups.length > max ? [`_${groups.length - max} more row(s) left out to fit the size limit._`] : []
  return [`| Severity | Location | ${convergent ? 'Reviewers' : 'Reviewer'} | What they said |`, '|---|---|---|---|', ...rows, ...more]
}

function severityCell(g: Group): string {
  const counts = (['BLOCK', 'WARN', 'INFO'] as const)
    .map((s) => [s, g.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
  const agreement = counts.length > 1 || g.findings.length > 1 ? ` (${counts.map(([s, n]) => `${s}×${n}`).join(', ')})` : ''
  return `**${g.severity}**${agreement}`
}

function reviewerTable(report: Report): string[] {
  const withCost = report.tally.perReviewer.some((r) => r.costUsd !== undefined)
  const rows = report.tally.perReviewer.map((r) => {
    const verdicts = r.verdicts.map((v) => v.verdict ?? '—').join(', ') || '—'
    const summaries = r.verdicts
      .map((v) => v.summary)
      .filter(Boolean)
      .join(' / ')
    const misplaced = r.offDiff + r.unknownPath
    const rate = r.findings === 0 ? '—' : `${misplaced} (${Math.round((100 * misplaced) / r.findings)}%)`
    const cost = withCost ? ` ${usd(r.costUsd)} |` : ''
    return `| ${markdownText(r.reviewer, 40)} | ${markdownText(r.model, 80)} | ${verdicts}${summaries ? `: ${markdownText(summaries, 300)}` : ''} | ${r.complete}/${r.complete + r.incomplete} | ${r.findings} | ${rate} | ${(r.latencyMs / 1000).toFixed(1)} s | ${r.tokensIn} / ${r.tokensOut} |${cost}`
  })
  return [
    '### Reviewers',
    '',
    `| Reviewer | Model | Verdict | Complete | Findings | Off-diff or unknown path | Latency | Tokens in / out |${withCost ? ' Cost |' : ''}`,
    `|---|---|---|---|---|---|---|---|${withCost ? '---|' : ''}`,
    ...rows,
    '',
    totalsLine(report),
  ]
}

const usd = (n: number | undefined): string => (n === undefined ? '—' : `$${n.toFixed(n < 1 ? 4 : 2)}`)

function totalsLine(report: Report): string {
  const r = report.tally.perReviewer
  const sum = (f: (x: (typeof r)[number]) => number): number => r.reduce((n, x) => n + f(x), 0)
  const costs = r.filter((x) => x.costUsd !== undefined)
  const reused = sum((x) => x.reused)
  return [
    `Total: ${sum((x) => x.tokensIn)} tokens in, ${sum((x) => x.tokensOut)} out`,
    ...(costs.length > 0
      ? [`cost ${usd(costs.reduce((n, x) => n + (x.costUsd ?? 0), 0))}${costs.length < r.length ? ' (known for some reviewers only)' : ''}`]
      : []),
    ...(reused > 0 ? [`${reused} of ${report.reviews.length} reviews reused from the previous run (bundle unchanged)`] : []),
  ].join(' · ')
}

function bundleTable(report: Report): string[] {
  const rows = report.bundles.map((b) => {
    const cov = report.tally.coverage.find((c) => c.bundleId === b.id)
    const files = b.paths.length <= 3 ? b.paths.join(', ') : `${b.paths.slice(0, 3).join(', ')} +${b.paths.length - 3} more`
    return `| ${markdownText(b.id, 80)} | ${markdownText(files, 300)} | ${b.bytes} | ${cov?.complete.length ?? 0}/${report.reviewers.length} |`
  })
  return ['### Bundles', '', '| Bundle | Files | Bytes | Complete reviews |', '|---|---|---|---|', ...rows]
}

function incompleteList(report: Report, max: number): string[] {
  const list = report.tally.incomplete
  if (list.length === 0) return []
  return [
    `**Incomplete reviews (${list.length})**`,
    '',
    ...bullets(list, max, (i) => `- ${markdownText(i.reviewer, 40)} on ${markdownText(i.bundleId, 80)}: ${markdownText(i.reason, 300)}`),
    '',
  ]
}

function thinList(report: Report, max: number): string[] {
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
            max,
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

function retractedList(report: Report, max: number): string[] {
  const retracted = report.tally.retracted
  if (retracted.length === 0) return []
  return [
    `<details><summary>Retracted by their own reviewer (${retracted.length}): not counted</summary>`,
    '',
    ...bullets(
      retracted,
      max,
      (f) => `- ${f.severity} ${markdownText(f.whereText, 200)} (${markdownText(f.reviewer, 40)}): ${markdownText(f.what, CELL_CHARS)}`,
    ),
    '',
    '</details>',
    '',
  ]
}

function skippedList(report: Report, max: number): string[] {
  const gaps = report.skipped.flatMap((s) => (s.gap === undefined ? [] : [{ ...s, gap: s.gap }]))
  const others = report.skipped.filter((s) => s.gap === undefined)
  const line = (s: Report['skipped'][number]): string => `- ${markdownText(s.path, 200)}: ${markdownText(s.reason, 200)}`
  return [
    ...(gaps.length === 0
      ? []
      : [
          `**Changes no reviewer saw (${gaps.length}): these fail the check**`,
          '',
          ...bullets(gaps, max, (s) => `${line(s)}; ${markdownText(s.gap, 200)}`),
          '',
        ]),
    ...(others.length === 0
      ? []
      : [
          `<details><summary>Files not reviewed (${others.length}): excluded, binary or without content changes</summary>`,
          '',
          ...bullets(others, max, line),
          '',
          '</details>',
          '',
        ]),
  ]
}

function warningList(report: Report, max: number): string[] {
  if (report.warnings.length === 0) return []
  return ['**Warnings**', '', ...bullets(report.warnings, max, (w) => `- ${markdownText(w, 300)}`), '']
}
