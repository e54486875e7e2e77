// The checker of GitHub's published API description (helpers/openapi.ts), and
// the GitHub objects the fake builds, held to it.
import { describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import {
  checkRun,
  collaboratorPermission,
  commitComparison,
  contentFile,
  diffEntry,
  issueComment,
  pullRequest,
  type PullState,
  type Site,
} from './helpers/github-objects.ts'
import { checkAgainstOpenApi, checkRequest, checkResponse, findOperation, schemaViolations } from './helpers/openapi.ts'

const repo = '/repos/octo/widgets'
const site: Site = { api: 'http://127.0.0.1:1', owner: 'octo', repo: 'widgets' }
const pull: PullState = {
  number: 7,
  title: 't',
  headSha: HEAD_SHA,
  baseSha: 'b'.repeat(40),
  headRef: 'feature',
  baseRef: 'main',
  headRepo: 'octo/widgets',
  author: 'alice',
  state: 'open',
  draft: false,
  merged: false,
  changedFiles: 1,
  additions: 1,
  deletions: 0,
}
const run = {
  id: 5,
  name: 'c',
  headSha: HEAD_SHA,
  status: 'in_progress',
  conclusion: null,
  externalId: null,
  detailsUrl: null,
  startedAt: '2024-03-01T09:00:00Z',
  completedAt: null,
  output: {},
  annotationsCount: 0,
  pulls: [],
}

describe('openapi.ts: requests', () => {
  it('finds the operation of a templated path, the most specific first, with multi-segment parameters', () => {
    expect(findOperation('GET', `${repo}/pulls/7`)).toMatchObject({ operationId: 'pulls/get', params: { pull_number: '7' } })
    expect(findOperation('GET', `${repo}/pulls/7/files`)?.operationId).toBe('pulls/list-files')
    expect(findOperation('GET', `${repo}/contents/src%2Fa%2Fb.ts`)).toMatchObject({ params: { path: 'src/a/b.ts' } })
    expect(findOperation('GET', `${repo}/contents/src/a/b.ts`)).toMatchObject({ params: { path: 'src/a/b.ts' } })
    expect(findOperation('GET', `${repo}/compare/main...feature/x`)).toMatchObject({ params: { basehead: 'main...feature/x' } })
    expect(findOperation('GET', `${repo}/commits/${HEAD_SHA}/check-runs`)?.operationId).toBe('checks/list-for-ref')
    expect(findOperation('PUT', `${repo}/pulls/7/files`)).toBeUndefined()
  })

  it('validates the JSON body against requestBody, and says how GitHub refuses it', () => {
    const post = (body: unknown) => checkRequest({ method: 'POST', path: `${repo}/check-runs`, body: JSON.stringify(body) })
    expect(post({ name: 'c', head_sha: HEAD_SHA, status: 'in_progress' })).toMatchObject({ violations: [] })
    const bad = post({ name: 'c', status: 'done', output: { title: 't' } })
    expect(bad.violations.join('\n')).toMatch(/must have required property 'head_sha'/)
    expect(bad.violations.join('\n')).toMatch(/\/status must be equal to one of the allowed values/)
    expect(bad.violations.join('\n')).toMatch(/\/output must have required property 'summary'/)
    expect(bad.reject).toMatchObject({ status: 422, message: 'Validation Failed' })
    expect(checkRequest({ method: 'POST', path: `${repo}/check-runs`, body: '{"name":' }).reject).toMatchObject({ status: 400 })
    expect(checkRequest({ method: 'POST', path: `${repo}/check-runs` }).violations).toEqual(['checks/create: the request body is required'])
  })

  it('applies the schema rules beyond properties: anyOf (completed needs a conclusion) and maxItems (50 annotations)', () => {
    const patch = (body: unknown) => checkRequest({ method: 'PATCH', path: `${repo}/check-runs/5`, body: JSON.stringify(body) }).violations
    expect(patch({ status: 'completed', conclusion: 'success' })).toEqual([])
    expect(patch({ status: 'completed' }).join('\n')).toMatch(/must have required property 'conclusion'/)
    const annotation = { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'm' }
    expect(patch({ output: { summary: 's', annotations: Array(50).fill(annotation) } })).toEqual([])
    expect(patch({ output: { summary: 's', annotations: Array(51).fill(annotation) } }).join('\n')).toMatch(
      /\/output\/annotations must NOT have more than 50 items/,
    )
    expect(patch({ output: { summary: 's', annotations: [{ ...annotation, annotation_level: 'error' }] } }).join('\n')).toMatch(
      /annotation_level must be equal to one of the allowed values/,
    )
  })

  it('checks path and query parameters: unknown ones are violations GitHub ignores, bad values are refused', () => {
    const list = (query: string) => checkRequest({ method: 'GET', path: `${repo}/commits/${HEAD_SHA}/check-runs`, query })
    expect(list('check_name=c&status=in_progress&filter=all&per_page=100&page=2').violations).toEqual([])
    const unknown = list('token=ghs_x')
    expect(unknown.violations).toEqual(['checks/list-for-ref: unknown query parameter token'])
    expect(unknown.reject).toBeUndefined()
    expect(list('status=pending').reject?.errors.join('\n')).toMatch(/status=pending: \(root\) must be equal to one of the allowed values/)
    expect(list('per_page=lots').violations.join('\n')).toMatch(/per_page=lots: \(root\) must be integer/)
    expect(checkRequest({ method: 'GET', path: `${repo}/pulls/seven` }).reject).toMatchObject({ status: 422 })
    expect(checkRequest({ method: 'GET', path: `${repo}/nope` }).reject).toMatchObject({ status: 404 })
  })

  it('checks GraphQL posts minimally: a JSON object with a query string', () => {
    expect(checkRequest({ method: 'POST', path: '/graphql', body: '{"query":"query { viewer { login } }"}' }).violations).toEqual([])
    expect(checkRequest({ method: 'POST', path: '/graphql', body: '{"variables":{}}' }).reject).toMatchObject({ status: 400 })
    expect(checkRequest({ method: 'POST', path: '/graphql', body: 'query { viewer { login } }' }).reject).toMatchObject({ status: 400 })
  })
})

describe('openapi.ts: answers', () => {
  const get = { method: 'GET', path: `${repo}/pulls/7` }

  it('validates a JSON answer against the schema declared for its status, OpenAPI 3.0 nullable included', () => {
    expect(checkResponse(get, { status: 200, body: pullRequest(site, pull) })).toEqual([])
    const untitled = Object.fromEntries(Object.entries(pullRequest(site, pull)).filter(([k]) => k !== 'title'))
    expect(checkResponse(get, { status: 200, body: untitled }).join('\n')).toMatch(/must have required property 'title'/)
    // body: string, nullable → null is allowed; closed_at: date-time, nullable → a date-time or null.
    expect(checkResponse(get, { status: 200, body: { ...pullRequest(site, pull), body: null, closed_at: null } })).toEqual([])
    expect(checkResponse(get, { status: 200, body: { ...pullRequest(site, pull), closed_at: 'yesterday' } }).join('\n')).toMatch(
      /closed_at must match format "date-time"/,
    )
    // conclusion: enum, nullable → null joins the enum; other values do not.
    const checks = { method: 'GET', path: `${repo}/check-runs/5` }
    expect(checkResponse(checks, { status: 200, body: checkRun(site, run) })).toEqual([])
    expect(checkResponse(checks, { status: 200, body: checkRun(site, { ...run, conclusion: 'stale' }) }).join('\n')).toMatch(
      /conclusion must be equal to one of the allowed values/,
    )
  })

  it('refuses undeclared success statuses, and holds undeclared errors to GitHub’s error shape', () => {
    const create = { method: 'POST', path: `${repo}/check-runs`, body: JSON.stringify({ name: 'c', head_sha: HEAD_SHA }) }
    expect(checkResponse(create, { status: 201, body: checkRun(site, run) })).toEqual([])
    expect(checkResponse(create, { status: 200, body: checkRun(site, run) })).toEqual([
      'checks/create: status 200 is not declared (declared: 201)',
    ])
    expect(checkResponse(create, { status: 403, body: { message: 'Resource not accessible by integration' } })).toEqual([])
    expect(checkResponse(create, { status: 403, body: ['no'] }).join('\n')).toMatch(/403 \(basic-error\): \(root\) must be object/)
    expect(checkResponse(create, { status: 500, body: 'oops', contentType: 'text/plain' }).join('\n')).toMatch(/answered as text\/plain/)
  })

  it('skips the schema for diff and raw media types but still checks their status', () => {
    expect(checkResponse(get, { status: 200, body: 'diff --git a/x b/x', contentType: 'application/vnd.github.diff' })).toEqual([])
    const raw = { method: 'GET', path: `${repo}/contents/a.ts`, query: 'ref=main' }
    expect(checkResponse(raw, { status: 200, body: 'text', contentType: 'application/vnd.github.raw' })).toEqual([])
    expect(checkResponse(raw, { status: 201, body: 'text', contentType: 'application/vnd.github.raw' })).toHaveLength(1)
    const del = { method: 'DELETE', path: `${repo}/issues/comments/5` }
    expect(checkResponse(del, { status: 204 })).toEqual([])
    expect(checkResponse(del, { status: 204, body: { ok: true } })).toHaveLength(1)
  })

  it('checkAgainstOpenApi reports request and answer together, for soak harnesses', () => {
    const req = { method: 'POST', path: `${repo}/issues/7/comments`, body: JSON.stringify({ text: 'hi' }) }
    expect(checkAgainstOpenApi(req, 201, { id: 1 }).join('\n')).toMatch(
      /issues\/create-comment request body: \(root\) must have required property 'body'[\s\S]*issues\/create-comment 201 response/,
    )
  })

  it('the objects the fake builds match their schemas in every state the fake can be in', () => {
    const states: PullState[] = [
      pull,
      { ...pull, draft: true },
      { ...pull, state: 'closed' },
      { ...pull, state: 'closed', merged: true },
      { ...pull, headRepo: 'alice/widgets' },
    ]
    for (const p of states) expect(schemaViolations('pull-request', pullRequest(site, p))).toEqual([])
    const comment = { id: 9, issueNumber: 7, body: 'b', htmlUrl: 'https://github.com/c/9', createdAt: '2024-03-01T09:00:00Z' }
    for (const [login, userType] of [
      ['alice', 'User'],
      ['github-actions[bot]', 'Bot'],
    ] as const)
      expect(schemaViolations('issue-comment', issueComment(site, { ...comment, login, userType, updatedAt: comment.createdAt }))).toEqual(
        [],
      )
    expect(
      schemaViolations('check-run', checkRun(site, { ...run, status: 'completed', conclusion: 'failure', completedAt: run.startedAt })),
    ).toEqual([])
    const file = {
      filename: 'a b/c.ts',
      status: 'renamed',
      additions: 1,
      deletions: 0,
      changes: 1,
      sha: 'c'.repeat(40),
      previousFilename: 'x',
    }
    expect(schemaViolations('diff-entry', diffEntry(site, HEAD_SHA, file))).toEqual([])
    expect(
      schemaViolations('commit-comparison', commitComparison(site, 'b'.repeat(40), HEAD_SHA, [diffEntry(site, HEAD_SHA, file)])),
    ).toEqual([])
    for (const role of ['admin', 'maintain', 'write', 'triage', 'read', 'none'])
      expect(schemaViolations('repository-collaborator-permission', collaboratorPermission(site, 'mo', role))).toEqual([])
    expect(schemaViolations('content-file', contentFile(site, 'src/a.ts', HEAD_SHA, 'export {}\n'))).toEqual([])
  })
})
