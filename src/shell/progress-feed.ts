// Progress updates, spaced: the newest state is written at most once per
// interval (a state that arrives sooner waits for the interval's end, and
// only the newest is written), one write at a time, and none once stopped.
// stop() cancels what waits and resolves once the write in flight is
// answered, so the write that follows it (the verdict) lands last. The clock
// and its timers are passed in: tests drive them by hand, with no timing.

export interface Ticker {
  readonly now: () => number
  /** Calls `fn` once `ms` have passed on this clock; returns how to cancel it. */
  readonly after: (ms: number, fn: () => void) => () => void
}

export const systemTicker: Ticker = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms)
    timer.unref() // a pending update never keeps the process alive
    return () => {
      clearTimeout(timer)
    }
  },
}

/** Time since the first call of `since()`: how long the run has been reviewing. */
export function since(ticker: Ticker): { readonly since: () => number } {
  let start: number | undefined
  return {
    since: () => {
      const now = ticker.now()
      start ??= now
      return now - start
    },
  }
}

export interface FeedOptions<T> {
  readonly intervalMs: number
  readonly ticker: Ticker
  /** Whether the state is worth a write at `now` at all (say, not when the verdict is about to follow). */
  readonly worth?: (state: T, now: number) => boolean
  /** Never rejects, or its failure is dropped: progress is advisory. */
  readonly write: (state: T, now: number) => Promise<void>
}

export interface Feed<T> {
  readonly update: (state: T) => void
  readonly stop: () => Promise<void>
}

/** When the next write may start: at once the first time, then an interval after the last one started. */
export function nextWriteAt(lastWriteAt: number | undefined, intervalMs: number): number {
  return lastWriteAt === undefined ? -Infinity : lastWriteAt + intervalMs
}

export function progressFeed<T>(o: FeedOptions<T>): Feed<T> {
  let latest: { state: T } | undefined
  let lastWriteAt: number | undefined
  let cancelTimer: (() => void) | undefined
  let inFlight: Promise<void> | undefined
  let stopped = false
  const attempt = (): void => {
    cancelTimer = undefined
    if (stopped || latest === undefined || inFlight !== undefined) return
    const now = o.ticker.now()
    const due = nextWriteAt(lastWriteAt, o.intervalMs)
    if (now < due) {
      cancelTimer = o.ticker.after(due - now, attempt)
      return
    }
    const { state } = latest
    latest = undefined
    if (o.worth && !o.worth(state, now)) return
    lastWriteAt = now
    inFlight = o
      .write(state, now)
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined
        attempt()
      })
  }
  return {
    update: (state) => {
      if (stopped) return
      latest = { state }
      if (cancelTimer === undefined) attempt()
    },
    stop: async () => {
      stopped = true
      cancelTimer?.()
      cancelTimer = undefined
      await inFlight
    },
  }
}
