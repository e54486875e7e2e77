// Where a run stands while reviews come in: reviews done of the total (per
// reviewer), failures so far with the first reason, convergent findings so
// far, and an estimate of the time left. Pure: the caller says how much time
// has passed, so a test drives the clock.
import type { Review } from '../reply/types.ts'

export interface ProgressInput {
  readonly reviewers: readonly string[]
  readonly bundles: number
  /** The reviews done so far, in the order they finished. */
  readonly reviews: readonly Review[]
  /** Convergent findings among them (a tally of the reviews so far). */
  readonly convergent: number
  /** Since the first call could start. */
  readonly elapsedMs: number
  /** Calls each reviewer makes at once. */
  readonly concurrency: number
  /** When every call is stopped, counted like elapsedMs. */
  readonly deadlineMs?: number
}

export interface ReviewerProgress {
  readonly reviewer: string
  readonly done: number
  readonly total: number
  readonly failed: number
}

export interface RunProgress {
  readonly done: number
  readonly total: number
  readonly perReviewer: readonly ReviewerProgress[]
  readonly convergent: number
  /** Reviews that do not count (a failed call, an unreadable or thin reply). */
  readonly failed: number
  readonly firstFailure?: { readonly reviewer: string; readonly bundleId: string; readonly reason: string }
  readonly elapsedMs: number
  /** Undefined while it cannot be told: no call of a reviewer with calls left has come back yet. */
  readonly leftMs?: number
}

export function progressOf(input: ProgressInput): RunProgress {
  const perReviewer = input.reviewers.map((reviewer) => {
    const mine = input.reviews.filter((r) => r.reviewer === reviewer)
    return { reviewer, done: mine.length, total: input.bundles, failed: mine.filter((r) => !r.complete).length }
  })
  const failure = input.reviews.find((r) => !r.complete)
  const left = timeLeft(input)
  return {
    done: input.reviews.length,
    total: input.bundles * input.reviewers.length,
    perReviewer,
    convergent: input.convergent,
    failed: perReviewer.reduce((n, r) => n + r.failed, 0),
    ...(failure
      ? { firstFailure: { reviewer: failure.reviewer, bundleId: failure.bundleId, reason: failure.incompleteReason ?? '' } }
      : {}),
    elapsedMs: input.elapsedMs,
    ...(left === undefined ? {} : { leftMs: left }),
  }
}

/**
 * Each reviewer runs its calls `concurrency` at a time, each taking about as
 * long as its calls so far took: its work ends after ceil(calls / width)
 * rounds. A reviewer already past that is given the rounds it has left, from
 * now. The run ends with its slowest reviewer, and by its deadline.
 */
function timeLeft(input: ProgressInput): number | undefined {
  let slowest = 0
  for (const reviewer of input.reviewers) {
    const mine = input.reviews.filter((r) => r.reviewer === reviewer)
    if (mine.length >= input.bundles) continue
    const asked = mine.filter((r) => r.reused !== true)
    if (asked.length === 0) return undefined
    const calls = input.bundles - (mine.length - asked.length)
    const width = Math.max(1, Math.min(input.concurrency, calls))
    const each = asked.reduce((n, r) => n + r.latencyMs, 0) / asked.length
    const planned = Math.ceil(calls / width) * each - input.elapsedMs
    const left = planned > 0 ? planned : Math.ceil((input.bundles - mine.length) / width) * each
    slowest = Math.max(slowest, left)
  }
  return input.deadlineMs === undefined ? slowest : Math.min(slowest, Math.max(0, input.deadlineMs - input.elapsedMs))
}

/** What the pipeline knows as each review comes in; the caller adds the time. */
export interface ProgressEvent {
  /** The plan as one line (planLine): files, bundles, calls, tokens, cost. */
  readonly plan: string
  readonly reviewers: readonly string[]
  readonly bundles: number
  readonly reviews: readonly Review[]
  /** Convergent findings among the reviews so far, counted only when asked (a tally). */
  readonly convergent: () => number
  readonly concurrency: number
  readonly deadlineMs: number
}

/** `convergent: false` leaves the count at 0 and skips the tally (a log line per review does not show it). */
export function progressAt(event: ProgressEvent, elapsedMs: number, convergent = true): RunProgress {
  return progressOf({ ...event, convergent: convergent ? event.convergent() : 0, elapsedMs })
}
