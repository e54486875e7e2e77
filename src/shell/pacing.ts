// Each reviewer's own pace (one lane per endpoint + model): at most `ceiling`
// calls at once, adapting to what the endpoint accepts. A refusal (429) sets
// the lane's width to the calls the endpoint is still serving, the capacity it
// just showed, and pauses the lane for the wait the endpoint asked for; every
// `GROWTH` widths of answered calls widen it by one again, back towards the
// ceiling (additive increase, decrease to the observed capacity). Lanes share
// nothing, so a slow or limited reviewer never holds another's slots.
import { setTimeout as sleep } from 'node:timers/promises'
import PQueue from 'p-queue'

/** Answered calls per width before the lane tries one more call at once; 2 halves the probing refusals of 1. */
export const GROWTH = 2

/** How an attempt went, for the lane's pace: answered (widen), refused with a wait (narrow and pause), or neither. */
export type Pace = 'answered' | 'neutral' | { readonly refusedForMs: number }

export interface Lane {
  /**
   * Runs `attempt` when the lane has room and its pause is over; `pace` reads
   * its result. Retries go ahead of first tries. When the pause runs past
   * `giveUpAt`, nothing waits for it: `attempt` is called at once with the
   * time the pause ends, to give up.
   */
  run<T>(attempt: (pausedUntil?: number) => Promise<T>, pace: (result: T) => Pace, retry?: boolean): Promise<T>
  /** Calls the lane lets run at once now. */
  readonly width: number
}

export function createLane(ceiling: number, stop?: AbortSignal, giveUpAt = Infinity): Lane {
  const queue = new PQueue({ concurrency: ceiling })
  let width = ceiling
  let answeredAtWidth = 0
  let inFlight = 0
  let pausedUntil = 0
  const setWidth = (w: number): void => {
    width = w
    answeredAtWidth = 0
    queue.concurrency = w
  }
  // The pause is waited out inside a slot, so no timer outlives the calls that
  // wait on it; past the run's deadline nothing waits. Returns the pause's end when it is past giveUpAt.
  const waitOutPause = async (): Promise<number | undefined> => {
    for (let ms = pausedUntil - performance.now(); ms > 0 && stop?.aborted !== true; ms = pausedUntil - performance.now()) {
      if (pausedUntil > giveUpAt) return pausedUntil
      await sleep(ms, undefined, stop ? { signal: stop } : {}).catch(() => undefined)
    }
    return undefined
  }
  return {
    run(attempt, pace, retry = false) {
      return queue.add(
        async () => {
          const late = await waitOutPause()
          inFlight++
          const result = await attempt(late).finally(() => inFlight--)
          const how = pace(result)
          if (how === 'answered') {
            if (++answeredAtWidth >= GROWTH * width && width < ceiling) setWidth(width + 1)
          } else if (how !== 'neutral') {
            setWidth(Math.max(1, Math.min(width, inFlight)))
            pausedUntil = Math.max(pausedUntil, performance.now() + how.refusedForMs)
          }
          return result
        },
        { priority: retry ? 1 : 0 },
      )
    },
    get width() {
      return width
    },
  }
}
