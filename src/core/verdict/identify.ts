// Groups → the same groups with their finding ids, and the dismissals that
// hold. An id continues from the last run's ledger when the finding does
// (identity.ts), so the id people copied keeps naming it after a push that
// only moved it; a new finding gets the id its identity hashes to. A
// dismissal holds while the finding cites only the lines it cited when
// dismissed; once they change it lapses, and the finding gets a new id.
import type { Bundle } from '../plan/types.ts'
import { decideCommands, standingDismissals, stillHolds, type CommandFacts, type DismissalRules } from './dismiss.ts'
import type { CommandDecision, FindingIdentity, LapsedDismissal, Ledger, LedgerEntry } from './history-types.ts'
import { findingId, groupIdentity, identityOf, matchIdentities, shownLines } from './identity.ts'
import { commentSpan, diffLines } from './threads.ts'
import type { Group } from './types.ts'

/** The dismissal commands on the pull request and the rules they are held to. */
export interface CommandsInput {
  readonly facts: readonly CommandFacts[]
  readonly rules: DismissalRules
}

export interface Identified {
  readonly groups: readonly Group[]
  /** Each group's identity, by the group's id. */
  readonly identities: ReadonlyMap<string, FindingIdentity>
  /** The ledger entry each group continues, by the group's id. */
  readonly continues: ReadonlyMap<string, LedgerEntry>
  readonly decisions: readonly CommandDecision[]
  readonly lapsed: readonly LapsedDismissal[]
}

export function identify(
  groups: readonly Group[],
  bundles: readonly Bundle[],
  previous: Ledger | undefined,
  commands: CommandsInput | undefined,
): Identified {
  const diff = diffLines(bundles)
  const shown = shownLines(bundles)
  // A thread's identity for what can be a thread, so a reply in the thread names the same finding.
  const ids = groups.map((g) => {
    const span = commentSpan(g, diff)
    return span ? identityOf(span, diff) : groupIdentity(g.location, shown)
  })
  const entries = previous?.entries ?? []
  const matched = matchIdentities(
    ids,
    entries.map((e) => e.identity),
  )
  const taken = new Set<string>(entries.map((e) => e.id))
  const fresh = (identity: FindingIdentity): string => {
    let id = findingId(identity)
    for (let n = 2; taken.has(id); n++) id = findingId({ ...identity, path: `${identity.path}#${n}` })
    taken.add(id)
    return id
  }
  const continued = groups.map((_, i) => {
    const e = matched.get(i)
    return e === undefined ? undefined : entries[e]
  })
  const idOf = groups.map((_, i) => continued[i]?.id ?? fresh(ids[i] ?? { path: '', lines: [] }))
  const known = {
    ids: new Set([...idOf, ...entries.map((e) => e.id)]),
    idOfThread: (identity: FindingIdentity) => {
      const hit = matchIdentities([identity], ids).get(0)
      return hit === undefined ? undefined : idOf[hit]
    },
  }
  const decisions = commands ? decideCommands(commands.facts, commands.rules, known) : []
  const standing = standingDismissals(decisions)
  const lapsed: LapsedDismissal[] = []
  const identities = new Map<string, FindingIdentity>()
  const continues = new Map<string, LedgerEntry>()
  const out = groups.map((g, i): Group => {
    const identity = ids[i] ?? { path: '', lines: [] }
    const entry = continued[i]
    let id = idOf[i] ?? ''
    const dismissal = standing.get(id)
    let holds = false
    if (dismissal) {
      // The lines the finding cited when the command was first applied; for a new command, those it cited when people read it.
      const then = entry?.dismissedLines?.command === dismissal.commentId ? entry.dismissedLines.lines : (entry?.identity ?? identity).lines
      holds = stillHolds(identity, then)
      if (!holds) {
        const now = fresh(identity)
        lapsed.push({ id, now, by: dismissal.by, url: dismissal.url })
        id = now
      }
    }
    identities.set(id, identity)
    if (entry && id === entry.id) continues.set(id, entry)
    return { ...g, id, ...(dismissal && holds ? { dismissed: dismissal } : {}) }
  })
  return { groups: out, identities, continues, decisions, lapsed }
}
