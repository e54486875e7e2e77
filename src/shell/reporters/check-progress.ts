// The check run while the reviews run: the plan as soon as it exists, then
// reviews done per reviewer, convergent findings and failures so far and the
// time left, at most once per interval. Never a write for nothing: none once
// every review is in or in the last seconds the estimate gives (the verdict's
// writes follow, at their own spacing), and none after stop(), which the
// verdict's writes wait for, so the last progress update never lands on the
// conclusion.
import { progressSummary, progressTitle } from '../../core/render/progress.ts'
import { progressAt, type ProgressEvent } from '../../core/verdict/progress.ts'
import { showCheckProgress, type CheckRef } from '../github/check-run.ts'
import type { GitHub } from '../github/client.ts'
import { progressFeed, type Feed, type Ticker } from '../progress-feed.ts'

/** At most one progress update in this long. */
export const PROGRESS_INTERVAL_MS = 30_000
/** No progress update when the estimate says the reviews end within this: the verdict is next. */
export const FINAL_QUIET_MS = 10_000

export interface CheckProgressOptions {
  readonly gh: GitHub
  /** The check, once created; undefined when there is none. */
  readonly check: () => Promise<CheckRef | undefined>
  readonly ticker: Ticker
  readonly intervalMs?: number
  readonly redact: (text: string) => string
  readonly warn: (message: string) => void
}

export function checkProgress(o: CheckProgressOptions): Feed<ProgressEvent> {
  const interval = o.intervalMs ?? PROGRESS_INTERVAL_MS
  let startedAt: number | undefined
  let stopped = false
  let onStop = (): void => undefined
  // A write still waiting for the check to exist is given up when progress stops: the verdict must not wait for it.
  const stopping = new Promise<undefined>((resolve) => (onStop = () => resolve(undefined)))
  let warned = false
  const feed = progressFeed<ProgressEvent>({
    intervalMs: interval,
    ticker: o.ticker,
    worth: (event, now) => {
      const p = progressAt(event, now - (startedAt ?? now), false) // no tally: this runs before any call is made
      return p.done < p.total && (p.leftMs === undefined || p.leftMs >= FINAL_QUIET_MS)
    },
    write: async (event, now) => {
      const check = await Promise.race([o.check(), stopping])
      if (!check || stopped) return
      const p = progressAt(event, now - (startedAt ?? now))
      const text = { title: progressTitle(p), summary: o.redact(progressSummary(event.plan, p.done > 0 ? p : undefined, interval / 1000)) }
      await showCheckProgress(o.gh, check, text, () => !stopped).catch((error: unknown) => {
        if (!stopped && !warned)
          o.warn(`could not update the check run's progress (${o.redact(String(error))}); the verdict will still be posted`)
        warned = true
      })
    },
  })
  return {
    update: (event) => {
      startedAt ??= o.ticker.now()
      feed.update(event)
    },
    stop: () => {
      stopped = true
      onStop()
      return feed.stop()
    },
  }
}
