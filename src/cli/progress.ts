// The CLI's progress on stderr while the reviews run. On a terminal: one
// status line rewritten in place (reviews done per reviewer, convergent so
// far, failures, time left), at most four times a second, each failed review
// printed above it as it happens, and the line cleared once every review is
// in, before the report. Off a terminal: one plain line per review with the
// count so far, as the action's log has it.
import { duration, progressCount, progressLine, progressStatus } from '../core/render/progress.ts'
import { progressAt, type ProgressEvent } from '../core/verdict/progress.ts'
import { progressFeed, since, systemTicker, type Ticker } from '../shell/progress-feed.ts'
import type { Terminal } from './terminal.ts'

const REDRAW_MS = 250
const ERASE_LINE = '\r\u001B[2K'

export interface CliProgress {
  readonly onProgress: (event: ProgressEvent) => void
  /** Clears the status line, if one is shown: call before printing anything else. */
  readonly finish: () => Promise<void>
}

/** `eta: false` for recorded replies, whose latencies are not this run's. */
export function cliProgress(term: Terminal, options: { readonly eta: boolean; readonly ticker?: Ticker }): CliProgress {
  const ticker = options.ticker ?? systemTicker
  const clock = since(ticker)
  const timed = (event: ProgressEvent, convergent: boolean): ReturnType<typeof progressAt> => {
    const p = progressAt(event, clock.since(), convergent)
    if (options.eta) return p
    const { leftMs: _unknown, ...rest } = p
    return rest
  }
  if (term.stderrIsTTY !== true) {
    return {
      onProgress: (event) => {
        const review = event.reviews.at(-1)
        const p = timed(event, false)
        if (review) term.stderr(`${progressLine(review)} · ${progressCount(p)}\n`)
      },
      finish: () => Promise.resolve(),
    }
  }
  let shown = false
  let over = false
  const width = Math.max(20, (term.stderrColumns ?? 100) - 1)
  const clear = (): void => {
    if (shown) term.stderr(ERASE_LINE)
    shown = false
  }
  const draw = (event: ProgressEvent): void => {
    if (over) return
    const line = progressStatus(timed(event, true))
    term.stderr(`${ERASE_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`)
    shown = true
  }
  const feed = progressFeed<ProgressEvent>({
    intervalMs: REDRAW_MS,
    ticker,
    write: (event) => {
      draw(event)
      return Promise.resolve()
    },
  })
  const finish = async (): Promise<void> => {
    over = true
    await feed.stop()
    clear()
  }
  return {
    onProgress: (event) => {
      clock.since()
      const review = event.reviews.at(-1)
      const failed = review !== undefined && !review.complete
      if (failed) {
        clear()
        term.stderr(`${progressLine(review)}\n`)
      }
      if (event.reviews.length >= event.bundles * event.reviewers.length) {
        // Every review is in: the line goes before the report does, saying how long it took.
        over = true
        void feed.stop()
        clear()
        if (event.reviews.length > 0) term.stderr(`  ${event.reviews.length} review(s) in ${duration(clock.since())}\n`)
        return
      }
      if (failed) draw(event) // the status line again, under the failure
      feed.update(event)
    },
    finish,
  }
}
