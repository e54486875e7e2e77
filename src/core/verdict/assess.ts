// Reviews → tally, finding ids and dismissals, gate, the pull request's
// ledger, and the report every renderer works from.
import type { ReviewPlan } from '../plan/plan.ts'
import type { GuidanceSource } from '../plan/types.ts'
import type { Review, Reviewer } from '../reply/types.ts'
import { evaluateGate, failsPolicy, heldOpen, type GatePolicy } from './gate.ts'
import { identify, type CommandsInput } from './identify.ts'
import type { Ledger } from './history-types.ts'
import { nextLedger } from './ledger.ts'
import { indexDiff } from './locate.ts'
import { tallyReviews } from './tally.ts'
import { diffLines, unvouchedPaths } from './threads.ts'
import type { PolicySource, Report, RepositoryLinks } from './types.ts'

/** What the pull request's earlier runs and its comments say: absent where there is no pull request. */
export interface History {
  /** The commit under review (full sha). */
  readonly head: string
  /** The comment command (e.g. /review) dismissals are written with. */
  readonly command: string
  readonly ledger?: Ledger
  readonly commands?: CommandsInput
  /** Why the dismissal commands could not be read: then none applies. */
  readonly unread?: string
}

export interface AssessInput {
  readonly plan: ReviewPlan
  readonly reviews: readonly Review[]
  readonly reviewers: readonly Reviewer[]
  readonly policy: GatePolicy & { readonly lineWindow: number }
  readonly label: string
  readonly warnings?: readonly string[]
  readonly source?: PolicySource | undefined
  readonly history?: History
  readonly links?: RepositoryLinks
  readonly guidance?: GuidanceSource
}

export function assess(input: AssessInput): Report {
  const counted = tallyReviews({
    reviewers: input.reviewers,
    bundles: input.plan.bundles,
    reviews: input.reviews,
    index: indexDiff(input.plan.files),
    lineWindow: input.policy.lineWindow,
  })
  const { history } = input
  const identified = identify(counted.groups, input.plan.bundles, history?.ledger, history?.commands)
  const tally = { ...counted, groups: identified.groups }
  const conclusion = evaluateGate(tally, input.policy, input.plan.skipped)
  const reviewers = input.reviewers.map(({ name, model, lineage, baseURL, keySource }) => ({ name, model, lineage, baseURL, keySource }))
  const report: Report = {
    tally,
    conclusion,
    failOn: input.policy.failOn,
    minReviewers: input.policy.minReviewers,
    reviewers,
    bundles: input.plan.bundles,
    reviews: input.reviews,
    skipped: input.plan.skipped,
    warnings: [...(input.warnings ?? []), ...input.plan.warnings],
    label: input.label,
    ...(input.source ? { policy: input.source } : {}),
    ...(input.links ? { links: input.links } : {}),
    ...(input.guidance ? { guidance: input.guidance } : {}),
  }
  if (!history) return report
  const ledger = nextLedger(history.ledger, identified, {
    head: history.head,
    diff: diffLines(input.plan.bundles),
    unvouched: unvouchedPaths(report),
    gates: (g) => failsPolicy(g, input.policy.failOn) || heldOpen(g, tally, input.policy.failOn),
    conclusion: conclusion.conclusion,
    costUsd: input.reviews.reduce((sum, r) => sum + (r.reused ? 0 : (r.costUsd ?? 0)), 0),
  })
  const dismissals = {
    command: history.command,
    decisions: identified.decisions,
    lapsed: identified.lapsed,
    ...(history.unread === undefined ? {} : { unread: history.unread }),
  }
  return { ...report, dismissals, ledger }
}

/**
 * When every model call failed (network, key, quota), the first failure's
 * reason: nothing was reviewed, so there is no verdict on the code. Undefined
 * as soon as one call answered (or none was needed).
 */
export function noAnswer(report: Report): string | undefined {
  if (report.reviews.length === 0 || report.reviews.some((r) => r.outcome !== 'failed')) return undefined
  return report.tally.incomplete[0]?.reason ?? 'unknown'
}
