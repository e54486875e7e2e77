import { describe, expect, it } from 'vitest'
import { createLane, GROWTH, type Lane, type Pace } from '../../src/shell/pacing.ts'

/** An attempt the test settles by hand: 'answered' or a refusal asking for a wait. */
interface Held {
  started: boolean
  settle: (pace: Pace) => void
  done: Promise<Pace>
}

function hold(lane: Lane, retry = false): Held {
  let settle: (pace: Pace) => void = () => {}
  const held: Held = { started: false, settle: (p) => settle(p), done: Promise.resolve('neutral') }
  held.done = lane.run(
    () =>
      new Promise<Pace>((resolve) => {
        held.started = true
        settle = resolve
      }),
    (pace) => pace,
    retry,
  )
  return held
}

/** Lets queued work start: promise callbacks and p-queue's scheduling, no time passing. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('createLane', () => {
  it('narrows to the calls the endpoint is still serving on a refusal, and widens by one per GROWTH widths of answers', async () => {
    const lane = createLane(4)
    const calls = [hold(lane), hold(lane), hold(lane), hold(lane)]
    await settled()
    calls[0]!.settle({ refusedForMs: 0 })
    await calls[0]!.done
    expect(lane.width).toBe(3)
    const waiting = hold(lane)
    await settled()
    expect(waiting.started).toBe(false) // three still running fill the lane
    for (const call of calls.slice(1)) call.settle('answered')
    await settled()
    expect(waiting.started).toBe(true)
    waiting.settle('answered')
    await Promise.all([...calls, waiting].map((c) => c.done))
    for (let answers = 4; answers < GROWTH * 3; answers++) {
      expect(lane.width).toBe(3)
      const call = hold(lane)
      await settled()
      call.settle('answered')
      await call.done
    }
    expect(lane.width).toBe(4)
    for (let answers = 0; answers < GROWTH * 4; answers++) {
      const call = hold(lane)
      await settled()
      call.settle('answered')
      await call.done
    }
    expect(lane.width).toBe(4) // never past the ceiling
  })

  it('is never narrower than one', async () => {
    const lane = createLane(3)
    const only = hold(lane)
    await settled()
    only.settle({ refusedForMs: 0 })
    await only.done
    expect(lane.width).toBe(1)
  })

  it('starts nothing while paused for a refusal; the run deadline ends the pause', async () => {
    const deadline = new AbortController()
    const lane = createLane(2, deadline.signal)
    const refused = hold(lane)
    const answered = hold(lane)
    await settled()
    refused.settle({ refusedForMs: 60_000 })
    answered.settle('answered')
    await Promise.all([refused.done, answered.done])
    const next = hold(lane)
    await settled()
    expect(next.started).toBe(false)
    deadline.abort()
    await settled()
    expect(next.started).toBe(true)
    next.settle('answered')
    await next.done
  })

  it('does not wait out a pause that ends past giveUpAt: the next attempt is told when it would end', async () => {
    const lane = createLane(1, undefined, performance.now() + 1000)
    const refused = hold(lane)
    await settled()
    refused.settle({ refusedForMs: 60_000 })
    await refused.done
    const told = await lane.run(
      (pausedUntil) => Promise.resolve(pausedUntil),
      () => 'neutral',
    )
    expect(told).toBeGreaterThan(performance.now() + 50_000)
  })

  it('starts a retry ahead of calls not yet tried', async () => {
    const lane = createLane(1)
    const running = hold(lane)
    const first = hold(lane)
    const retry = hold(lane, true)
    await settled()
    running.settle('answered')
    await running.done
    await settled()
    expect([first.started, retry.started]).toEqual([false, true])
    retry.settle('answered')
    await retry.done
    await settled()
    first.settle('answered')
    await first.done
  })
})
