// What a cancellation relies on in the GitHub client, with GitHub's write
// spacing on: stopWrites() lets nothing more out (a write waiting in the
// throttle's queue included) and waits for the write on the wire; the urgent
// client is never queued behind the writes. Ordering is shown by holding
// requests in the fake, never by timing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitHub, type GitHub } from '../../src/shell/github/client.ts'
import { listOwnThreads } from '../../src/shell/github/review-threads.ts'
import { WritesStopped } from '../../src/shell/github/write-gate.ts'
import { HEAD_SHA } from '../helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import { demoDiff } from '../helpers/fixtures.ts'

let github: FakeGitHub
let gh: GitHub

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
  gh = createGitHub('ghs_loopbacktoken000000000000000000000', github.url, { throttle: true, retryBaseMs: 1 })
})
afterEach(() => github.close())

const createCheck = (name: string) =>
  gh.rest.checks.create({ owner: github.owner, repo: github.repo, name, head_sha: HEAD_SHA, status: 'in_progress' })

/** Holds the first request matching until released; resolves `arrived` when it comes. */
function holdFirst(method: string, path: RegExp) {
  let arrive = (): void => undefined
  let release = (): void => undefined
  const arrived = new Promise<void>((r) => (arrive = r))
  const released = new Promise<void>((r) => (release = r))
  let first = true
  github.holdUntil(method, path, () => {
    if (!first) return Promise.resolve()
    first = false
    arrive()
    return released
  })
  return { arrived, release }
}

describe('the GitHub client when writes stop', () => {
  it('sends no write after stopWrites, not even one queued behind the write spacing, and waits for the one on the wire', async () => {
    const hold = holdFirst('POST', /\/check-runs$/)
    const onTheWire = createCheck('first')
    const queued = createCheck('second') // a second behind the first, in the throttle's write queue
    await hold.arrived
    let settled = false
    const stopped = gh.stopWrites().then(() => (settled = true))
    await new Promise((r) => setImmediate(r)) // a stop that did not wait would have settled by now
    expect(settled).toBe(false)
    hold.release()

    await stopped
    await expect(onTheWire).resolves.toMatchObject({ status: 201 })
    await expect(queued).rejects.toBeInstanceOf(WritesStopped)
    expect(github.checkRuns.map((c) => c.name)).toEqual(['first'])
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1) // refused, not retried
    await expect(gh.rest.pulls.get({ owner: github.owner, repo: github.repo, pull_number: 7 })).resolves.toMatchObject({ status: 200 })
  })

  it("sends the urgent client's request while a write holds the throttle's queue", async () => {
    const check = await createCheck('mine')
    // The next write takes the queue's one slot and stays on the wire until the urgent request has reached GitHub.
    let urgentArrived = (): void => undefined
    const urgentSeen = new Promise<void>((r) => (urgentArrived = r))
    github.holdUntil('POST', /\/issues\/7\/comments$/, () => urgentSeen)
    github.holdUntil('PATCH', /\/check-runs\/\d+$/, () => {
      urgentArrived()
      return Promise.resolve()
    })
    const comment = gh.rest.issues.createComment({ owner: github.owner, repo: github.repo, issue_number: 7, body: 'hi' })
    const behind = gh.rest.checks.update({ owner: github.owner, repo: github.repo, check_run_id: check.data.id, name: 'queued' })
    const urgent = gh.urgent.rest.checks.update({
      owner: github.owner,
      repo: github.repo,
      check_run_id: check.data.id,
      status: 'completed',
      conclusion: 'failure',
    })

    await Promise.all([comment, behind, urgent])
    const patches = github.requests.filter((r) => r.method === 'PATCH').map((r) => r.json<{ name?: string; status?: string }>())
    expect(patches).toEqual([expect.objectContaining({ status: 'completed' }), { name: 'queued' }])
  })
})

describe('GraphQL reads', () => {
  // The write gate and the write queue sit on the same client: a read that passes the stopped gate was never in that queue,
  // so GitHub's one-second write spacing never delays it, nor the writes after it (npm run bench -- overhead).
  it('lists the review threads through the read client: it still goes out once writes are stopped', async () => {
    await gh.stopWrites()
    const threads = await listOwnThreads(gh, { owner: github.owner, repo: github.repo, prNumber: 7 }, 'github-actions[bot]')
    expect(threads).toEqual([])
    expect(github.requests.filter((r) => r.path === '/graphql')).toHaveLength(1)
  })
})
