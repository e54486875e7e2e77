// Every supported event, with webhook payloads GitHub sent (@octokit/webhooks-examples),
// against loopback servers. The fake GitHub is the payload's repository; a payload is
// changed only where a test needs it, in code, next to the reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub, type FakePull } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { commentOnPull, webhook, type Payload } from './helpers/webhooks.ts'

const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })

let github: FakeGitHub | undefined
let models: FakeModels

beforeEach(async () => {
  models = await startFakeModels({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
})

afterEach(async () => {
  await github?.close()
  github = undefined
  await models.close()
})

/** The fake GitHub of the repository the event came from (GITHUB_REPOSITORY names it). */
async function githubFor(event: { repository?: { name: string; owner: { login: string } } }): Promise<FakeGitHub> {
  github = await startFakeGitHub(event.repository!.owner.login, event.repository!.name)
  return github
}

/** A payload's pull request as the fake serves it, with the demo diff. */
function pullFrom(pr: Payload<'pull_request'>['pull_request']): FakePull {
  return {
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    title: pr.title,
    diff: demoDiff(),
    state: pr.state,
    draft: pr.draft,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    headRepo: pr.head.repo?.full_name ?? pr.base.repo.full_name,
    author: pr.user.login,
  }
}

/** The pull request of the pull_request examples (Codertocat/Hello-World#2). */
const examplePull = (): Payload<'pull_request'>['pull_request'] => webhook('pull_request', 'opened').pull_request

describe('pull_request', () => {
  it('skips a draft openly: no model call, no check (a required check stays pending), a summary that says why', async () => {
    const event = webhook('pull_request', 'opened')
    event.pull_request.draft = true // opened as a draft (the examples have no draft "opened")
    const gh = await githubFor(event)
    gh.pulls.set(event.number, pullFrom(event.pull_request))
    const run = await runAgainst(gh, models, { event })
    expect(run.result).toEqual({
      conclusion: 'skipped',
      reasons: ['Not reviewed: draft pull request (review-drafts is false): it is reviewed when marked ready for review.'],
    })
    expect(run.summary).toMatch(/^## Cross-lineage review: skipped/)
    expect(models.requests).toHaveLength(0)
    expect(gh.requests).toHaveLength(0)
  })

  it('reviews a draft with review-drafts: true, and a pull request marked ready for review', async () => {
    const draft = webhook('pull_request', 'opened')
    draft.pull_request.draft = true
    const gh = await githubFor(draft)
    gh.pulls.set(draft.number, { ...pullFrom(draft.pull_request), draft: true })
    expect((await runAgainst(gh, models, { event: draft, inputs: { 'review-drafts': 'true' } })).result?.conclusion).toBe('success')

    const ready = webhook('pull_request', 'ready_for_review')
    gh.pulls.set(ready.number, pullFrom(ready.pull_request))
    expect((await runAgainst(gh, models, { event: ready })).result?.conclusion).toBe('success')
    expect(gh.checkRuns.map((c) => c.head_sha)).toEqual([draft.pull_request.head.sha, ready.pull_request.head.sha])
  })

  it('reviews a push to the pull request (synchronize) on its new head, and comments on it', async () => {
    const event = webhook('pull_request', 'synchronize')
    const gh = await githubFor(event)
    gh.pulls.set(event.number, pullFrom(event.pull_request))
    const run = await runAgainst(gh, models, { event })
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns).toEqual([
      expect.objectContaining({ head_sha: event.pull_request.head.sha, status: 'completed', conclusion: 'success' }),
    ])
    expect(gh.comments).toEqual([expect.objectContaining({ issue_number: event.number })])
  })

  it('reviews again when the base branch is changed (edited with changes.base): the gate must follow the new base', async () => {
    // The examples have no "edited" payload: an opened one, as GitHub sends it when the base is changed.
    const event = {
      ...webhook('pull_request', 'opened'),
      action: 'edited',
      changes: { base: { ref: { from: 'dev' }, sha: { from: 'd'.repeat(40) } } },
    }
    const gh = await githubFor(event)
    gh.pulls.set(event.number, pullFrom(event.pull_request))
    expect((await runAgainst(gh, models, { event })).result?.conclusion).toBe('success')
    expect(gh.checkRuns).toHaveLength(1)

    const retitled = { ...event, changes: { title: { from: 'Old title' } } }
    const run = await runAgainst(gh, models, { event: retitled })
    expect(run.result?.conclusion).toBe('skipped')
    expect(run.result?.reasons[0]).toMatch(/the pull_request "edited" action changed the title or body, not the base/)
    expect(gh.checkRuns).toHaveLength(1)
  })

  it('skips actions that change no code, closing included, without calling GitHub', async () => {
    for (const action of ['labeled', 'closed', 'converted_to_draft']) {
      const event = webhook('pull_request', action)
      const gh = await githubFor(event)
      const run = await runAgainst(gh, models, { event })
      expect(run.result?.conclusion).toBe('skipped')
      expect(run.result?.reasons[0]).toMatch(new RegExp(`the pull_request "${action}" action changes no code`))
      expect(gh.requests).toHaveLength(0)
      await gh.close()
    }
    expect(models.requests).toHaveLength(0)
  })
})

describe('workflow_run (the fork-safe second workflow)', () => {
  it('reviews the pull request a completed workflow_run carries (same-repository pull request)', async () => {
    const event = webhook('workflow_run', 'completed', (e) => e.workflow_run.pull_requests.length > 0)
    const gh = await githubFor(event)
    const [carried] = event.workflow_run.pull_requests
    gh.pulls.set(carried!.number, { ...pullFrom(examplePull()), number: carried!.number, headSha: carried!.head.sha })
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'workflow_run' }, event })
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns[0]).toMatchObject({ head_sha: carried!.head.sha, conclusion: 'success' })
  })

  it('reviews the pull request number the first workflow saved when pull_requests is empty (as for forks)', async () => {
    const event = webhook(
      'workflow_run',
      'completed',
      (e) => e.workflow_run.pull_requests.length === 0 && e.workflow_run.conclusion === 'success',
    )
    const gh = await githubFor(event)
    const pull = { ...pullFrom(examplePull()), headRepo: 'Codertocat/Hello-World' } // from a fork of octo-org/octo-repo
    gh.pulls.set(pull.number, pull)
    const run = await runAgainst(gh, models, {
      env: { GITHUB_EVENT_NAME: 'workflow_run' },
      event,
      inputs: { 'pr-number': String(pull.number) },
    })
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns[0]).toMatchObject({ head_sha: pull.headSha, conclusion: 'success' })
    expect(gh.comments).toHaveLength(1)
  })

  it('explains that fork pull requests need the saved number', async () => {
    const event = webhook('workflow_run', 'completed', (e) => e.workflow_run.pull_requests.length === 0)
    const gh = await githubFor(event)
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'workflow_run' }, event })
    expect(run.error?.message).toMatch(
      /the workflow_run event carries none .* For pull requests from forks the workflow_run event never carries one/,
    )
    expect(models.requests).toHaveLength(0)
  })
})

describe('merge_group', () => {
  /** The queue entry's pull request (pr-104 in the example's head_ref), with the same changes. */
  const queued = (event: Payload<'merge_group'>): FakePull => ({
    ...pullFrom(examplePull()),
    number: Number(/\/pr-(\d+)-/.exec(event.merge_group.head_ref)![1]),
    baseSha: event.merge_group.base_sha,
  })

  it('reviews the queue entry against its base and checks the merge group head sha; no comment', async () => {
    const event = webhook('merge_group', 'checks_requested')
    const gh = await githubFor(event)
    gh.pulls.set(104, queued(event))
    gh.compares.set(`${event.merge_group.base_sha}...${event.merge_group.head_sha}`, { diff: demoDiff() })
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns[0]).toMatchObject({ head_sha: event.merge_group.head_sha, status: 'completed', conclusion: 'success' })
    expect(gh.comments).toHaveLength(0)
    expect(run.summary).toContain(`merge queue entry ${event.merge_group.head_ref} at ${event.merge_group.head_sha.slice(0, 7)}`)
    expect(models.calls()).toHaveLength(6)
  })

  it("reuses the pull request's replies for bundles the queue entry did not change", async () => {
    const event = webhook('merge_group', 'checks_requested')
    const gh = await githubFor(event)
    const pull = queued(event)
    gh.pulls.set(pull.number, pull)
    const push = webhook('pull_request', 'synchronize')
    push.number = push.pull_request.number = pull.number // the queued pull request's own review leaves its comment
    await runAgainst(gh, models, { event: push })
    expect(models.calls()).toHaveLength(6)

    gh.compares.set(`${event.merge_group.base_sha}...${event.merge_group.head_sha}`, { diff: demoDiff() })
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
    expect(models.calls()).toHaveLength(6) // nothing asked again
    expect(run.result?.conclusion).toBe('success')
    expect(run.summary).toContain('6 of 6 reviews reused from the previous run')
    expect(gh.comments).toHaveLength(1)
  })
})

describe('issue_comment /review', () => {
  async function githubWithPull(event: Payload<'issue_comment'>): Promise<FakeGitHub> {
    const gh = await githubFor(event)
    gh.pulls.set(event.issue.number, { ...pullFrom(examplePull()), number: event.issue.number })
    return gh
  }

  it('re-reviews when a user with write access asks', async () => {
    const event = commentOnPull('/review\nthe limiter changed a lot since the last run')
    const gh = await githubWithPull(event)
    gh.permissions.set(event.comment.user.login, 'write')
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns[0]!.head_sha).toBe(examplePull().head.sha)
    expect(gh.comments).toEqual([expect.objectContaining({ issue_number: event.issue.number })])
  })

  it('ignores the command from a user without write access, with the reason in the log', async () => {
    const event = commentOnPull('/review')
    const gh = await githubWithPull(event)
    gh.permissions.set(event.comment.user.login, 'read')
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })
    expect(run.result?.conclusion).toBe('skipped')
    expect(run.warnings[0]).toBe(
      `Not reviewed: ${event.comment.user.login} has read access; only users with write access can request a review.`,
    )
    expect(models.requests).toHaveLength(0)
    expect(gh.checkRuns).toHaveLength(0)
  })

  it('ignores ordinary and edited comments without calling GitHub beyond the event', async () => {
    const chatter = webhook('issue_comment', 'created')
    const gh = await githubFor(chatter)
    chatter.issue.pull_request = commentOnPull('').issue.pull_request!
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event: chatter })
    expect(run.result?.reasons).toEqual(['Not reviewed: the comment is not the /review command.'])
    const edited = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event: commentOnPull('/review', 'edited') })
    expect(edited.result?.reasons).toEqual(['Not reviewed: comment edited: only new comments are commands.'])
    expect(gh.requests).toHaveLength(0)
  })

  it('ignores /review on a closed pull request without asking GitHub anything', async () => {
    const event = commentOnPull('/review')
    event.issue.state = 'closed'
    const gh = await githubWithPull(event)
    gh.permissions.set(event.comment.user.login, 'write')
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })
    expect(run.result?.reasons).toEqual(['Not reviewed: the pull request is closed.'])
    expect(gh.requests).toHaveLength(0)
  })

  it('ignores a comment on an issue', async () => {
    const event = webhook('issue_comment', 'created') // Codertocat/Hello-World#1 is an issue
    event.comment.body = '/review'
    const gh = await githubFor(event)
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })
    expect(run.result?.reasons).toEqual(['Not reviewed: the comment is not on a pull request.'])
    expect(gh.requests).toHaveLength(0)
  })
})

describe('other events', () => {
  it('fail with the list of supported events', async () => {
    const event = webhook('push')
    const gh = await githubFor(event)
    const run = await runAgainst(gh, models, { env: { GITHUB_EVENT_NAME: 'push' }, event })
    expect(run.error?.message).toMatch(
      /^The push event is not supported\. Run on pull_request, pull_request_target, workflow_dispatch, workflow_run, merge_group, issue_comment/,
    )
    expect(gh.requests).toHaveLength(0)
  })
})
