// Report → plain text for a terminal: no markdown escapes, tables as aligned
// columns, colour only through the Paint the caller passes (none off a TTY).
// Reviewer text goes through plainText: redacted, one line, control characters
// (terminal escape sequences among them) removed, bounded.
import type { Severity } from '../reply/types.ts'
import { plainText } from '../text/sanitize.ts'
import type { Group, Report } from '../verdict/types.ts'
import { dismissText } from './dismissals.ts'
import { guidanceLine } from './guidance.ts'
import { policyLine } from './policy.ts'
import { headline, locationText, othersHeading } from './report.ts'
import { tokens, usd } from './plan.ts'

export interface Paint {
  readonly bold: (s: string) => string
  readonly dim: (s: string) => string
  readonly red: (s: string) => string
  readonly green: (s: string) => string
  readonly yellow: (s: string) => string
  readonly cyan: (s: string) => string
}

const same = (s: string): string => s
export const NO_PAINT: Paint = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same }

/** Items per list; the JSON report has all of them. */
const LIST_MAX = 50
const TEXT_MAX = 400

export function renderTerminal(report: Report, paint: Paint = NO_PAINT): string {
  const { tally, conclusion } = report
  const passed = conclusion.conclusion === 'success'
  const convergent = tally.groups.filter((g) => g.convergent && !g.dismissed)
  const singles = tally.groups.filter((g) => !g.convergent && !g.dismissed)
  const dismissed = tally.groups.filter((g) => g.dismissed)
  const out = [
    paint.bold(`${passed ? paint.green('PASS') : paint.red('FAIL')}  Cross-lineage review of ${plain(report.label, 200)}`),
    `${headline(report)} · ${report.reviewers.length} reviewers × ${report.bundles.length} bundle(s) · fail-on ${report.failOn}, min-reviewers ${report.minReviewers}`,
    ...capped(conclusion.reasons, (r) => `  ${passed ? '' : '• '}${plain(r, 600)}`),
    '',
    paint.bold(`Convergent findings (${convergent.length})`),
    ...(convergent.length === 0
      ? ['  None: no location was flagged by two or more lineages.']
      : capped(convergent, (g) => group(g, paint, dismissText(g, report)))),
    '',
    ...(singles.length === 0
      ? []
      : [
          paint.bold(`${othersHeading(singles).title} (${singles.length})`) + paint.dim(`: ${othersHeading(singles).why}`),
          ...capped(singles, (g) => group(g, paint, dismissText(g, report))),
          '',
        ]),
    ...section(paint, 'Dismissed (not gating)', dismissed, (g) => {
      const d = g.dismissed
      const where = plain(locationText(g.location.path, g.location.startLine, g.location.endLine), 200)
      return `${g.severity} ${where} ${g.id ?? ''}: by ${plain(d?.by ?? '', 40)} on ${(d?.at ?? '').slice(0, 10)} as ${d?.reason ?? ''}${d?.note ? `: ${plain(d.note, TEXT_MAX)}` : ''}`
    }),
    ...section(
      paint,
      'Dismissals that no longer hold (their lines changed)',
      report.dismissals?.lapsed ?? [],
      (l) => `${l.id} by ${plain(l.by, 40)} is now ${l.now}`,
    ),
    ...section(
      paint,
      'Dismissal commands that changed nothing',
      report.dismissals?.decisions.filter((c) => c.refused !== undefined) ?? [],
      (c) => `${plain(c.by, 40)} on ${c.at.slice(0, 10)}: ${plain(c.refused ?? '', 300)}`,
    ),
    ...reviewers(report, paint),
    ...bundles(report, paint),
    ...section(paint, 'Incomplete reviews', tally.incomplete, (i) => `${i.reviewer} on ${i.bundleId}: ${plain(i.reason, 300)}`),
    ...section(
      paint,
      'Thin replies',
      tally.thin,
      (t) => `${t.reviewer} on ${t.bundleId}: ${t.tokensOut} output tokens for ${t.bundleBytes} bytes`,
    ),
    ...section(paint, 'Retracted by their own reviewer (not counted)', tally.retracted, (f) => {
      return `${f.severity} ${plain(f.whereText, 200)} (${f.reviewer}): ${plain(f.what, TEXT_MAX)}`
    }),
    ...section(
      paint,
      'Changes no reviewer saw (these fail the gate)',
      gaps(report),
      (s) => `${plain(s.path, 200)}: ${plain(s.reason, 200)}; ${plain(s.gap ?? '', 200)}`,
    ),
    ...section(
      paint,
      'Files not reviewed',
      report.skipped.filter((s) => s.gap === undefined),
      (s) => `${plain(s.path, 200)}: ${plain(s.reason, 200)}`,
    ),
    ...section(
      paint,
      'Unparsed replies (text that reads like a finding but could not be read as one; tally.json has the whole text)',
      unparsed(report),
      (u) => {
        return `${u.reviewer} on ${u.bundleId}: ${plain(u.text, TEXT_MAX)}`
      },
    ),
    ...section(paint, 'Warnings', report.warnings, (w) => plain(w, 300)),
    ...(report.policy ? [paint.dim(plain(policyLine(report.policy), 1000)), ''] : []),
    ...(report.guidance ? [paint.dim(plain(guidanceLine(report.guidance), 1000)), ''] : []),
    `Gate: ${passed ? paint.green('success') : paint.red('failure')} — ${headline(report)}`,
  ]
  return `${out.join('\n')}\n`
}

const plain = (text: string, max: number): string => plainText(text, max)

const unparsed = (report: Report): { reviewer: string; bundleId: string; text: string }[] =>
  report.reviews.flatMap((r) => r.parsed.unparsed.map((text) => ({ reviewer: r.reviewer, bundleId: r.bundleId, text })))

function capped<T>(items: readonly T[], line: (item: T) => string): string[] {
  const more = items.length - LIST_MAX
  return [...items.slice(0, LIST_MAX).map(line), ...(more > 0 ? [`  …and ${more} more (the JSON report, --format json, lists all)`] : [])]
}

function section<T>(paint: Paint, title: string, items: readonly T[], line: (item: T) => string): string[] {
  if (items.length === 0) return []
  return [paint.bold(`${title} (${items.length})`), ...capped(items, (i) => `  ${line(i)}`), '']
}

const gaps = (report: Report): Report['skipped'] => report.skipped.filter((s) => s.gap !== undefined)

function severity(s: Severity, paint: Paint): string {
  const text = s.padEnd(5)
  return s === 'BLOCK' ? paint.red(paint.bold(text)) : s === 'WARN' ? paint.yellow(text) : paint.cyan(text)
}

/** `BLOCK  path:line  opus + kimi` (and the reviewers' own severities where they differ: `(kimi: WARN)`), then what each said, indented, and the command that dismisses it. */
function group(g: Group, paint: Paint, command?: string): string {
  const where = plain(locationText(g.location.path, g.location.startLine, g.location.endLine), 200)
  const label = g.location.label === 'in-diff' ? '' : paint.dim(` (${g.location.label})`)
  const differ = g.findings.filter((f) => f.severity !== g.severity)
  const agreement = differ.length === 0 ? '' : paint.dim(`  (${differ.map((f) => `${plain(f.reviewer, 40)}: ${f.severity}`).join(', ')})`)
  const said = g.findings.map(
    (f) => `         ${paint.bold(plain(f.reviewer, 40))} (${f.severity}): ${plain(f.what || f.why || '(no text)', TEXT_MAX)}`,
  )
  return [
    `  ${severity(g.severity, paint)}  ${paint.bold(where)}${label}  ${plain(g.reviewers.join(' + '), 120)}${agreement}`,
    ...said,
    ...(command === undefined ? [] : [paint.dim(`         to dismiss: ${command}`)]),
  ].join('\n')
}

function reviewers(report: Report, paint: Paint): string[] {
  const rows = report.tally.perReviewer.map((r) => {
    const misplaced = r.offDiff + r.unknownPath
    return [
      plain(r.reviewer, 40),
      plain(r.model, 80),
      `${r.complete}/${r.complete + r.incomplete} complete`,
      `${r.findings} finding(s)`,
      r.findings === 0 ? '' : `${misplaced} off-diff or unknown path`,
      `${(r.latencyMs / 1000).toFixed(1)}s`,
      `${r.tokensIn}→${r.tokensOut} tokens`,
      r.costUsd === undefined ? '' : usd(r.costUsd),
    ]
  })
  const per = report.tally.perReviewer
  const sum = (pick: (r: (typeof per)[number]) => number): number => per.reduce((n, r) => n + pick(r), 0)
  const costs = per.flatMap((r) => (r.costUsd === undefined ? [] : [r.costUsd]))
  const cost =
    costs.length === 0
      ? ''
      : ` · cost ${usd(costs.reduce((a, b) => a + b, 0))}${costs.length < per.length ? ' (known for some reviewers only)' : ''}`
  const total = `  Total: ${tokens(sum((r) => r.tokensIn))} tokens in, ${tokens(sum((r) => r.tokensOut))} out${cost}`
  return [paint.bold('Reviewers'), ...columns(rows).map((l) => `  ${l}`), paint.dim(total), '']
}

function bundles(report: Report, paint: Paint): string[] {
  if (report.bundles.length === 0) return []
  const rows = report.bundles.map((b) => {
    const cov = report.tally.coverage.find((c) => c.bundleId === b.id)
    const files = b.paths.length <= 3 ? b.paths.join(', ') : `${b.paths.slice(0, 3).join(', ')} +${b.paths.length - 3} more`
    return [b.id, `${b.bytes} bytes`, `${cov?.complete.length ?? 0}/${report.reviewers.length} complete`, plain(files, 300)]
  })
  return [paint.bold('Bundles'), ...columns(rows.slice(0, LIST_MAX)).map((l) => `  ${l}`), '']
}

/** Rows of cells → lines with each column padded to its widest cell. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), [])
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}
