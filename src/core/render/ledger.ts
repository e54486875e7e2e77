// The report's account of this pull request's findings over its runs, from
// the ledger: how many were addressed, dismissed, vanished or are still open,
// by agreement, and the gate's record so far.
import { aggregate } from '../verdict/stats.ts'
import type { Report } from '../verdict/types.ts'
import { usd } from './plan.ts'

export function ledgerSection(report: Report): string[] {
  const ledger = report.ledger
  if (ledger === undefined || ledger.entries.length === 0) return []
  const s = aggregate([{ number: 0, merged: false, ledger }])
  const row = (name: string, t: (typeof s.byAgreement)['1']): string =>
    `| ${name} | ${t.findings} | ${t.open} | ${t.addressed} | ${t.dismissed} | ${t.vanished} |`
  const r = ledger.record
  const cost = r.costUsd > 0 ? `, ${usd(r.costUsd)} in model calls` : ''
  return [
    `<details><summary>This pull request's findings over its ${r.runs} run(s): ${s.byAgreement['1'].findings + s.byAgreement['2'].findings + s.byAgreement['3'].findings} in all</summary>`,
    '',
    '| Agreement | Findings | Open | Addressed | Dismissed | Vanished |',
    '|---|---:|---:|---:|---:|---:|',
    row('1 lineage', s.byAgreement['1']),
    row('2 lineages', s.byAgreement['2']),
    row('3+ lineages', s.byAgreement['3']),
    '',
    `Gate: ${r.failed} of ${r.runs} run(s) failed, ${r.overruled} passed only through a dismissal${cost}. Addressed: gone after a push that changed its lines; vanished: gone though its lines did not change (a reviewer that did not repeat itself). \`cross-lineage-review stats\` adds these up over a repository.`,
    '',
    '</details>',
    '',
  ]
}
