// Many pull requests' ledgers → what the gate is worth in this repository:
// each finding's outcome by the lineages that reported it and by how many
// agreed, the gate's record, and the cost. A finding counts once per pull
// request; under every lineage that reported it, so lineage rows overlap.
import { OUTCOMES, type Ledger, type LedgerEntry, type Outcome, type OutcomeCounts } from './history-types.ts'

/** A closed pull request as `stats` read it: its ledger, or why it has none. */
export interface ClosedPull {
  readonly number: number
  readonly merged: boolean
  readonly ledger?: Ledger
  /** Why it is not counted: no comment of ours, a comment from before ledgers, a damaged ledger. */
  readonly skipped?: string
}

export type Tallied = OutcomeCounts & { readonly findings: number }

export interface RepositoryStats {
  readonly pullRequests: { readonly read: number; readonly counted: number; readonly merged: number; readonly skipped: number }
  readonly byLineage: Readonly<Record<string, Tallied>>
  /** "1", "2" and "3" (three or more lineages). */
  readonly byAgreement: Readonly<Record<'1' | '2' | '3', Tallied>>
  /** Findings that failed the gate at some run, by outcome. */
  readonly gating: Tallied
  readonly gate: {
    readonly runs: number
    readonly failed: number
    /** Runs that passed only because a dismissal took a failing finding out of the gate. */
    readonly overruled: number
    /** Convergent BLOCKs dismissed as false positives. */
    readonly falsePositiveBlocks: number
  }
  readonly cost: { readonly totalUsd: number; readonly perPullRequestUsd: number }
  readonly skipped: readonly { readonly number: number; readonly reason: string }[]
}

type Mutable = Record<Outcome, number>
const zero = (): Mutable => ({ open: 0, addressed: 0, vanished: 0, dismissed: 0 })
const withTotal = (c: OutcomeCounts): Tallied => ({ findings: OUTCOMES.reduce((n, o) => n + c[o], 0), ...c })
const add = (to: Mutable, from: OutcomeCounts): void => {
  for (const o of OUTCOMES) to[o] += from[o]
}
const level = (agreement: number): '1' | '2' | '3' => (agreement >= 3 ? '3' : agreement === 2 ? '2' : '1')
const falsePositiveBlock = (e: LedgerEntry): boolean =>
  e.outcome === 'dismissed' && e.reason === 'false-positive' && e.severity === 'BLOCK' && e.agreement >= 2

export function aggregate(pulls: readonly ClosedPull[]): RepositoryStats {
  const byLineage = new Map<string, Mutable>()
  const byAgreement = { '1': zero(), '2': zero(), '3': zero() }
  const gating = zero()
  const gate = { runs: 0, failed: 0, overruled: 0, falsePositiveBlocks: 0 }
  let cost = 0
  const counted = pulls.filter((p) => p.ledger !== undefined)
  for (const { ledger } of counted) {
    if (!ledger) continue
    for (const e of ledger.entries) {
      for (const l of e.lineages) (byLineage.get(l) ?? byLineage.set(l, zero()).get(l) ?? zero())[e.outcome]++
      byAgreement[level(e.agreement)][e.outcome]++
      if (e.gated) gating[e.outcome]++
      if (falsePositiveBlock(e)) gate.falsePositiveBlocks++
    }
    const older = ledger.older
    if (older) {
      for (const [l, c] of Object.entries(older.byLineage)) add(byLineage.get(l) ?? byLineage.set(l, zero()).get(l) ?? zero(), c)
      for (const [k, c] of Object.entries(older.byAgreement)) add(byAgreement[level(Number(k))], c)
      gate.falsePositiveBlocks += older.falsePositiveBlocks
    }
    gate.runs += ledger.record.runs
    gate.failed += ledger.record.failed
    gate.overruled += ledger.record.overruled
    cost += ledger.record.costUsd
  }
  return {
    pullRequests: {
      read: pulls.length,
      counted: counted.length,
      merged: counted.filter((p) => p.merged).length,
      skipped: pulls.length - counted.length,
    },
    byLineage: Object.fromEntries([...byLineage].sort(([a], [b]) => (a < b ? -1 : 1)).map(([l, c]) => [l, withTotal(c)])),
    byAgreement: { '1': withTotal(byAgreement['1']), '2': withTotal(byAgreement['2']), '3': withTotal(byAgreement['3']) },
    gating: withTotal(gating),
    gate,
    cost: { totalUsd: cost, perPullRequestUsd: counted.length === 0 ? 0 : cost / counted.length },
    skipped: pulls.flatMap((p) => (p.ledger === undefined ? [{ number: p.number, reason: p.skipped ?? 'no ledger' }] : [])),
  }
}
