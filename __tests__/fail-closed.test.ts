// Every read the gate depends on, failing in more than one way (issue 30):
// the permission lookup of a comment command, the policy file at the base,
// the pull request, its diff, the files API and the compare API. Each failure
// is refusal: no model is called, no check is left in progress or passes, and
// the run says why. Never a fall-back to the defaults or to allowing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type ChatRequest, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import {
  commandUnderLookupFailures,
  commandWithLookupAnswered,
  failEvery,
  READ_FAILURES,
  type ReadFailure,
} from './helpers/github-failures.ts'
import type { RecordedRequest } from './helpers/http.ts'

const POLICY = '.github/cross-lineage-review.yml'
const BASE_SHA = 'b'.repeat(40)
const AT = 'services/gateway/src/ratelimit.ts'
/** A BLOCK from one lineage only: the defaults pass it, the base's `fail-on: any-block` fails it. */
const loneBlock: ModelScript = (req: ChatRequest) => ({
  reply: fencedDiff(req).includes(`+++ b/${AT}`)
    ? `SEVERITY: BLOCK\nWHERE: ${AT}:30\nWHAT: Off by one.\nWHY: The diff shows it.\n\nVERDICT: hold`
    : 'VERDICT: ship - nothing found',
})
const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const asksForDiff = (req: RecordedRequest): boolean => /\.diff\b/.test(req.headers.accept ?? '')

describe('a comment command whose permission lookup fails is refused', () => {
  it('/review from an admin is carried out when the lookup answers (the control)', async () => {
    const { run, github, models } = await commandWithLookupAnswered({ body: '/review', diff: demoDiff() })
    expect(run.result?.conclusion).toBe('success')
    expect(models.requests.length).toBeGreaterThan(0)
    expect(github.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })])
  })

  it('/review under 403, 404, 500, 503, a dropped connection and a refused one: the job fails saying why, no check, no model', async () => {
    const runs = await commandUnderLookupFailures({ body: '/review', diff: demoDiff() })
    for (const { failure, run, github } of runs) {
      expect(run.result, failure.name).toBeUndefined()
      expect(run.error?.message, failure.name).toMatch(
        /^Could not look up the permission of Codertocat on Codertocat\/Hello-World \(.+\), so the comment's command was refused: nothing was reviewed\./,
      )
      expect(run.error?.message, failure.name).toMatch(failure.said)
      expect(run.error?.message, failure.name).not.toMatch(/^\s+at /m)
      expect(github.checkRuns, failure.name).toEqual([])
      expect(github.writes(), failure.name).toEqual([])
    }
  })
})

describe("a dismissal whose author's permission lookup fails is refused", () => {
  const AT_30 = 'services/gateway/src/ratelimit.ts:30'
  const flagging: ModelScript = (req: ChatRequest) => ({
    reply: fencedDiff(req).includes(`+++ b/${AT}`)
      ? `SEVERITY: BLOCK\nWHERE: ${AT_30}\nWHAT: Off by one.\nWHY: The diff shows it.\n\nVERDICT: hold`
      : 'VERDICT: ship - nothing found',
  })
  const options = {
    diff: demoDiff(),
    script: { 'anthropic/opus': flagging, 'moonshotai/kimi': flagging, 'qwen/qwen3-coder': ship },
    // The review whose convergent BLOCK the command names, with every read answered.
    before: (github: FakeGitHub, models: FakeModels) => {
      const [number] = [...github.pulls.keys()]
      const event = { action: 'synchronize', number, pull_request: { number, head: { sha: 'c'.repeat(40) } } }
      return runAgainst(github, models, { event })
    },
    body: (github: FakeGitHub) => {
      const sticky = github.comments.find((c) => c.body.includes('cross-lineage-review:sticky'))?.body ?? ''
      const id = /`\/review dismiss ([0-9a-f]{7}) <reason>`/.exec(sticky)?.[1] ?? 'no-id-in-the-sticky-comment'
      return `/review dismiss ${id} false-positive`
    },
  }
  const reviewChecks = (github: FakeGitHub) => github.checkRuns.map((c) => c.conclusion)

  it("the control: an admin's dismissal is applied when the lookup answers, and the check passes", async () => {
    const { run, github } = await commandWithLookupAnswered(options)
    expect(reviewChecks(github)).toEqual(['failure', 'success'])
    expect(run.result?.conclusion).toBe('success')
  })

  it('under 403, 404, 500, 503, a dropped connection and a refused one: nothing is dismissed, the reply says why', async () => {
    const runs = await commandUnderLookupFailures(options)
    for (const { failure, run, github } of runs) {
      expect(reviewChecks(github), failure.name).toEqual(['failure'])
      if (failure.status === 'refused') {
        expect(run.error?.message, failure.name).toMatch(/^Could not reach GitHub/)
        continue
      }
      const reply = github.comments.filter((c) => c.user.login === 'github-actions[bot]' && !c.body.includes('cross-lineage-review:sticky'))
      const why = failure.status === 'drop' ? 'GitHub could not be reached' : `HTTP ${failure.status}`
      expect(
        reply.map((c) => c.body),
        failure.name,
      ).toEqual([expect.stringContaining(`Codertocat's permission could not be checked \\(${why}\\), so the command is not applied`)])
    }
  })
})

describe('reads of the change and its policy', () => {
  let github: FakeGitHub
  let models: FakeModels
  beforeEach(async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, title: 'Add rate limiting', diff: demoDiff() })
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'fail-on: any-block\n')
    models = await startFakeModels({ 'anthropic/opus': loneBlock, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
  })
  afterEach(async () => {
    await github.close()
    await models.close()
  })

  /** What every refusal after the check was created holds: one check, completed as a failure that says why; no model call. */
  function refusedWithCheck(failure: ReadFailure, run: Awaited<ReturnType<typeof runAgainst>>, title: string, says: RegExp): void {
    expect(models.requests).toEqual([])
    expect(run.result).toBeUndefined()
    expect(run.error?.message).toMatch(failure.said)
    expect(github.checkRuns).toHaveLength(1)
    expect(github.checkRuns[0]).toMatchObject({ head_sha: HEAD_SHA, status: 'completed', conclusion: 'failure', output: { title } })
    expect(github.checkRuns[0]!.output.summary).toMatch(says)
    expect(github.checkRuns[0]!.output.summary).toMatch(failure.said)
    expect(github.comments).toEqual([])
  }

  it('the control: with every read answered, the base policy (any-block) fails the lone BLOCK', async () => {
    const run = await runAgainst(github, models)
    expect(run.result?.conclusion).toBe('failure')
    expect(run.result?.reasons).toEqual([expect.stringMatching(new RegExp(`^BLOCK at ${AT}:30 \\(opus\\)$`))])
  })

  describe.each(READ_FAILURES.filter((f) => f.status !== 404))('the policy file at the base, under $name', (failure) => {
    it('is not read as "no policy file": no review under the defaults, a failing check that says why', async () => {
      failEvery(github, failure, 'GET', /\/contents\//)
      const run = await runAgainst(github, models)
      refusedWithCheck(
        failure,
        run,
        'Configuration error: no review ran',
        /Could not read `\.github\/cross-lineage-review\.yml` at base bbbbbbb \(.+\), so no review ran rather than one under another policy/,
      )
    })
  })

  describe.each(READ_FAILURES)('the diff, under $name', (failure) => {
    it('stops the review: a failing check that says why, no model call', async () => {
      failEvery(github, failure, 'GET', /\/pulls\/7$/, asksForDiff)
      const run = await runAgainst(github, models)
      refusedWithCheck(failure, run, 'Review did not complete', /The review stopped before a verdict/)
    })
  })

  it('says what could not be read, how it failed and what to do, in the check and the error', async () => {
    failEvery(github, READ_FAILURES[0]!, 'GET', /\/pulls\/7$/, asksForDiff)
    const run = await runAgainst(github, models)
    const message =
      'Could not read the diff of pull request #7 of octo/widgets (HTTP 403: Resource not accessible by integration): ' +
      'check that the token can read it (`contents: read`, `pull-requests: read`), then re-run the job.'
    expect(run.error?.message).toBe(message)
    expect(github.checkRuns[0]!.output.summary).toBe(`The review stopped before a verdict: ${message}`)
  })

  it('says a policy read that got no answer is the network, not an HTTP 500 GitHub never sent', async () => {
    failEvery(
      github,
      READ_FAILURES.find((f) => f.status === 'drop')!,
      'GET',
      /\/contents\//,
    )
    await runAgainst(github, models)
    expect(github.checkRuns[0]!.output.summary).toContain('at base bbbbbbb (no answer from GitHub: other side closed), so no review ran')
    expect(github.checkRuns[0]!.output.summary).not.toContain('HTTP 500')
  })

  describe.each(READ_FAILURES)('the files API, after GitHub refused the diff as too large, under $name', (failure) => {
    it('stops the review: a failing check that says why, no model call', async () => {
      github.pulls.get(7)!.diffTooLarge = true
      failEvery(github, failure, 'GET', /\/pulls\/7\/files$/)
      const run = await runAgainst(github, models)
      refusedWithCheck(failure, run, 'Review did not complete', /The review stopped before a verdict/)
    })
  })

  describe.each(READ_FAILURES)("a merge queue entry's compare, under $name", (failure) => {
    it('stops the review: a failing check on the entry that says why, no model call', async () => {
      const [base, head] = ['c'.repeat(40), 'd'.repeat(40)]
      github.compares.set(`${base}...${head}`, { diff: demoDiff() })
      failEvery(github, failure, 'GET', /\/compare\//)
      const event = {
        action: 'checks_requested',
        merge_group: { head_sha: head, base_sha: base, head_ref: 'refs/heads/gh-readonly-queue/main/pr-7-x' },
      }
      const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
      expect(models.requests).toEqual([])
      expect(run.error?.message).toMatch(failure.said)
      expect(github.checkRuns).toEqual([expect.objectContaining({ head_sha: head, status: 'completed', conclusion: 'failure' })])
    })
  })

  describe.each(READ_FAILURES)('the pull request itself, under $name', (failure) => {
    it('stops before anything: no check (its commit is unknown), no model call, a message that says why', async () => {
      failEvery(github, failure, 'GET', /\/pulls\/7$/, (req) => !asksForDiff(req))
      const run = await runAgainst(github, models)
      expect(models.requests).toEqual([])
      expect(run.result).toBeUndefined()
      expect(run.error?.message).toMatch(/^Could not (read pull request #7 of octo\/widgets|reach GitHub)/)
      expect(github.checkRuns).toEqual([])
      expect(github.writes()).toEqual([])
    })
  })
})
