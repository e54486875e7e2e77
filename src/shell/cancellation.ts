// A cancelled job ends with no check in progress. The runner sends SIGINT
// (or SIGTERM, as after a newer push in a cancel-in-progress group) and kills
// the process a few seconds later; the handling is registered at the run's
// first instruction. A signal before anything was written ends the run with
// nothing written; once the reporter has started, it completes what it
// started (reporters/github.ts: cancel).
import type { Ending } from './reporters/reporter.ts'
import type { ActionIO } from './runner.ts'

/**
 * How long a cancellation may take. The runner sends SIGTERM 7.5 s after
 * SIGINT and kills the process 2.5 s after SIGTERM; a job sent SIGTERM first
 * has those 2.5 s only.
 */
export const CANCEL_GRACE_MS = 2000

export type Finish = (signal: string, deadline: AbortSignal) => Promise<Ending>

export interface Cancellation {
  /** The signal that cancelled the run, once one has. */
  readonly signal: string | undefined
  /** A signal from now on is finished by `finish` (a signal before this ends the run with nothing to finish). */
  finishWith(finish: Finish): void
  /** Throws once cancelled: before the first write, and in place of whatever error the cancellation caused. */
  throwIfCancelled(): void
  /**
   * The run's work, settled only once a cancellation under way has finished
   * (the runner's handler then ends the process with its exit code): the run
   * never ends in the middle of completing its check. A run cancelled before
   * a verdict stood throws.
   */
  outlast<T>(work: Promise<T>): Promise<T>
}

export function watchCancellation(io: Pick<ActionIO, 'onCancel' | 'info'>): Cancellation {
  let signal: string | undefined
  let finish: Finish | undefined
  let exitCode: Promise<number> | undefined
  io.onCancel?.((received) => {
    // The runner escalates (SIGINT, then SIGTERM): every signal gets the first one's ending.
    if (exitCode) return exitCode
    signal = received
    io.info(`The job was cancelled (${received}): nothing more is reviewed or posted.`)
    const ending = finish ? finish(received, AbortSignal.timeout(CANCEL_GRACE_MS)) : Promise.resolve<Ending>('failure')
    exitCode = ending.then(
      (e) => (e === 'success' ? 0 : 1),
      () => 1,
    )
    return exitCode
  })
  return {
    get signal() {
      return signal
    },
    finishWith(f) {
      finish = f
    },
    throwIfCancelled() {
      if (signal !== undefined) throw new Error(`cancelled by ${signal} before a verdict`)
    },
    async outlast(work) {
      const settled = await work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
      if ((await exitCode) === 1) this.throwIfCancelled()
      if ('error' in settled) throw settled.error
      return settled.value
    },
  }
}

/** The promise's value, or undefined if `signal` aborts first (or the promise rejects). */
export function until<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const stop = (): void => {
      resolve(undefined)
    }
    signal.addEventListener('abort', stop, { once: true })
    void promise.then(resolve, stop).finally(() => {
      signal.removeEventListener('abort', stop)
    })
  })
}
