// Reviewers, their replies, and what a reply says once parsed.

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

/** One model call as the endpoint answered it, before anyone reads the reply. */
export interface CallResult {
  readonly reviewer: string
  readonly bundleId: string
  /** 'answered': a whole reply came back; 'failed': none did (HTTP error, timeout, cut off, filtered, empty). */
  readonly outcome: 'answered' | 'failed'
  /** Why the call failed. */
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

/** A call with its reply parsed once, right after it returned, and whether it counts as a review. */
export interface Review extends CallResult {
  readonly parsed: ParsedReply
  /** Counts toward min-reviewers: the call answered and the reply reviewed the bundle. */
  readonly complete: boolean
  /** Why it does not count; set exactly when `complete` is false. */
  readonly incompleteReason?: string
  /** Answered, but far too short for the bundle, with no finding and no verdict: the reviewer disengaged. */
  readonly thin: boolean
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
  /**
   * FIX: the new text of exactly the cited lines, as the reviewer wrote it in
   * a fenced block (model text: never executed; escaped and bounded where shown).
   */
  readonly fix?: string
}

export interface ParsedReply {
  readonly findings: readonly ParsedFinding[]
  readonly verdict?: Verdict
  readonly verdictSummary: string
  /** Blocks that looked like findings but lacked a severity or location. */
  readonly unparsed: readonly string[]
  /** What can be told of the text that could not be read: a place it cites, a severity it names (for the gate). */
  readonly unreadMarks?: readonly UnreadMark[]
}

export interface UnreadMark {
  readonly where?: Where
  readonly whereText?: string
  readonly severity?: Severity
}
