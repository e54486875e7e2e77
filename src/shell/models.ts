// One chat-completions call per (reviewer, bundle), paced per reviewer: each
// endpoint + model has its own lane (pacing.ts) whose width adapts to what the
// endpoint accepts, under the `concurrency` ceiling. A rate limit that says when
// to come back is not a failure: it is waited out and retried for as long as
// the run's deadline allows; one without a hint is retried `maxRetries` times.
import { plainText } from '../core/text/sanitize.ts'
import type { Bundle } from '../core/plan/types.ts'
import type { CallResult } from '../core/reply/types.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import { createCaller, failedCall, type Attempt, type CallOptions } from './model-call.ts'
import { createLane, type Lane, type Pace } from './pacing.ts'

export type ReviewClient = (reviewer: ReviewerEndpoint, bundle: Bundle) => Promise<CallResult>

export interface ModelOptions extends CallOptions {
  /** Calls in flight at once for one reviewer (endpoint + model): the ceiling its lane adapts under. */
  readonly concurrency: number
  /** Every call still running (or not yet started) is stopped this long after the client is made. */
  readonly deadlineSeconds?: number
  /** Overrides the deadline timer (tests abort it by hand). */
  readonly deadline?: AbortSignal
}

type Limited = Extract<Attempt, { kind: 'limited' }>

/** The least wait before asking a refusing endpoint again: a hint of 0 must not become a tight loop until the deadline. */
const MIN_WAIT_MS = 100

export function createModelClient(options: ModelOptions): ReviewClient {
  const deadline =
    options.deadline ?? (options.deadlineSeconds === undefined ? undefined : AbortSignal.timeout(options.deadlineSeconds * 1000))
  const deadlineAt = performance.now() + (options.deadlineSeconds ?? Infinity) * 1000
  const call = createCaller(options, deadline)
  const maxRetries = options.maxRetries ?? 2
  const lanes = new Map<string, Lane>()
  const laneFor = (r: ReviewerEndpoint): Lane => {
    const key = `${r.baseURL} ${r.model}`
    const lane = lanes.get(key) ?? createLane(options.concurrency, deadline, deadlineAt)
    lanes.set(key, lane)
    return lane
  }

  return async (reviewer, bundle) => {
    const started = performance.now()
    const lane = laneFor(reviewer)
    const limitedFor = (until: number, since: number): string => rateLimitedReason(reviewer, until - since, options.deadlineSeconds)
    let limitedSince: number | undefined
    let unhinted = 0
    for (;;) {
      const waitOf = (a: Limited): number => Math.max(MIN_WAIT_MS, a.waitMs ?? backoffMs(unhinted))
      // A lane paused past the deadline (a call was told to wait that long) is not waited out.
      const giveUp = (pausedUntil: number): Attempt => {
        const reason = limitedFor(pausedUntil, limitedSince ?? performance.now())
        return { kind: 'done', result: failedCall(reviewer, bundle, reason), stoppedByDeadline: false }
      }
      const attempt = await lane.run(
        (pausedUntil) => (pausedUntil === undefined ? call(reviewer, bundle) : Promise.resolve(giveUp(pausedUntil))),
        (a) => paceOf(a, waitOf),
        limitedSince !== undefined,
      )
      const now = performance.now()
      const latencyMs = Math.round(now - started)
      if (attempt.kind === 'done') {
        const cut = attempt.stoppedByDeadline && limitedSince !== undefined ? { reason: limitedFor(now, limitedSince) } : {}
        return { ...attempt.result, latencyMs, ...cut }
      }
      limitedSince ??= now
      const waitMs = waitOf(attempt)
      if (attempt.waitMs === undefined && ++unhinted > maxRetries) {
        const tries = `${maxRetries} ${maxRetries === 1 ? 'retry' : 'retries'}`
        const reason = `HTTP ${attempt.status} from ${reviewer.baseURL} (rate limited with no hint of when to retry; still refused after ${tries}): ${plainText(attempt.message, 200)}`
        return { ...failedCall(reviewer, bundle, reason), latencyMs }
      }
      // Waiting past the deadline would only end in the deadline: say so now.
      if (now + waitMs > deadlineAt || deadline?.aborted === true) {
        return { ...failedCall(reviewer, bundle, limitedFor(now + waitMs, limitedSince)), latencyMs }
      }
    }
  }
}

function paceOf(attempt: Attempt, waitOf: (a: Limited) => number): Pace {
  if (attempt.kind === 'limited') return { refusedForMs: waitOf(attempt) }
  return attempt.result.outcome === 'answered' ? 'answered' : 'neutral'
}

/** The SDK's back-off for a refusal that names no wait: 0.5 s, doubling, at most 8 s. */
function backoffMs(retry: number): number {
  return Math.min(500 * 2 ** retry, 8000)
}

function rateLimitedReason(reviewer: ReviewerEndpoint, ms: number, deadlineSeconds: number | undefined): string {
  const host = new URL(reviewer.baseURL).host
  return (
    `rate limited by ${host} for ${Math.max(1, Math.ceil(ms / 1000))} s; the run's deadline (deadline-seconds ${deadlineSeconds ?? '?'}) came first: ` +
    'lower concurrency, or re-run later'
  )
}

/**
 * For a dismissal's re-tally: no model is ever called. A bundle whose reply
 * the last run did not leave in the comment is a review that did not complete.
 */
export function storedRepliesOnly(command: string): ReviewClient {
  const reason =
    "not asked again: a dismissal re-tallies the last review's replies, and this one is not stored in the pull request's comment " +
    `(its call failed, or it did not fit); comment ${command} to review again`
  return (reviewer, bundle) => Promise.resolve({ ...failedCall(reviewer, bundle, reason), latencyMs: 0 })
}
