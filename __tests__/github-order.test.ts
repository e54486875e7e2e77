// Nothing waits for nothing (issue 13): model calls start once the diff is
// planned, whatever GitHub is still doing with the check run, and the check
// is completed all the same. How long things take is `npm run bench -- overhead`.
import { describe, expect, it } from 'vitest'
import { runAgainst } from './helpers/action-run.ts'
import { useDemoPull } from './helpers/demo-pull.ts'

const pull = useDemoPull()

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => {}
  const promise = new Promise<void>((resolve) => (fire = resolve))
  return { promise, fire }
}

const CHECK_CREATE = /\/check-runs$/

describe('the order of GitHub reads and writes', () => {
  it('starts the model calls while the check run is still being created', async () => {
    const modelCalled = signal()
    const ship = (): { reply: string } => {
      modelCalled.fire()
      return { reply: 'VERDICT: ship - nothing found' }
    }
    const models = await pull.models({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
    // Were model calls to wait for the check run, neither would ever happen.
    pull.github.holdUntil('POST', CHECK_CREATE, () => modelCalled.promise)
    const run = await runAgainst(pull.github, models)

    expect(run.error).toBeUndefined()
    expect(pull.github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' })
  })

  it('posts the comment without waiting for the check run, and completes the check once it exists', async () => {
    const commented = signal()
    pull.github.holdUntil('POST', CHECK_CREATE, () => commented.promise)
    pull.github.holdUntil('POST', /\/issues\/7\/comments$/, () => Promise.resolve(commented.fire()))
    const ship = (): { reply: string } => ({ reply: 'VERDICT: ship - nothing found' })
    const models = await pull.models({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
    const run = await runAgainst(pull.github, models)

    expect(run.error).toBeUndefined()
    expect(pull.github.comments).toHaveLength(1)
    expect(pull.github.checkRuns).toHaveLength(1)
    expect(pull.github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' })
    const created = pull.github.requests.findIndex((r) => r.method === 'POST' && CHECK_CREATE.test(r.path))
    const completed = pull.github.requests.findIndex((r) => r.method === 'PATCH')
    expect(created).toBeLessThan(completed)
  })

  it('completes the check as failure when the run breaks before the check run exists', async () => {
    const lastTry = signal()
    pull.github.holdUntil('POST', CHECK_CREATE, () => lastTry.promise)
    let diffTries = 0
    const failingDiff = (r: { headers: Record<string, unknown> }): boolean => {
      const diff = String(r.headers.accept).includes('diff')
      if (diff && ++diffTries === 4) lastTry.fire() // 1 try + 3 retries, all failing
      return diff
    }
    for (let i = 0; i < 4; i++)
      pull.github.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 502, message: 'Bad Gateway', when: failingDiff })
    const models = await pull.models({})
    const run = await runAgainst(pull.github, models)

    expect(run.error).toBeDefined()
    expect(models.requests).toHaveLength(0)
    expect(pull.github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })
})
