// Repository stats → a terminal table or markdown (a job summary). Shares are
// of a row's findings; the notes say what each outcome does and does not mean.
import type { RepositoryStats, Tallied } from '../verdict/stats.ts'
import { markdownText, plainText } from '../text/sanitize.ts'
import { usd } from './plan.ts'
import { columns } from './terminal.ts'

export interface StatsHeading {
  readonly repository: string
  /** e.g. "closed since 2026-09-08". */
  readonly window: string
}

const HEAD = ['findings', 'addressed', 'dismissed', 'vanished', 'open at close']
const pct = (n: number, of: number): string => (of === 0 ? '—' : `${Math.round((100 * n) / of)}%`)
const cells = (t: Tallied): string[] => [
  String(t.findings),
  pct(t.addressed, t.findings),
  pct(t.dismissed, t.findings),
  pct(t.vanished, t.findings),
  pct(t.open, t.findings),
]

function rows(s: RepositoryStats): { title: string; rows: [string, Tallied][] }[] {
  return [
    { title: 'By lineage (a finding counts under each lineage that reported it)', rows: Object.entries(s.byLineage) },
    {
      title: 'By agreement (lineages that reported it in one run, at most)',
      rows: [
        ['1 lineage', s.byAgreement['1']],
        ['2 lineages', s.byAgreement['2']],
        ['3+ lineages', s.byAgreement['3']],
      ],
    },
    { title: 'Findings that failed the gate at some run', rows: [['gating', s.gating]] },
  ]
}

const NOTES = [
  'addressed: no longer reported after a push that changed its lines (acted on, not proof it was right)',
  'dismissed: taken out of the gate with /review dismiss',
  'vanished: no longer reported though its lines did not change (a reviewer that did not say it again: mostly noise)',
  'open at close: still reported when the pull request was merged or closed',
]

function summaryLines(s: RepositoryStats): string[] {
  const p = s.pullRequests
  const g = s.gate
  return [
    `${p.read} pull requests read: ${p.counted} with a ledger (${p.merged} merged), ${p.skipped} skipped`,
    `Gate: ${g.runs} runs, ${g.failed} failed, ${g.overruled} passed only through a dismissal; ${g.falsePositiveBlocks} convergent BLOCK(s) dismissed as false positives`,
    s.cost.totalUsd === 0
      ? 'Cost: not known (the endpoints reported none, and no prices were given)'
      : `Cost: ${usd(s.cost.totalUsd)} in all, ${usd(s.cost.perPullRequestUsd)} per pull request with a ledger`,
  ]
}

export function renderStatsText(s: RepositoryStats, h: StatsHeading): string {
  const out = [`cross-lineage-review stats: ${plainText(h.repository, 100)}, pull requests ${h.window}`, ...summaryLines(s), '']
  for (const table of rows(s)) {
    out.push(
      table.title,
      ...columns([['', ...HEAD], ...table.rows.map(([name, t]) => [plainText(name, 40), ...cells(t)])]).map((l) => `  ${l}`),
      '',
    )
  }
  out.push(...NOTES.map((n) => `  ${n}`))
  if (s.skipped.length > 0)
    out.push(
      '',
      `Skipped: ${s.skipped
        .slice(0, 20)
        .map((k) => `#${k.number} (${plainText(k.reason, 80)})`)
        .join(', ')}${s.skipped.length > 20 ? `, and ${s.skipped.length - 20} more` : ''}`,
    )
  return `${out.join('\n')}\n`
}

export function renderStatsMarkdown(s: RepositoryStats, h: StatsHeading): string {
  const out = [
    `## Cross-lineage review: ${markdownText(h.repository, 100)}, pull requests ${markdownText(h.window, 60)}`,
    '',
    ...summaryLines(s).map((l) => `- ${markdownText(l, 300)}`),
    '',
  ]
  for (const table of rows(s)) {
    out.push(`**${table.title}**`, '', `| | ${HEAD.join(' | ')} |`, `|---|${HEAD.map(() => '---:').join('|')}|`)
    out.push(...table.rows.map(([name, t]) => `| ${markdownText(name, 40)} | ${cells(t).join(' | ')} |`), '')
  }
  out.push(...NOTES.map((n) => `<sub>${markdownText(n, 200)}</sub><br>`))
  return `${out.join('\n')}\n`
}
