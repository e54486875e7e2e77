// Live progress on the check run, against loopback GitHub and model servers,
// with the models' replies held open and released one by one and the clock
// driven by hand: the plan is in the check before any reply, updates come at
// most once per interval with the reviews done per reviewer, failures and
// convergent findings so far; none once every review is in, and the verdict
// waits for the update on the wire, so the conclusion is never overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAgainst, HEAD_SHA, type RunRecord } from './helpers/action-run.ts'
import { componentsDiff } from './helpers/diffs.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelAnswer } from './helpers/fake-models.ts'
import type { Review } from '../src/core/reply/types.ts'
import type { ProgressEvent } from '../src/core/verdict/progress.ts'
import { startCheckRun } from '../src/shell/github/check-run.ts'
import { createGitHub } from '../src/shell/github/client.ts'
import { checkProgress, FINAL_QUIET_MS } from '../src/shell/reporters/check-progress.ts'
import type { RecordedRequest } from './helpers/http.ts'
import { manualTicker } from './helpers/ticker.ts'

let github: FakeGitHub
let models: FakeModels
/** Replies held open, by "model m<component>": the test answers each when it chooses. */
const held = new Map<string, (answer: ModelAnswer) => void>()

beforeEach(async () => {
  held.clear()
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Two components', diff: componentsDiff(2) })
  const hold = (req: { model: string; messages: { role: string; content: string }[] }): Promise<ModelAnswer> =>
    new Promise((resolve) => held.set(`${req.model} ${/a\/(m\d)\//.exec(fencedDiff(req))?.[1] ?? '?'}`, resolve))
  models = await startFakeModels({ 'anthropic/opus': hold, 'moonshotai/kimi': hold, 'qwen/qwen3-coder': hold })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

/** Waits for a condition the run brings about (no time is asserted: the ceiling only stops a hang). */
async function until(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5))
  if (!condition()) throw new Error(`never happened: ${what}`)
}

const checkWrites = (): { title: string; summary: string; status?: string }[] =>
  github
    .writes()
    .filter((r) => r.method === 'PATCH' && /\/check-runs\/\d+$/.test(r.path))
    .map((r) => {
      const body = r.json<{ status?: string; output?: { title: string; summary: string } }>()
      return { title: body.output?.title ?? '', summary: body.output?.summary ?? '', ...(body.status ? { status: body.status } : {}) }
    })
const progressWrites = (): { title: string; summary: string }[] => checkWrites().filter((w) => w.title.startsWith('Reviewing'))

describe('progress on the check run', () => {
  it('shows the plan, then the reviews as they come in, never within the verdict, never after it', async () => {
    const ticker = manualTicker()
    const log: string[] = []
    let record: RunRecord | undefined
    const running = runAgainst(github, models, { ticker, onInfo: (m) => log.push(m) }).then((r) => (record = r))
    /** Answers a held call, and waits until the run has taken the review in (its log line is written as progress is told). */
    const answer = async (key: string, reply: ModelAnswer): Promise<void> => {
      await until(`the call ${key}`, () => held.has(key))
      const before = log.filter((l) => / · \d\/6 done/.test(l)).length
      held.get(key)!(reply)
      held.delete(key)
      await until(`the review ${key} taken in`, () => log.filter((l) => / · \d\/6 done/.test(l)).length > before)
    }

    // The plan is in the check before any reply.
    await until('every call asked', () => held.size === 6)
    expect(log.filter((l) => /^ {2}[✓✗] /.test(l))).toEqual([])
    await until('the plan shown', () => progressWrites().length === 1)
    expect(progressWrites()[0]!.title).toBe('Reviewing: 0 of 6 reviews done')
    expect(progressWrites()[0]!.summary).toContain('2 bundle\\(s\\) × 3 reviewer\\(s\\) = 6 review\\(s\\), ≈ 3.9k input tokens')

    // A review within the interval: no write yet; at the interval's end, one.
    await answer('anthropic/opus m0', { reply: 'VERDICT: ship' })
    await until("the update deferred to the interval's end", () => ticker.pending() === 1)
    ticker.advance(30_000)
    await until('the first update', () => progressWrites().length === 2)
    expect(progressWrites()[1]!.title).toBe('Reviewing: 1 of 6 reviews done')
    expect(progressWrites()[1]!.summary).toContain('| opus | 1/2 | 0 |')

    // A failure shows early, with its reason.
    await answer('moonshotai/kimi m0', { reply: 'SEVERITY: WARN\nWHERE: m0/a.ts:1', finishReason: 'length' })
    ticker.advance(30_000)
    await until('the second update', () => progressWrites().length === 3)
    expect(progressWrites()[2]!.title).toBe('Reviewing: 2 of 6 reviews done, 1 failed')
    expect(progressWrites()[2]!.summary).toMatch(
      /1 review\(s\) failed so far\*\*, the first: kimi on m0\.1-\w+: reply cut off at max-tokens/,
    )

    // An update on the wire when the last replies come: the verdict waits for its answer.
    let release = (_why: string): void => undefined
    const released: string[] = []
    const gate = new Promise<string>((resolve) => (release = resolve))
    github.holdUntil('PATCH', /\/check-runs\/\d+$/, async (req: RecordedRequest) => {
      if (!req.body.includes('Reviewing: 4 of 6')) {
        if (req.body.includes('"status":"completed"')) release('the verdict came while progress was on the wire')
        return
      }
      released.push(await Promise.race([gate, new Promise<string>((r) => setTimeout(() => r('alone'), 1500))]))
    })
    await answer('anthropic/opus m1', { reply: 'VERDICT: ship' })
    await answer('moonshotai/kimi m1', { reply: 'VERDICT: ship' })
    ticker.advance(30_000)
    await until('the update held on the wire', () => github.requests.some((r) => r.body.includes('Reviewing: 4 of 6')))
    await answer('qwen/qwen3-coder m0', { reply: 'VERDICT: ship' })
    await answer('qwen/qwen3-coder m1', { reply: 'VERDICT: ship' })
    // Whatever timer is left finds every review in: no write.
    ticker.advance(120_000)
    await running

    expect(record?.error).toBeUndefined()
    expect(released).toEqual(['alone'])
    expect(progressWrites().map((w) => w.title)).toEqual([
      'Reviewing: 0 of 6 reviews done',
      'Reviewing: 1 of 6 reviews done',
      'Reviewing: 2 of 6 reviews done, 1 failed',
      'Reviewing: 4 of 6 reviews done, 1 failed',
    ])
    // The completing write is the last one, and the conclusion stands.
    expect(checkWrites().at(-1)?.status).toBe('completed')
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' })
    expect(github.checkRuns[0]!.output.title).toBe('0 convergent / 0 distinct: success')
    expect(github.checkRuns[0]!.output.summary).toMatch(/^## ✅ Cross-lineage review: success/)
    // The log has a line per review with the count so far.
    expect(record!.info.filter((l) => / · \d\/6 done/.test(l))).toHaveLength(6)
  })

  it('writes nothing for a run whose every review is reused or that has nothing to review', async () => {
    github.pulls.set(7, {
      ...github.pulls.get(7)!,
      diff: 'diff --git a/package-lock.json b/package-lock.json\n--- a/package-lock.json\n+++ b/package-lock.json\n@@ -1 +1 @@\n-{}\n+{ }\n',
    })
    const r = await runAgainst(github, models, { ticker: manualTicker() })
    expect(r.error).toBeUndefined()
    expect(progressWrites()).toEqual([])
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed' })
  })

  it('sends no update in the last seconds the estimate gives, nor once every review is in', async () => {
    const gh = createGitHub('ghs_loopbacktoken000000000000000000000', github.url, { throttle: false, retryBaseMs: 1 })
    const check = await startCheckRun(gh, github, 'cross-lineage review', HEAD_SHA)
    const ticker = manualTicker()
    const feed = checkProgress({ gh, check: () => Promise.resolve(check), ticker, redact: (t) => t, warn: () => undefined })
    const call = (reviewer: string, bundleId: string): Review =>
      ({
        reviewer,
        bundleId,
        outcome: 'answered',
        reply: '',
        latencyMs: 60_000,
        tokensIn: 1,
        tokensOut: 1,
        finishReason: 'stop',
        complete: true,
        thin: false,
      }) as unknown as Review
    // Two reviewers, two bundles, one call at a time, a minute a call: two minutes in all.
    const event = (reviews: Review[]): ProgressEvent => ({
      plan: 'the plan',
      reviewers: ['opus', 'kimi'],
      bundles: 2,
      reviews,
      convergent: () => 0,
      concurrency: 1,
      deadlineMs: 900_000,
    })
    const written = (): number => github.writes().filter((r) => r.method === 'PATCH').length

    feed.update(event([]))
    await until('the plan', () => written() === 1)
    ticker.advance(60_000)
    feed.update(event([call('opus', 'b1'), call('kimi', 'b1')])) // a minute left: shown
    await until('the update', () => written() === 2)
    ticker.advance(120_000 - 60_000 - FINAL_QUIET_MS + 1) // inside the last seconds
    feed.update(event([call('opus', 'b1'), call('kimi', 'b1'), call('opus', 'b2')]))
    ticker.advance(FINAL_QUIET_MS)
    feed.update(event([call('opus', 'b1'), call('kimi', 'b1'), call('opus', 'b2'), call('kimi', 'b2')])) // all in
    ticker.advance(60_000)
    await feed.stop()
    expect(written()).toBe(2)
    expect(ticker.pending()).toBe(0)
  })
})
