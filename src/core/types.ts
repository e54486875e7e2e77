// Data carried between pipeline stages. Every stage takes and returns these
// plain values; only the shell performs I/O.

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied'

export interface DiffLine {
  readonly kind: 'add' | 'del' | 'ctx'
  /** Line content without the leading +/-/space marker or line ending. */
  readonly text: string
  readonly oldLine?: number
  readonly newLine?: number
  /** The diff said "\ No newline at end of file" after this line. */
  readonly noNewline?: boolean
  /** Context added from the head file (the `context: function` input), not part of the diff. */
  readonly extended?: boolean
}

export interface Hunk {
  readonly oldStart: number
  readonly oldLines: number
  readonly newStart: number
  readonly newLines: number
  /** Text after the closing @@ (git's enclosing-function hint), may be empty. */
  readonly section: string
  readonly lines: readonly DiffLine[]
}

export interface FileDiff {
  readonly path: string
  readonly oldPath: string
  readonly status: FileStatus
  readonly binary: boolean
  readonly oldMode?: string
  readonly newMode?: string
  readonly hunks: readonly Hunk[]
  /** Why this file cannot be reviewed from its diff alone (e.g. GitHub sent no patch). */
  readonly unreviewable?: string
}

export interface SkippedFile {
  readonly path: string
  readonly reason: string
  /**
   * Set when a change should have been reviewed but could not be sent (too
   * large): what the user can do. Gaps fail the gate; exclusions do not.
   */
  readonly gap?: string
}

export interface Bundle {
  /** Stable: component, part and a hash of the text. */
  readonly id: string
  readonly component: string
  readonly part: number
  readonly parts: number
  readonly files: readonly string[]
  readonly bytes: number
  /** The diff text every reviewer sees, byte-identical for all of them. */
  readonly text: string
  /** Hunk lines carry their new-side numbers (see formatLine). */
  readonly numbered: boolean
}

export interface Reviewer {
  readonly name: string
  readonly model: string
  /** Reviewers of one lineage agreeing is not convergence. */
  readonly lineage: string
  readonly baseURL: string
  /** Name of the input or environment variable the key came from (never the key). */
  readonly keySource: string
}

export type Severity = 'BLOCK' | 'WARN' | 'INFO'
export type Verdict = 'ship' | 'ship-with-fixes' | 'hold'

export interface ReviewResult {
  readonly reviewer: string
  readonly bundleId: string
  readonly status: 'complete' | 'incomplete'
  readonly reason?: string
  readonly reply: string
  readonly latencyMs: number
  readonly tokensIn: number
  readonly tokensOut: number
  readonly finishReason: string
  /** Set when a thin reply was replaced by answers on this many smaller parts of the bundle. */
  readonly retriedInParts?: number
  /** What the endpoint charged, when it reports it (OpenRouter usage accounting) or `prices` gives it. */
  readonly costUsd?: number
  /** Taken from the previous run's reply to the byte-identical bundle; no call was made. */
  readonly reused?: boolean
}

export interface Where {
  readonly path: string
  readonly startLine?: number
  readonly endLine?: number
  readonly symbol?: string
}

export interface ParsedFinding {
  readonly severity: Severity
  /** The WHERE text as the model wrote it. */
  readonly whereText: string
  readonly where?: Where
  readonly what: string
  readonly why: string
  /** The reviewer withdrew it in the same reply; shown, never counted. */
  readonly retracted?: boolean
}

export interface ParsedReply {
  readonly findings: readonly ParsedFinding[]
  readonly verdict?: Verdict
  readonly verdictSummary: string
  /** Blocks that looked like findings but lacked a severity or location. */
  readonly unparsed: readonly string[]
}

/** Why a finding is, or is not, reported at a line of the diff. */
export type LocationLabel = 'in-diff' | 'in-context' | 'off-diff' | 'file-level' | 'unknown-path'

export interface Location {
  readonly path: string
  readonly startLine?: number
  readonly endLine?: number
  readonly label: LocationLabel
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
}

export interface Group {
  readonly key: string
  readonly location: Location
  readonly severity: Severity
  readonly findings: readonly Finding[]
  readonly reviewers: readonly string[]
  readonly lineages: readonly string[]
  readonly convergent: boolean
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
  readonly incomplete: readonly IncompleteReview[]
}

/** A complete reply far too short for its bundle: the reviewer disengaged. */
export interface ThinReply {
  readonly reviewer: string
  readonly bundleId: string
  readonly tokensOut: number
  readonly bundleBytes: number
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
}

export type FailOn = 'convergent-block' | 'convergent-warn' | 'any-block' | 'never'

export interface Conclusion {
  readonly conclusion: 'success' | 'failure'
  /** One line per reason the gate failed, or why it passed. */
  readonly reasons: readonly string[]
}
