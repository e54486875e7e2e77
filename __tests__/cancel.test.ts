// Cancellation at every moment of a run, in-process: the runner's signal is
// sent while a given request is in flight (held by the fake until the signal
// has been delivered), never after a delay. Whatever the moment, the run ends
// with no check in progress, nothing written after the signal but the one
// request that completes the check, and an exit code that agrees with the
// check's conclusion.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeCheckRun, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import type { RecordedRequest } from './helpers/http.ts'
import { runnerSignals, signalOnFirst, type RunnerSignals } from './helpers/signals.ts'

const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const CANCELLED = { status: 'completed', conclusion: 'failure', output: { title: 'Review cancelled' } }

let github: FakeGitHub
let models: FakeModels
let signals: RunnerSignals

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Add rate limiting', diff: demoDiff() })
  signals = runnerSignals()
})

afterEach(async () => {
  await github.close()
  await models.close()
})

async function shipModels(opus: ModelScript = ship): Promise<FakeModels> {
  models = await startFakeModels({ 'anthropic/opus': opus, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
  return models
}

/** The writes GitHub received after the request the signal was sent on (that request excluded). */
function writesAfter(trigger: (r: RecordedRequest) => boolean): RecordedRequest[] {
  const at = github.requests.findIndex(trigger)
  return github.requests.slice(at + 1).filter((r) => r.method !== 'GET' && r.path !== '/graphql')
}

const isCheckUpdate = (r: RecordedRequest): boolean => r.method === 'PATCH' && /\/check-runs\/\d+$/.test(r.path)

/** The invariant of every cancellation: the check, if any, ended completed, and says what the exit code says. */
function expectConsistent(exit: number | undefined, checks: readonly FakeCheckRun[]): void {
  expect(exit, 'the signal was handled (the default action would kill the process)').toBeTypeOf('number')
  for (const check of checks) {
    expect(check.status).toBe('completed')
    expect(check.conclusion).toBe(exit === 0 ? 'success' : 'failure')
  }
}

describe('a cancellation at any moment leaves no check in progress', () => {
  it('handles a signal that lands while the pull request is first read, before any write', async () => {
    github.holdUntil('GET', /\/pulls\/7$/, signalOnFirst(signals))
    const run = await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(exit).toBe(1)
    expect(run.error?.message).toMatch(/^cancelled by SIGTERM/)
    expect(github.writes()).toEqual([])
    expect(models.calls()).toHaveLength(0)
  })

  it('completes a check whose creation was in flight when the signal landed (the first write)', async () => {
    github.holdUntil('POST', /\/check-runs$/, signalOnFirst(signals))
    const run = await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(run.error?.message).toMatch(/^cancelled by SIGTERM/)
    expect(github.checkRuns).toHaveLength(1)
    expect(github.checkRuns[0]).toMatchObject(CANCELLED)
    expect(writesAfter((r) => r.method === 'POST' && r.path.endsWith('/check-runs'))).toHaveLength(1)
    expect(github.comments).toHaveLength(0)
  })

  it('completes the check as cancelled when the signal lands during the model calls, and posts nothing else', async () => {
    let signalled = false
    const opus: ModelScript = () => {
      if (!signalled) {
        signalled = true
        void signals.send('SIGTERM')
      }
      return { reply: 'VERDICT: ship' }
    }
    const run = await runAgainst(github, await shipModels(opus), { onCancel: signals.onCancel })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(run.error?.message).toMatch(/^cancelled by SIGTERM/)
    expect(github.checkRuns).toHaveLength(1)
    expect(github.checkRuns[0]).toMatchObject(CANCELLED)
    expect(github.comments).toHaveLength(0)
  })

  it('lets the comment in flight stand but writes nothing after it except the check, completed as cancelled', async () => {
    github.holdUntil('POST', /\/issues\/7\/comments$/, signalOnFirst(signals))
    await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(github.checkRuns[0]).toMatchObject(CANCELLED)
    expect(github.comments).toHaveLength(1)
    const after = writesAfter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))
    expect(after.map((r) => `${r.method} ${r.json<{ output?: { title?: string } }>().output?.title}`)).toEqual(['PATCH Review cancelled'])
  })

  it('keeps the exit code and the check in agreement when the signal lands while the verdict completes the check', async () => {
    github.holdUntil('PATCH', /\/check-runs\/\d+$/, signalOnFirst(signals))
    await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(writesAfter(isCheckUpdate).length).toBeLessThanOrEqual(1)
  })

  // Found by the soak before the fix (SOAK_SEED=18, run 78): the handler was removed as the run returned, so a late signal killed the
  // process (no exit code) while its check said success.
  it('changes nothing once the verdict completed the check: the exit code follows the verdict', async () => {
    const run = await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const writes = github.writes().length
    const exit = await signals.send('SIGTERM')

    expect(run.result?.conclusion).toBe('success')
    expectConsistent(exit, github.checkRuns)
    expect(exit).toBe(0)
    expect(github.writes()).toHaveLength(writes)
  })

  it('answers SIGINT then SIGTERM (the runner escalating) with one ending and one completing request', async () => {
    github.holdUntil('POST', /\/check-runs$/, signalOnFirst(signals, 'SIGINT', 'SIGTERM'))
    await runAgainst(github, await shipModels(), { onCancel: signals.onCancel })
    const exits = await Promise.all(signals.sent)

    expect(exits).toEqual([1, 1])
    expectConsistent(exits[0], github.checkRuns)
    expect(github.writes().filter(isCheckUpdate)).toHaveLength(1)
  })

  it('completes the check of a configuration error when the signal lands while that check is being created', async () => {
    github.holdUntil('POST', /\/check-runs$/, signalOnFirst(signals))
    const run = await runAgainst(github, await shipModels(), { onCancel: signals.onCancel, inputs: { 'min-reviewers': '0' } })
    const [exit] = await Promise.all(signals.sent)

    expect(run.error).toBeDefined()
    expectConsistent(exit, github.checkRuns)
    expect(github.checkRuns).toHaveLength(1)
    expect(models.calls()).toHaveLength(0)
  })

  // Found by the soak before the fix (SOAK_SEED=18, runs 18, 30, 53): a creation refused and retried after the signal, behind
  // its back-off, kept the old handler waiting past the grace period.
  it('does not retry a check creation after the signal: with the first attempt refused by a secondary rate limit, no check is left', async () => {
    github.failNext({
      method: 'POST',
      path: /\/check-runs$/,
      status: 403,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '1' },
    })
    github.holdUntil('POST', /\/check-runs$/, signalOnFirst(signals))
    await runAgainst(github, await shipModels(), { onCancel: signals.onCancel, github: { throttle: true, retryBaseMs: 1 } })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(github.writes()).toHaveLength(1) // the refused attempt, not retried
    expect(github.checkRuns).toEqual([])
  })

  // Found by the soak before the fix (SOAK_SEED=18, runs 29, 52): completing through the run's client put the request behind
  // the write queue and GitHub's back-off; SIGKILL left the check in progress.
  it("completes the check at once and retries quickly on 5xx, whatever back-off the run's client uses", async () => {
    github.failNext({ method: 'PATCH', path: /\/check-runs\/\d+$/, status: 500, times: 2 })
    github.holdUntil('GET', /\/commits\/[^/]+\/check-runs$/, signalOnFirst(signals))
    // A back-off of a minute per retry: a completion that went through the run's own client would outlast the test.
    await runAgainst(github, await shipModels(), { onCancel: signals.onCancel, github: { throttle: true, retryBaseMs: 60_000 } })
    const [exit] = await Promise.all(signals.sent)

    expectConsistent(exit, github.checkRuns)
    expect(github.checkRuns[0]).toMatchObject(CANCELLED)
    expect(github.writes().filter(isCheckUpdate)).toHaveLength(3)
  })
})
