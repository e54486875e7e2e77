// The types a pull request's history is made of: a finding's identity, the
// dismissal commands and what became of them, and the ledger of outcomes.
// A leaf: the verdict types refer to these, and these to nothing of theirs.
import type { Severity } from '../reply/types.ts'
import type { DismissReason } from './commands.ts'

export interface FindingIdentity {
  /** A hash of the path. */
  readonly path: string
  /** Hashes of the cited lines' texts, whitespace-normalized. */
  readonly lines: readonly string[]
  /** Hashes of the nearest telling lines above and below; absent in thread markers posted before context was kept. */
  readonly context?: readonly string[]
}

/** One command and what became of it. */
export interface CommandDecision {
  readonly commentId: number
  readonly url: string
  readonly by: string
  readonly at: string
  readonly verb: 'dismiss' | 'undismiss'
  /** The finding it names, when that could be told. */
  readonly id?: string
  readonly reason?: DismissReason
  readonly note?: string
  /** Why it changes nothing; absent when it is honoured. */
  readonly refused?: string
}

/** A finding dismissed by the latest honoured command about it. */
export interface Dismissal {
  readonly id: string
  readonly by: string
  readonly at: string
  readonly reason: DismissReason
  readonly note: string
  readonly url: string
  readonly commentId: number
}

/** A dismissal that no longer holds because the finding's lines changed. */
export interface LapsedDismissal {
  readonly id: string
  /** The id the finding has now. */
  readonly now: string
  readonly by: string
  readonly url: string
}

export const OUTCOMES = ['open', 'addressed', 'vanished', 'dismissed'] as const
export type Outcome = (typeof OUTCOMES)[number]

export interface LedgerEntry {
  readonly id: string
  readonly identity: FindingIdentity
  /** As last reported. */
  readonly severity: Severity
  /** Every lineage and reviewer that ever reported it. */
  readonly lineages: readonly string[]
  readonly reviewers: readonly string[]
  /** The most lineages that agreed on it in one run. */
  readonly agreement: number
  /** Whether it ever failed the gate's policy (dismissed or not). */
  readonly gated: boolean
  /** Commits (12 hex digits) it was first and last reported at. */
  readonly first: string
  readonly last: string
  readonly outcome: Outcome
  /** Why it was dismissed, while it is. */
  readonly reason?: DismissReason
  /** The lines it cited when a dismissal command was first applied: a change to them lapses the dismissal. */
  readonly dismissedLines?: { readonly command: number; readonly lines: readonly string[] }
}

/** Counts by outcome. */
export type OutcomeCounts = Readonly<Record<Outcome, number>>

/** What was summarised out of the ledger to keep it within its size. */
export interface LedgerSummary {
  readonly byLineage: Readonly<Record<string, OutcomeCounts>>
  readonly byAgreement: Readonly<Record<string, OutcomeCounts>>
  /** Convergent BLOCKs dismissed as false positives. */
  readonly falsePositiveBlocks: number
}

/** The gate's record over the pull request's runs. */
export interface RunRecord {
  readonly runs: number
  readonly failed: number
  /** Runs that passed only because a dismissal took a failing finding out of the gate. */
  readonly overruled: number
  readonly costUsd: number
}

export interface Ledger {
  /** The head commit the last run reviewed (full sha). */
  readonly head?: string
  readonly entries: readonly LedgerEntry[]
  readonly record: RunRecord
  readonly older?: LedgerSummary
}
