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

  it('maps repository roles to the legacy permission names GitHub answers with', async () => {
    github.permissions.set('mo', 'maintain').set('tri', 'triage')
    expect((await call('GET', `${repo}/collaborators/mo/permission`)).json).toMatchObject({ permission: 'write', role_name: 'maintain' })
    expect((await call('GET', `${repo}/collaborators/tri/permission`)).json).toMatchObject({ permission: 'read', role_name: 'triage' })
  })
})
