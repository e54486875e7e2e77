// The fake GitHub answers as GitHub does: requests GitHub would refuse are
// refused the same way and recorded, and its state (drafts, closed pull
// requests, comments per issue, check-run filters) behaves as documented.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { demoDiff } from './helpers/fixtures.ts'

const repo = '/repos/octo/widgets'

describe('fake GitHub', () => {
  let github: FakeGitHub
  beforeEach(async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    github.pulls.set(8, { number: 8, headSha: 'e'.repeat(40), baseSha: 'b'.repeat(40), title: 'u', diff: demoDiff(), state: 'closed' })
  })
  afterEach(async () => {
    await github.close()
  })

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${github.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    return { status: res.status, json: res.status === 204 ? undefined : await res.json() }
  }

  it('answers a body GitHub would refuse with 422 Validation Failed, and records the violation', async () => {
    const res = await call('POST', `${repo}/check-runs`, { name: 'c', head_sha: HEAD_SHA, status: 'done' })
    expect(res).toMatchObject({ status: 422, json: { message: 'Validation Failed' } })
    expect(github.checkRuns).toHaveLength(0)
    expect((await call('POST', `${repo}/check-runs`, '{')).status).toBe(400)
    // Completing without a conclusion: GitHub's rule, not expressible in the create schema.
    expect((await call('POST', `${repo}/check-runs`, { name: 'c', head_sha: HEAD_SHA, status: 'completed' })).status).toBe(422)
    expect(github.violations).toHaveLength(3)
    expect(github.violations[0]).toMatch(
      /^request POST \/repos\/octo\/widgets\/check-runs: checks\/create request body: .*\/status must be equal/,
    )
    github.violations.length = 0 // recorded on purpose
  })

  it('lists comments of the issue asked for only, and refuses comments on a pull request that does not exist', async () => {
    github.comments.push(
      { id: 1, user: { login: 'alice', type: 'User' }, body: 'on 7', html_url: 'https://github.com/c/1', issue_number: 7 },
      { id: 2, user: { login: 'bob', type: 'User' }, body: 'on 8', html_url: 'https://github.com/c/2', issue_number: 8 },
    )
    expect(((await call('GET', `${repo}/issues/8/comments`)).json as { body: string }[]).map((c) => c.body)).toEqual(['on 8'])
    expect((await call('GET', `${repo}/issues/9/comments`)).status).toBe(404)
    const posted = await call('POST', `${repo}/issues/7/comments`, { body: 'new' })
    expect(posted.json).toMatchObject({
      body: 'new',
      html_url: expect.stringMatching(new RegExp(`#issuecomment-${github.comments.at(-1)!.id}$`)) as unknown,
    })
  })

  it('serves drafts and closed pull requests as GitHub does', async () => {
    github.pulls.set(9, { ...github.pulls.get(7)!, number: 9, draft: true })
    expect((await call('GET', `${repo}/pulls/9`)).json).toMatchObject({ draft: true, state: 'open', mergeable_state: 'draft' })
    expect((await call('GET', `${repo}/pulls/8`)).json).toMatchObject({
      state: 'closed',
      closed_at: expect.any(String) as unknown,
      merged: false,
    })
  })

  it('filters check runs for a ref by check_name and status, paginated', async () => {
    const base = { head_sha: HEAD_SHA, conclusion: null, output: {}, annotations: [], updates: 0 }
    github.checkRuns.push(
      { ...base, id: 1, name: 'a', status: 'in_progress' },
      { ...base, id: 2, name: 'a', status: 'queued' },
      { ...base, id: 3, name: 'b', status: 'in_progress' },
      { ...base, id: 4, name: 'a', status: 'in_progress', head_sha: 'e'.repeat(40) },
    )
    const list = async (query: string) =>
      (await call('GET', `${repo}/commits/${HEAD_SHA}/check-runs?${query}`)).json as { total_count: number; check_runs: { id: number }[] }
    expect((await list('check_name=a&status=in_progress')).check_runs.map((r) => r.id)).toEqual([1])
    expect((await list('check_name=a')).check_runs.map((r) => r.id)).toEqual([1, 2])
    expect((await list('status=in_progress')).check_runs.map((r) => r.id)).toEqual([1, 3])
    expect(await list('per_page=2&page=2')).toMatchObject({ total_count: 3, check_runs: [{ id: 3 }] })
    expect((await call('GET', `${repo}/commits/${HEAD_SHA}/check-runs?status=waiting`)).status).toBe(422)
    github.violations.length = 0 // status=waiting, recorded on purpose
  })

  describe('reviews and review threads', () => {
    const review = (comments: Record<string, unknown>[]) => ({ commit_id: HEAD_SHA, event: 'COMMENT', body: 'b', comments })
    const rl = 'services/gateway/src/ratelimit.ts'
    const server = 'services/gateway/src/server.ts'
    const graphql = async (query: string, variables: Record<string, unknown>) =>
      (await call('POST', '/graphql', { query, variables })).json as { data?: unknown; errors?: { type: string; message: string }[] }
    const threads = (cursor?: string) =>
      graphql(
        'query ($owner: String!, $repo: String!, $number: Int!, $cursor: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) { reviewThreads(first: 1, after: $cursor) { pageInfo { hasNextPage endCursor } nodes { id isResolved path comments(first: 1) { nodes { databaseId url body author { __typename login } } } } } } } }',
        { owner: 'octo', repo: 'widgets', number: 7, cursor: cursor ?? null },
      )

    it('refuses a whole review for one line outside the diff, as GitHub does (422 "Line could not be resolved")', async () => {
      const refused = await call(
        'POST',
        `${repo}/pulls/7/reviews`,
        review([
          { path: rl, line: 30, side: 'RIGHT', body: 'ok' },
          { path: rl, line: 90, side: 'RIGHT', body: 'off the diff' },
        ]),
      )
      expect(refused).toMatchObject({ status: 422, json: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } })
      // A range across hunks, or starting after it ends; a path the diff does not have.
      const twoHunks =
        'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,3 +1,3 @@\n a1\n-a2\n+A2\n a3\n@@ -10,3 +10,3 @@\n a10\n-a11\n+A11\n a12\n'
      github.pulls.set(9, { ...github.pulls.get(7)!, number: 9, diff: twoHunks })
      const range = { path: 'a.ts', start_line: 2, line: 11, side: 'RIGHT', start_side: 'RIGHT', body: 'x' }
      const ranges = [range, { ...range, start_line: 12 }, { path: 'nope.ts', line: 1, body: 'x' }]
      const errors = await Promise.all(
        ranges.map(async (c) => ((await call('POST', `${repo}/pulls/9/reviews`, review([c]))).json as { errors: string[] }).errors),
      )
      expect(errors).toEqual([
        ['pull_request_review_thread.start_line must be part of the same hunk as the line.'],
        ['pull_request_review_thread.start_line must precede the end line.'],
        ['Path could not be resolved'],
      ])
      expect([github.reviews, github.threads]).toEqual([[], []])
      github.violations.length = 0 // refused on purpose
      expect((await call('POST', `${repo}/pulls/9/reviews`, review([{ ...range, start_line: 10 }]))).status).toBe(200)
      expect(github.threads.map((t) => [t.path, t.comments[0]!.startLine, t.comments[0]!.line])).toEqual([['a.ts', 10, 11]])
    })

    it('posts a review of line comments, each a thread GraphQL lists with the Actions bot as the Bot github-actions, page by page', async () => {
      const posted = await call(
        'POST',
        `${repo}/pulls/7/reviews`,
        review([
          { path: rl, line: 30, side: 'RIGHT', body: 'one' },
          { path: server, start_line: 20, line: 21, side: 'RIGHT', start_side: 'RIGHT', body: 'two' },
        ]),
      )
      expect(posted).toMatchObject({
        status: 200,
        json: { state: 'COMMENTED', commit_id: HEAD_SHA, user: { login: 'github-actions[bot]' } },
      })
      const first = (await threads()) as {
        data: {
          repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: unknown[] } } }
        }
      }
      const page = first.data.repository.pullRequest.reviewThreads
      expect(page.nodes).toEqual([
        expect.objectContaining({
          isResolved: false,
          path: rl,
          comments: { nodes: [expect.objectContaining({ body: 'one', author: { __typename: 'Bot', login: 'github-actions' } })] },
        }),
      ])
      expect(page.pageInfo.hasNextPage).toBe(true)
      const second = (await threads(page.pageInfo.endCursor)) as typeof first
      expect(second.data.repository.pullRequest.reviewThreads.nodes).toEqual([expect.objectContaining({ path: server })])

      const id = github.threads[0]!.id
      const resolved = await graphql('mutation ($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }', {
        id,
      })
      expect(resolved).toEqual({ data: { resolveReviewThread: { thread: { id, isResolved: true } } } })
      const edited = await call('PATCH', `${repo}/pulls/comments/${github.threads[0]!.comments[0]!.id}`, { body: 'edited' })
      expect(edited).toMatchObject({ status: 200, json: { body: 'edited', line: 30, side: 'RIGHT', start_line: null } })
    })

    it("refuses every write on a fork's read-only token, REST and GraphQL alike", async () => {
      github.readOnly = true
      expect((await call('POST', `${repo}/pulls/7/reviews`, review([{ path: rl, line: 30, body: 'x' }]))).status).toBe(403)
      expect((await call('POST', `${repo}/issues/7/comments`, { body: 'x' })).status).toBe(403)
      github.threads.push({ id: 'PRRT_1', pull: 7, path: rl, resolved: false, comments: [] })
      const refused = await graphql('mutation ($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id } } }', {
        id: 'PRRT_1',
      })
      expect(refused.errors).toEqual([{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }])
      expect(github.threads[0]!.resolved).toBe(false)
    })
  })

  it('maps repository roles to the legacy permission names GitHub answers with', async () => {
    github.permissions.set('mo', 'maintain').set('tri', 'triage')
    expect((await call('GET', `${repo}/collaborators/mo/permission`)).json).toMatchObject({ permission: 'write', role_name: 'maintain' })
    expect((await call('GET', `${repo}/collaborators/tri/permission`)).json).toMatchObject({ permission: 'read', role_name: 'triage' })
  })

  it('answers a fault with its status as many times as asked, or drops the connection with no answer at all', async () => {
    github.failNext({ method: 'GET', path: /\/permission$/, status: 503, message: 'Service Unavailable', times: 2 })
    github.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 'drop' })
    expect((await call('GET', `${repo}/collaborators/mo/permission`)).status).toBe(503)
    expect((await call('GET', `${repo}/collaborators/mo/permission`)).status).toBe(503)
    expect((await call('GET', `${repo}/collaborators/mo/permission`)).status).toBe(200)
    await expect(call('GET', `${repo}/pulls/7`)).rejects.toThrow(/fetch failed/)
    expect((await call('GET', `${repo}/pulls/7`)).status).toBe(200)
  })
})
