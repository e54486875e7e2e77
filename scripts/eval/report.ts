// One evaluation of a labelled file: the table at the chosen line-window, the
// same at 0, 3 and 5, and at the chosen window on each half of a fixed split.
import type { FailOn } from '../../src/core/verdict/types.ts'
import type { LabelledFinding } from './format.ts'
import { counts, tabulate, type Counts, type Table } from './measure.ts'
import { halfOf } from './stats.ts'

export const WINDOWS = [0, 3, 5] as const

export interface Evaluation extends Table {
  readonly source: string
  /** What one count is: a finding (one reviewer's comment), never a group. */
  readonly unit: 'finding'
  readonly data: Counts & { readonly prs: number; readonly lineages: readonly string[] }
  readonly windows: Readonly<Record<string, Pick<Table, 'byAgreement' | 'rules' | 'lift'>>>
  /** Pull requests split by the first bit of SHA-256(pr): A below 0x80, B the rest. */
  readonly halves: Readonly<Record<'A' | 'B', Pick<Table, 'byAgreement' | 'rules' | 'lift'> & { readonly prs: number }>>
}

export function evaluate(findings: readonly LabelledFinding[], options: { source: string; window: number; failOn: FailOn }): Evaluation {
  const { window, failOn } = options
  const table = tabulate(findings, window, failOn)
  const brief = (t: Table): Pick<Table, 'byAgreement' | 'rules' | 'lift'> => ({ byAgreement: t.byAgreement, rules: t.rules, lift: t.lift })
  const windows = Object.fromEntries(
    [...new Set([...WINDOWS, window])]
      .sort((a, b) => a - b)
      .map((w) => [String(w), w === window ? brief(table) : brief(tabulate(findings, w, failOn))]),
  )
  const half = (h: 'A' | 'B'): Pick<Table, 'byAgreement' | 'rules' | 'lift'> & { prs: number } => {
    const part = findings.filter((f) => halfOf(f.pr) === h)
    return { prs: new Set(part.map((f) => f.pr)).size, ...brief(tabulate(part, window, failOn)) }
  }
  return {
    source: options.source,
    unit: 'finding',
    data: {
      ...counts(findings),
      prs: new Set(findings.map((f) => f.pr)).size,
      lineages: [...new Set(findings.map((f) => f.lineage))].sort(),
    },
    ...table,
    windows,
    halves: { A: half('A'), B: half('B') },
  }
}
