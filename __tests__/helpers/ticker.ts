// A clock and its timers driven by hand: a test says when time passes, so
// nothing it checks depends on how fast the machine is.
import type { Ticker } from '../../src/shell/progress-feed.ts'

export interface ManualTicker extends Ticker {
  /** Moves the clock on, running every timer that comes due, in order. */
  advance(ms: number): void
  /** Timers set and not yet run or cancelled. */
  pending(): number
}

export function manualTicker(start = 1_000_000): ManualTicker {
  let now = start
  let next = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    after: (ms, fn) => {
      const id = next++
      timers.set(id, { at: now + ms, fn })
      return () => {
        timers.delete(id)
      }
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].fn()
      }
      now = until
    },
    pending: () => timers.size,
  }
}
