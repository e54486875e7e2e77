// An Evaluation → text for a terminal: plain columns, no colour.
import type { Counts, Level, RuleCounts, Table } from './measure.ts'
import type { Evaluation } from './report.ts'

export const int = (n: number): string => n.toLocaleString('en-US')
export const p = (x: number | null): string => (x === null ? '–' : x.toFixed(2))
export const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`)
export const ci = (c: readonly [number, number] | null): string => (c === null ? '–' : `${c[0].toFixed(2)}–${c[1].toFixed(2)}`)
export const signed = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`)

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), [])
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

const LEVELS: readonly [Level, string][] = [
  [1, '1 lineage'],
  [2, '2 lineages'],
  [3, '3+ lineages'],
]

export function renderEvaluation(e: Evaluation): string {
  const d = e.data
  const out = [
    `${e.source}: ${int(d.findings)} findings (${int(d.true)} true, ${int(d.false)} false, ${int(d.unlabelled)} unlabelled) on ${int(d.prs)} pull requests; lineages ${d.lineages.join(', ')}.`,
    `Unit: one finding. Its agreement is the number of distinct lineages in the group the action's grouping puts it in;`,
    `precision = true / (true + false) over findings; intervals are Wilson 95%.${e.repeats > 0 ? ` ${int(e.repeats)} repeated finding(s) dropped, as the tally does.` : ''}`,
    '',
    `line-window ${e.window}, fail-on ${e.gate.failOn} (a finding without severity counts as BLOCK)`,
    columns([
      ['agreement', 'findings', 'true', 'false', 'precision', '95% CI', 'groups', 'mixed groups'],
      ...LEVELS.map(([l, name]) => {
        const c = e.byAgreement[l]
        return [name, int(c.findings), int(c.true), int(c.false), p(c.precision), ci(c.ci95), int(c.groups), int(c.mixedGroups)]
      }),
    ]),
    '',
    columns([
      ['rule: trust findings of', 'findings', 'true', 'precision', '95% CI', 'true kept'],
      ruleRow('any lineage', e.rules.atLeast1),
      ruleRow('≥ 2 lineages', e.rules.atLeast2),
      ruleRow('≥ 3 lineages', e.rules.atLeast3),
      ruleRow(`the gate (${e.gate.failOn})`, e.gate),
    ]),
    liftLine(e.lift),
    '',
    columns([
      ['lineage', 'findings', 'precision', '95% CI', 'agreed', 'precision', 'alone', 'precision'],
      ...Object.entries(e.byLineage).map(([name, c]) => [
        name,
        int(c.findings),
        p(c.precision),
        ci(c.ci95),
        int(c.agreed.findings),
        p(c.agreed.precision),
        int(c.alone.findings),
        p(c.alone.precision),
      ]),
    ]),
    '',
    columns([['line-window', ...summaryHeads], ...Object.entries(e.windows).map(([w, t]) => [w, ...summary(t)])]),
    '',
    columns([
      [`hold-out half (window ${e.window})`, 'PRs', ...summaryHeads],
      ...(['A', 'B'] as const).map((h) => [h, int(e.halves[h].prs), ...summary(e.halves[h])]),
    ]),
  ]
  return out.join('\n')
}

function ruleRow(name: string, c: RuleCounts): string[] {
  return [name, int(c.findings), int(c.true), p(c.precision), ci(c.ci95), pct(c.keptTrueShare)]
}

function liftLine(lift: Table['lift']): string {
  if (lift.difference === null) return 'lift of ≥ 2 lineages over 1: – (no labelled finding on one side)'
  const interval = lift.ci95 === null ? '' : ` (95% CI ${signed(lift.ci95[0])} to ${signed(lift.ci95[1])}, resampling pull requests)`
  return `lift of ≥ 2 lineages over 1: ${signed(lift.difference)}${interval}`
}

const summaryHeads = ['P(1)', 'P(2)', 'P(3+)', 'P(≥2)', 'n(≥2)', 'true kept ≥2', 'P(≥3)', 'true kept ≥3']

function summary(t: Pick<Table, 'byAgreement' | 'rules'>): string[] {
  const precision = (c: Counts): string => p(c.precision)
  return [
    precision(t.byAgreement[1]),
    precision(t.byAgreement[2]),
    precision(t.byAgreement[3]),
    precision(t.rules.atLeast2),
    int(t.rules.atLeast2.findings),
    pct(t.rules.atLeast2.keptTrueShare),
    precision(t.rules.atLeast3),
    pct(t.rules.atLeast3.keptTrueShare),
  ]
}
