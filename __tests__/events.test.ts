// Every supported event, with real-shaped webhook payloads, against loopback servers.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff, fixturePath } from './helpers/fixtures.ts'

const payload = (name: string): unknown => JSON.parse(readFileSync(fixturePath(`events/${name}.json`), 'utf8'))
const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Rate limiting', diff: demoDiff() })
  models = await startFakeModels({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

describe('pull_request', () => {
  it('skips a draft openly: no model call, no check (a required check stays pending), a summary that says why', async () => {
    const run = await runAgainst(github, models, { event: payload('pull_request.draft') })
    expect(run.result).toEqual({
      conclusion: 'skipped',
      reasons: ['Not reviewed: draft pull request (review-drafts is false): it is reviewed when marked ready for review.'],
    })
    expect(run.summary).toMatch(/^## Cross-lineage review: skipped/)
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns).toHaveLength(0)
  })

  it('reviews a draft with review-drafts: true, and a pull request marked ready for review', async () => {
    expect(
      (await runAgainst(github, models, { event: payload('pull_request.draft'), inputs: { 'review-drafts': 'true' } })).result?.conclusion,
    ).toBe('success')
    expect((await runAgainst(github, models, { event: payload('pull_request.ready_for_review') })).result?.conclusion).toBe('success')
    expect(github.checkRuns.map((c) => c.head_sha)).toEqual([HEAD_SHA, HEAD_SHA])
  })

  it('skips actions that change no code', async () => {
    const run = await runAgainst(github, models, { event: payload('pull_request.labeled') })
    expect(run.result?.conclusion).toBe('skipped')
    expect(run.result?.reasons[0]).toMatch(/the pull_request "labeled" action changes no code/)
    expect(models.requests).toHaveLength(0)
  })
})

describe('workflow_run (the fork-safe second workflow)', () => {
  it('reviews the pull request number the first workflow saved, and checks its head sha', async () => {
    const run = await runAgainst(github, models, {
      env: { GITHUB_EVENT_NAME: 'workflow_run' },
      event: payload('workflow_run.fork'),
      inputs: { 'pr-number': '7' },
    })
    expect(run.result?.conclusion).toBe('success')
    expect(github.checkRuns[0]).toMatchObject({ head_sha: HEAD_SHA, conclusion: 'success' })
    expect(github.comments).toHaveLength(1)
  })

  it('explains that fork pull requests need the saved number', async () => {
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'workflow_run' }, event: payload('workflow_run.fork') })
    expect(run.error?.message).toMatch(
      /the workflow_run event carries none .* For pull requests from forks the workflow_run event never carries one/,
    )
    expect(models.requests).toHaveLength(0)
  })
})

describe('merge_group', () => {
  it('reviews the queue entry against its base and checks the merge group head sha; no comment', async () => {
    const event = payload('merge_group.checks_requested') as { merge_group: { head_sha: string; base_sha: string } }
    github.compares.set(`${event.merge_group.base_sha}...${event.merge_group.head_sha}`, { diff: demoDiff() })
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
    expect(run.result?.conclusion).toBe('success')
    expect(github.checkRuns[0]).toMatchObject({ head_sha: event.merge_group.head_sha, status: 'completed', conclusion: 'success' })
    expect(github.comments).toHaveLength(0)
    expect(run.summary).toMatch(/merge queue entry refs\/heads\/gh-readonly-queue\/main\/pr-7-b+ at c0ffee0/)
    expect(models.calls()).toHaveLength(6)
  })

  it("reuses the pull request's replies for bundles the queue entry did not change", async () => {
    await runAgainst(github, models) // the pull request's own review leaves its comment
    expect(models.calls()).toHaveLength(6)
    const event = payload('merge_group.checks_requested') as { merge_group: { head_sha: string; base_sha: string } }
    github.compares.set(`${event.merge_group.base_sha}...${event.merge_group.head_sha}`, { diff: demoDiff() })
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
    expect(models.calls()).toHaveLength(6) // nothing asked again
    expect(run.result?.conclusion).toBe('success')
    expect(run.summary).toContain('6 of 6 reviews reused from the previous run')
    expect(github.comments).toHaveLength(1)
  })
})

describe('issue_comment /review', () => {
  it('re-reviews when a user with write access asks', async () => {
    github.permissions.set('maintainer-mo', 'write')
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event: payload('issue_comment.review') })
    expect(run.result?.conclusion).toBe('success')
    expect(github.checkRuns[0]!.head_sha).toBe(HEAD_SHA)
  })

  it('ignores the command from a user without write access, with the reason in the log', async () => {
    const run = await runAgainst(github, models, {
      env: { GITHUB_EVENT_NAME: 'issue_comment' },
      event: payload('issue_comment.review-by-reader'),
    })
    expect(run.result?.conclusion).toBe('skipped')
    expect(run.warnings[0]).toBe('Not reviewed: drive-by has read access; only users with write access can request a review.')
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns).toHaveLength(0)
  })

  it('ignores ordinary comments without calling GitHub beyond the event', async () => {
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event: payload('issue_comment.chatter') })
    expect(run.result?.reasons).toEqual(['Not reviewed: the comment is not the /review command.'])
    expect(github.requests).toHaveLength(0)
  })
})

describe('other events', () => {
  it('fail with the list of supported events', async () => {
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'push' }, event: { ref: 'refs/heads/main' } })
    expect(run.error?.message).toMatch(
      /^The push event is not supported\. Run on pull_request, pull_request_target, workflow_dispatch, workflow_run, merge_group, issue_comment/,
    )
    expect(github.requests).toHaveLength(0)
  })
})
