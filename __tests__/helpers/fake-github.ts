// A loopback GitHub that speaks the REST wire format for the endpoints the
// action uses, with GitHub's own limits (50 annotations per request, 406 for
// oversize diffs) and pagination via Link headers.
import type { ServerResponse } from 'node:http'
import { sendJson, startLoopback, type LoopbackServer, type RecordedRequest } from './http.ts'

export interface Fault {
  method: string
  path: RegExp
  status: number
  message?: string
  headers?: Record<string, string>
  when?: (req: RecordedRequest) => boolean
}

export interface FakePull {
  number: number
  headSha: string
  baseSha: string
  title: string
  diff: string
  /** Serve 406 for the diff media type, as GitHub does for oversize diffs. */
  diffTooLarge?: boolean
  files?: unknown[]
  /** What GitHub reports as changed_files; defaults to the files listed. */
  changedFiles?: number
}

export interface FakeComment {
  id: number
  user: { login: string; type: string }
  body: string
  html_url: string
}

export interface FakeCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title?: string | undefined; summary?: string | undefined }
  annotations: Record<string, unknown>[]
  updates: number
  external_id?: string
}

export interface FakeGitHub extends LoopbackServer {
  readonly owner: string
  readonly repo: string
  readonly pulls: Map<number, FakePull>
  readonly comments: FakeComment[]
  readonly checkRuns: FakeCheckRun[]
  /** Diffs between two commits, keyed "base...head" (the compare API). */
  readonly compares: Map<string, string>
  /** Repository permission per login: admin, maintain, write, triage, read, none. */
  readonly permissions: Map<string, string>
  /** File contents at a commit, keyed "sha:path" (the contents API, raw media type). */
  readonly contents: Map<string, string>
  viewer: string
  /** Answer the next matching request with this status instead. */
  failNext(fault: Fault): void
  /** Answer each matching request only once `release(request)` settles (to show what waits on it). */
  holdUntil(method: string, path: RegExp, release: (req: RecordedRequest) => Promise<unknown>): void
  writes(): RecordedRequest[]
}

// > "The Checks API limits the number of annotations to a maximum of 50 per API request."
const MAX_ANNOTATIONS = 50

export async function startFakeGitHub(owner = 'octo', repo = 'widgets'): Promise<FakeGitHub> {
  const pulls = new Map<number, FakePull>()
  const comments: FakeComment[] = []
  const checkRuns: FakeCheckRun[] = []
  const compares = new Map<string, string>()
  const permissions = new Map<string, string>()
  const contents = new Map<string, string>()
  const faults: Fault[] = []
  const holds: { method: string; path: RegExp; release: (req: RecordedRequest) => Promise<unknown> }[] = []
  let nextId = 1000
  const state = { viewer: 'github-actions[bot]' }
  const prefix = `/repos/${owner}/${repo}`

  const page = <T>(req: RecordedRequest, res: ServerResponse, base: string, items: T[]): void => {
    const perPage = Number(req.query.get('per_page') ?? 30)
    const pageNo = Number(req.query.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number): string => `<${base}${req.path}?per_page=${perPage}&page=${p}>`
    const rels = [
      ...(pageNo < last ? [`${link(pageNo + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []),
      ...(pageNo > 1 ? [`${link(1)}; rel="first"`, `${link(pageNo - 1)}; rel="prev"`] : []),
    ]
    sendJson(res, 200, items.slice((pageNo - 1) * perPage, pageNo * perPage), rels.length ? { link: rels.join(', ') } : {})
  }

  const server = await startLoopback(async (req, res) => {
    await Promise.all(holds.filter((h) => h.method === req.method && h.path.test(req.path)).map((h) => h.release(req)))
    const fault = faults.findIndex((f) => f.method === req.method && f.path.test(req.path) && (f.when?.(req) ?? true))
    if (fault >= 0) {
      const [f] = faults.splice(fault, 1)
      return sendJson(
        res,
        f!.status,
        { message: f!.message ?? 'Server Error', documentation_url: 'https://docs.github.com/rest' },
        f!.headers,
      )
    }
    const base = server.url
    let m: RegExpExecArray | null
    if (req.method === 'POST' && req.path === '/graphql') {
      return sendJson(res, 200, { data: { viewer: { login: state.viewer } } })
    }
    if ((m = new RegExp(`^${prefix}/pulls/(\\d+)$`).exec(req.path)) && req.method === 'GET') {
      const pull = pulls.get(Number(m[1]))
      if (!pull) return sendJson(res, 404, { message: 'Not Found' })
      if ((req.headers.accept ?? '').includes('diff')) {
        if (pull.diffTooLarge) {
          return sendJson(res, 406, {
            message: 'Sorry, the diff exceeded the maximum number of lines (20000)',
            errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
          })
        }
        res.writeHead(200, { 'content-type': 'application/vnd.github.diff; charset=utf-8' })
        return res.end(pull.diff)
      }
      return sendJson(res, 200, {
        number: pull.number,
        state: 'open',
        title: pull.title,
        draft: false,
        changed_files: pull.changedFiles ?? pull.files?.length ?? (pull.diff.match(/^diff --git /gm) ?? []).length,
        head: { sha: pull.headSha, ref: 'feature' },
        base: { sha: pull.baseSha, ref: 'main' },
        html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
      })
    }
    if ((m = new RegExp(`^${prefix}/compare/([0-9a-f]+\\.\\.\\.[0-9a-f]+)$`).exec(req.path)) && req.method === 'GET') {
      const diff = compares.get(m[1]!)
      if (diff === undefined) return sendJson(res, 404, { message: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/vnd.github.diff; charset=utf-8' })
      return res.end(diff)
    }
    if ((m = new RegExp(`^${prefix}/contents/(.+)$`).exec(req.path)) && req.method === 'GET') {
      const text = contents.get(`${req.query.get('ref')}:${decodeURIComponent(m[1]!)}`)
      if (text === undefined) return sendJson(res, 404, { message: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' })
      return res.end(text)
    }
    if ((m = new RegExp(`^${prefix}/collaborators/([^/]+)/permission$`).exec(req.path)) && req.method === 'GET') {
      const login = decodeURIComponent(m[1]!)
      const permission = permissions.get(login) ?? 'read'
      return sendJson(res, 200, { permission, role_name: permission, user: { login, type: 'User' } })
    }
    if ((m = new RegExp(`^${prefix}/pulls/(\\d+)/files$`).exec(req.path))) {
      return page(req, res, base, pulls.get(Number(m[1]))?.files ?? [])
    }
    if ((m = new RegExp(`^${prefix}/issues/(\\d+)/comments$`).exec(req.path))) {
      if (req.method === 'GET') return page(req, res, base, comments)
      const comment: FakeComment = {
        id: nextId++,
        user: { login: state.viewer, type: 'Bot' },
        body: req.json<{ body: string }>().body,
        html_url: `https://github.com/${owner}/${repo}/pull/${m[1]}#issuecomment-${nextId}`,
      }
      comments.push(comment)
      return sendJson(res, 201, comment)
    }
    if ((m = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(req.path))) {
      const i = comments.findIndex((c) => c.id === Number(m![1]))
      if (i < 0) return sendJson(res, 404, { message: 'Not Found' })
      if (req.method === 'DELETE') {
        comments.splice(i, 1)
        res.writeHead(204)
        return res.end()
      }
      comments[i]!.body = req.json<{ body: string }>().body
      return sendJson(res, 200, comments[i])
    }
    if (req.path === `${prefix}/check-runs` && req.method === 'POST') {
      const body = req.json<{
        name: string
        head_sha: string
        status?: string
        conclusion?: string
        output?: FakeCheckRun['output']
        external_id?: string
      }>()
      const run: FakeCheckRun = {
        id: nextId++,
        name: body.name,
        head_sha: body.head_sha,
        status: body.status ?? 'queued',
        conclusion: body.conclusion ?? null,
        output: body.output ?? {},
        annotations: [],
        updates: 0,
        ...(body.external_id ? { external_id: body.external_id } : {}),
      }
      checkRuns.push(run)
      return sendJson(res, 201, { ...run, html_url: `https://github.com/${owner}/${repo}/runs/${run.id}` })
    }
    if ((m = new RegExp(`^${prefix}/commits/([0-9a-f]+)/check-runs$`).exec(req.path)) && req.method === 'GET') {
      const runs = checkRuns.filter(
        (r) =>
          r.head_sha === m![1] &&
          (!req.query.get('check_name') || r.name === req.query.get('check_name')) &&
          (!req.query.get('status') || r.status === req.query.get('status')),
      )
      return sendJson(res, 200, { total_count: runs.length, check_runs: runs })
    }
    if ((m = new RegExp(`^${prefix}/check-runs/(\\d+)$`).exec(req.path)) && req.method === 'PATCH') {
      const run = checkRuns.find((r) => r.id === Number(m![1]))
      if (!run) return sendJson(res, 404, { message: 'Not Found' })
      const body = req.json<{
        status?: string
        conclusion?: string
        output?: FakeCheckRun['output'] & { annotations?: Record<string, unknown>[] }
      }>()
      const annotations = body.output?.annotations ?? []
      if (annotations.length > MAX_ANNOTATIONS) {
        return sendJson(res, 422, { message: 'Validation Failed', errors: ['Only 50 annotations are allowed per request'] })
      }
      if (run.status === 'completed' && annotations.length > 0 && body.status === undefined) {
        // Allowed by GitHub, but the action promises annotations before completion.
        run.annotations.push({ lateAfterCompletion: true })
      }
      run.annotations.push(...annotations)
      if (body.status) run.status = body.status
      if (body.conclusion) run.conclusion = body.conclusion
      if (body.output) run.output = { title: body.output.title, summary: body.output.summary }
      run.updates++
      return sendJson(res, 200, run)
    }
    sendJson(res, 404, { message: `Not Found: ${req.method} ${req.path}` })
  })

  return Object.assign(server, {
    owner,
    repo,
    pulls,
    comments,
    checkRuns,
    compares,
    permissions,
    contents,
    get viewer() {
      return state.viewer
    },
    set viewer(v: string) {
      state.viewer = v
    },
    failNext(fault: Fault) {
      faults.push(fault)
    },
    holdUntil(method: string, path: RegExp, release: (req: RecordedRequest) => Promise<unknown>) {
      holds.push({ method, path, release })
    },
    writes: () => server.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql'),
  })
}
