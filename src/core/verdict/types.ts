// Findings checked against the diff, grouped across lineages, tallied and gated.
import type { Bundle, GuidanceSource, SkippedFile } from '../plan/types.ts'
import type { Review, Reviewer, Severity, Verdict } from '../reply/types.ts'
import type { CommandDecision, Dismissal, LapsedDismissal, Ledger } from './history-types.ts'

export type LocationLabel = 'in-diff' | 'in-context' | 'off-diff' | 'file-level' | 'unknown-path'

export interface Location {
  readonly path: string
  readonly startLine?: number
  readonly endLine?: number
  readonly label: LocationLabel
}

/** A reviewer's FIX: the new text of the lines it cited (before locating clipped them to the diff). */
export interface ProposedFix {
  readonly text: string
  readonly startLine?: number
  readonly endLine?: number
}

export interface Finding {
  readonly reviewer: string
  readonly lineage: string
  readonly bundleId: string
  readonly severity: Severity
  readonly whereText: string
  readonly what: string
  readonly why: string
  readonly location: Location
  readonly retracted?: boolean
  readonly fix?: ProposedFix
}

export interface Group {
  readonly key: string
  readonly location: Location
  readonly severity: Severity
  readonly findings: readonly Finding[]
  readonly reviewers: readonly string[]
  readonly lineages: readonly string[]
  readonly convergent: boolean
  /** The finding's short id (identity.ts): what a dismissal names. */
  readonly id?: string
  /** Set while a standing dismissal takes it out of the gate. */
  readonly dismissed?: Dismissal
}

export interface ReviewerSummary {
  readonly reviewer: string
  readonly model: string
  readonly complete: number
  readonly incomplete: number
  readonly verdicts: readonly { bundleId: string; verdict?: Verdict; summary: string }[]
  readonly findings: number
  /** Cited a line the diff does not show: a hallucination signal. */
  readonly offDiff: number
  /** Cited a path the diff does not contain. */
  readonly unknownPath: number
  readonly retracted: number
  /** Bundles this reviewer answered with a thin reply. */
  readonly thin: number
  readonly unparsed: number
  readonly latencyMs: number
  readonly tokensIn: number
  readonly tokensOut: number
  /** Sum of the costs known for this reviewer's calls; undefined when none was known. */
  readonly costUsd?: number
  /** Reviews taken from the previous run because the bundle was unchanged. */
  readonly reused: number
}

export interface IncompleteReview {
  readonly reviewer: string
  readonly bundleId: string
  readonly reason: string
}

export interface BundleCoverage {
  readonly bundleId: string
  readonly complete: readonly string[]
  /** The distinct lineages of the complete reviews: what min-reviewers counts. */
  readonly lineages: readonly string[]
  readonly incomplete: readonly IncompleteReview[]
}

export interface ThinReply {
  readonly reviewer: string
  readonly bundleId: string
  readonly tokensOut: number
  readonly bundleBytes: number
}

/** Text of a review that could not be read, with what the gate can still tell of it. */
export interface UnreadSignal {
  readonly reviewer: string
  readonly bundleId: string
  readonly location?: Location
  readonly severity?: Severity
  /** The gravest finding of other lineages within line-window: with the unread text, it might have been convergent. */
  readonly beside?: { readonly severity: Severity; readonly reviewers: readonly string[] }
  /** Why the whole review is unknown (its call failed, it disengaged, …), when the signal is not text it wrote. */
  readonly unknown?: string
  /** The keys of the groups beside it: dismissing them all settles it. */
  readonly groups?: readonly string[]
}

export interface Tally {
  readonly groups: readonly Group[]
  readonly convergent: number
  readonly distinct: number
  readonly perReviewer: readonly ReviewerSummary[]
  readonly coverage: readonly BundleCoverage[]
  readonly incomplete: readonly IncompleteReview[]
  readonly retracted: readonly Finding[]
  readonly thin: readonly ThinReply[]
  readonly unread: readonly UnreadSignal[]
}

export type FailOn = 'convergent-block' | 'convergent-warn' | 'any-block' | 'never'

export interface Conclusion {
  readonly conclusion: 'success' | 'failure'
  /** One line per reason the gate failed, or why it passed. */
  readonly reasons: readonly string[]
}

/** Where the run's policy came from, for the report's footer. */
export interface PolicySource {
  /** The repository's policy file: where it was looked for, whether it was there, and the keys it set. */
  readonly file?: { readonly path: string; readonly at?: string; readonly found: boolean; readonly keys: readonly string[] }
  /** Policy keys set as inputs (the workflow's `with:`, or CLI flags): they take precedence over the file. */
  readonly inputs: readonly string[]
  /** What inputs are called where the run came from: "workflow inputs" or "flags". */
  readonly inputsName: string
}

/** Where the reviewed commit's files are shown on GitHub, so that each location can link to its lines. */
export interface RepositoryLinks {
  /** The GitHub server (GITHUB_SERVER_URL), e.g. https://github.com or a GitHub Enterprise host. */
  readonly server: string
  readonly owner: string
  readonly repo: string
  /** The commit whose lines the locations cite: the change's head. */
  readonly headSha: string
}

/** Everything the renderers need, gathered once by the pipeline. */
export interface Report {
  readonly tally: Tally
  readonly conclusion: Conclusion
  readonly failOn: FailOn
  readonly minReviewers: number
  readonly reviewers: readonly Reviewer[]
  readonly bundles: readonly Bundle[]
  /** Every review with its verbatim (already redacted) reply: the evidence. */
  readonly reviews: readonly Review[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
  /** What was reviewed, e.g. "pull request #12 at 1a2b3c4" or "diff file pr.diff". */
  readonly label: string
  readonly policy?: PolicySource
  /** Set when the change is a commit of a repository on GitHub: locations then link to its lines. */
  readonly links?: RepositoryLinks
  /** The repository's guidance files the reviewers were given, with their sizes and what was cut. */
  readonly guidance?: GuidanceSource
  /** The pull request's dismissal commands and what became of them; absent where there is no pull request. */
  readonly dismissals?: DismissalReport
  /** Every finding the pull request's runs reported and its outcome; absent where there is no pull request. */
  readonly ledger?: Ledger
}

export interface DismissalReport {
  /** The comment command the copyable commands start with, e.g. /review. */
  readonly command: string
  /** Every dismissal command read, honoured or refused, oldest first. */
  readonly decisions: readonly CommandDecision[]
  readonly lapsed: readonly LapsedDismissal[]
  /** Why the commands could not be read; then none is applied. */
  readonly unread?: string
}
