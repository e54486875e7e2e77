// Every finding a pull request's runs have reported, and what became of it:
// still reported (open), dismissed, gone after a push that changed its lines
// (addressed), or gone although its lines did not change (vanished: a
// reviewer that did not say it again). It travels from run to run in the
// sticky comment (ledger-codec.ts) and is what `stats` adds up.
import type { Ledger, LedgerEntry, Outcome, RunRecord } from './history-types.ts'
import { hash, lineHash, type DiffLines } from './identity.ts'
import type { Identified } from './identify.ts'
import type { Group } from './types.ts'

export const EMPTY_RECORD: RunRecord = { runs: 0, failed: 0, overruled: 0, costUsd: 0 }

export interface RunFacts {
  readonly head: string
  /** New-side lines of this run's diff: where a gone finding's lines are looked for. */
  readonly diff: DiffLines
  /** Paths whose findings this run cannot vouch for (a missing review could still report them). */
  readonly unvouched: ReadonlySet<string>
  /** Whether a group fails the gate's policy, dismissed or not. */
  readonly gates: (group: Group) => boolean
  readonly conclusion: 'success' | 'failure'
  readonly costUsd: number
}

const short = (sha: string): string => sha.slice(0, 12)

/** The ledger after this run: its groups recorded, the previous entries they do not continue given an outcome. */
export function nextLedger(previous: Ledger | undefined, identified: Identified, run: RunFacts): Ledger {
  const head = short(run.head)
  const current = identified.groups.map((g): LedgerEntry => {
    const id = g.id ?? ''
    const was = identified.continues.get(id)
    const lineages = union(was?.lineages, g.lineages)
    const dismissed = g.dismissed
    const lines = dismissed && (was?.dismissedLines?.command === dismissed.commentId ? was.dismissedLines.lines : was?.identity.lines)
    return {
      id,
      identity: identified.identities.get(id) ?? { path: '', lines: [] },
      severity: g.severity,
      lineages,
      reviewers: union(was?.reviewers, g.reviewers),
      agreement: Math.max(was?.agreement ?? 0, g.lineages.length),
      gated: (was?.gated ?? false) || run.gates(g),
      first: was?.first ?? head,
      last: head,
      outcome: dismissed ? 'dismissed' : 'open',
      ...(dismissed ? { reason: dismissed.reason, dismissedLines: { command: dismissed.commentId, lines: lines ?? [] } } : {}),
    }
  })
  const carried = new Set(current.map((e) => e.id))
  const paths = new Map([...run.diff.keys()].map((p) => [hash(p), p]))
  const gone = (previous?.entries ?? [])
    .filter((e) => !carried.has(e.id))
    .map((e): LedgerEntry => (e.outcome === 'open' ? { ...e, outcome: goneOutcome(e, paths, run) } : e))
  const overruled = run.conclusion === 'success' && identified.groups.some((g) => g.dismissed && run.gates(g))
  const before = previous?.record ?? EMPTY_RECORD
  return {
    head: run.head,
    entries: [...current, ...gone],
    record: {
      runs: before.runs + 1,
      failed: before.failed + (run.conclusion === 'failure' ? 1 : 0),
      overruled: before.overruled + (overruled ? 1 : 0),
      costUsd: before.costUsd + run.costUsd,
    },
    ...(previous?.older ? { older: previous.older } : {}),
  }
}

/** Not reported now: its lines unchanged (vanished), changed or gone from the diff (addressed), or not vouched for (still open). */
function goneOutcome(e: LedgerEntry, paths: ReadonlyMap<string, string>, run: RunFacts): Outcome {
  const path = paths.get(e.identity.path)
  if (path !== undefined && run.unvouched.has(path)) return 'open'
  const lines = path === undefined ? undefined : run.diff.get(path)
  if (lines === undefined) return 'addressed'
  const now = new Set([...lines.values()].map(lineHash))
  return e.identity.lines.every((l) => now.has(l)) ? 'vanished' : 'addressed'
}

function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort()
}
