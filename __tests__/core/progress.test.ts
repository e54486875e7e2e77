import { describe, expect, it } from 'vitest'
import { duration, progressCount, progressStatus, progressSummary, progressTitle } from '../../src/core/render/progress.ts'
import type { Review } from '../../src/core/reply/types.ts'
import { progressOf, type ProgressInput } from '../../src/core/verdict/progress.ts'
import { nextWriteAt, progressFeed } from '../../src/shell/progress-feed.ts'
import { manualTicker } from '../helpers/ticker.ts'

const review = (reviewer: string, bundleId: string, latencyMs: number, over: Partial<Review> = {}): Review => ({
  reviewer,
  bundleId,
  outcome: 'answered',
  reply: 'VERDICT: ship',
  latencyMs,
  tokensIn: 100,
  tokensOut: 10,
  finishReason: 'stop',
  parsed: { findings: [], unparsed: [] } as unknown as Review['parsed'],
  complete: true,
  thin: false,
  ...over,
})
const input = (reviews: Review[], over: Partial<ProgressInput> = {}): ProgressInput => ({
  reviewers: ['opus', 'kimi', 'qwen'],
  bundles: 2,
  reviews,
  convergent: 0,
  elapsedMs: 20_000,
  concurrency: 9,
  ...over,
})

describe('progress of a run', () => {
  it('counts reviews done per reviewer and in all, failures with the first reason, and convergent findings so far', () => {
    const failed = review('kimi', 'b1', 5_000, { complete: false, outcome: 'failed', incompleteReason: 'HTTP 500 from https://x.test' })
    const p = progressOf(input([review('opus', 'b1', 20_000), failed, review('kimi', 'b2', 9_000)], { convergent: 1 }))
    expect(p).toMatchObject({ done: 3, total: 6, failed: 1, convergent: 1 })
    expect(p.perReviewer).toEqual([
      { reviewer: 'opus', done: 1, total: 2, failed: 0 },
      { reviewer: 'kimi', done: 2, total: 2, failed: 1 },
      { reviewer: 'qwen', done: 0, total: 2, failed: 0 },
    ])
    expect(p.firstFailure).toEqual({ reviewer: 'kimi', bundleId: 'b1', reason: 'HTTP 500 from https://x.test' })
  })

  it('estimates the time left from each reviewer’s calls so far, in rounds of its concurrency, up to the deadline', () => {
    // Nothing back yet from a reviewer with calls left: no estimate.
    expect(progressOf(input([review('opus', 'b1', 20_000)])).leftMs).toBeUndefined()
    // All calls at once (2 ≤ concurrency): each reviewer ends about when its first call took.
    const all = [review('opus', 'b1', 30_000), review('kimi', 'b1', 12_000), review('qwen', 'b1', 25_000)]
    expect(progressOf(input(all, { elapsedMs: 12_000 })).leftMs).toBe(18_000)
    // One call at a time: opus has 1 of 4 done at 10 s each, so 30 s more.
    const waves = input([review('opus', 'b1', 10_000)], { reviewers: ['opus'], bundles: 4, concurrency: 1, elapsedMs: 10_000 })
    expect(progressOf(waves).leftMs).toBe(30_000)
    expect(progressOf({ ...waves, deadlineMs: 25_000 }).leftMs).toBe(15_000)
    // Running past the estimate: the rounds left, from now (opus: one more call of 30 s).
    expect(progressOf(input(all, { elapsedMs: 40_000 })).leftMs).toBe(30_000)
    // Reused replies are no guide to how long a call takes.
    expect(progressOf(input([review('opus', 'b1', 1, { reused: true })], { reviewers: ['opus'] })).leftMs).toBeUndefined()
    // Done: nothing left.
    const done = [...all, review('opus', 'b2', 1), review('kimi', 'b2', 1), review('qwen', 'b2', 1)]
    expect(progressOf(input(done)).leftMs).toBe(0)
  })

  it('reads as a title, a status line, a log suffix and a check summary', () => {
    const failed = review('kimi', 'b1', 5_000, { complete: false, outcome: 'failed', incompleteReason: 'HTTP 500 <b>@x</b>' })
    const p = progressOf(input([review('opus', 'b1', 80_000), failed, review('qwen', 'b1', 30_000)], { convergent: 2, elapsedMs: 5_000 }))
    expect(progressTitle(p)).toBe('Reviewing: 3 of 6 reviews done, 1 failed · about 1 min 15 s left')
    expect(progressStatus(p)).toBe(
      'reviews 3/6 (opus 1/2, kimi 1/2, qwen 1/2) · 2 convergent so far · 1 failed (kimi: HTTP 500 <b>@x</b>) · about 1 min 15 s left',
    )
    expect(progressCount(p)).toBe('3/6 done, about 1 min 15 s left')
    const summary = progressSummary('pull request #7: 6 file(s) → 2 bundle(s) × 3 reviewer(s) = 6 review(s)', p, 30)
    expect(summary).toContain('**Plan**: pull request \\#&#8203;7: 6 file\\(s\\)')
    expect(summary).toContain('**3 of 6 reviews done** after 5 s · about 1 min 15 s left')
    expect(summary).toContain('| kimi | 1/2 | 1 |')
    expect(summary).toContain('**2 convergent finding(s) so far**: not a verdict')
    expect(summary).toContain('the first: kimi on b1: HTTP 500 \\<b\\>@&#8203;x\\</b\\>')
    expect(progressSummary('the plan', undefined, 30)).toBe(
      '**Plan**: the plan\n\n<sub>Updated at most every 30 s while the reviews run; the verdict replaces this.</sub>\n',
    )
    expect([duration(400), duration(45_000), duration(80_000), duration(120_000), duration(725_000)]).toEqual([
      '1 s',
      '45 s',
      '1 min 20 s',
      '2 min',
      '12 min',
    ])
  })
})

describe('a progress feed', () => {
  function feed(worth?: (n: number) => boolean) {
    const ticker = manualTicker()
    const written: [number, number][] = []
    let answer: () => void = () => undefined
    const hold = { on: false }
    const f = progressFeed<number>({
      intervalMs: 30_000,
      ticker,
      ...(worth ? { worth: (n: number) => worth(n) } : {}),
      write: (n, now) => {
        written.push([n, now - 1_000_000])
        return hold.on ? new Promise<void>((r) => (answer = r)) : Promise.resolve()
      },
    })
    return { f, ticker, written, hold, answer: () => answer() }
  }
  const settle = (): Promise<void> => new Promise((r) => setImmediate(r))

  it('writes the first state at once, then at most once an interval, only the newest', async () => {
    const { f, ticker, written } = feed()
    f.update(1)
    await settle()
    f.update(2)
    ticker.advance(10_000)
    f.update(3)
    await settle()
    expect(written).toEqual([[1, 0]])
    ticker.advance(20_000)
    await settle()
    expect(written).toEqual([
      [1, 0],
      [3, 30_000],
    ])
    expect(nextWriteAt(undefined, 30_000)).toBe(-Infinity)
    expect(nextWriteAt(5, 30_000)).toBe(30_005)
  })

  it('skips a state not worth a write, and writes nothing once stopped, waiting for the write in flight', async () => {
    const { f, ticker, written, hold, answer } = feed((n) => n !== 2)
    f.update(2)
    await settle()
    expect(written).toEqual([])
    hold.on = true
    f.update(3)
    await settle()
    f.update(4) // waits for the write in flight, then for the interval
    let stopped = false
    const stopping = f.stop().then(() => (stopped = true))
    await settle()
    expect(stopped).toBe(false) // the write on the wire is answered first
    answer()
    await stopping
    ticker.advance(60_000)
    f.update(5)
    await settle()
    expect(written).toEqual([[3, 0]])
    expect(ticker.pending()).toBe(0)
  })
})
