// A loopback GitHub that speaks the REST wire format for the endpoints the
// action uses, with GitHub's own limits (50 annotations per request, 406 for
// oversize diffs) and pagination via Link headers.
//
// Every request is checked against GitHub's OpenAPI description (openapi.ts)
// and answered as GitHub would answer an invalid one (404 for no such
// operation, 400 for a body that is not JSON, 422 Validation Failed); every
// JSON answer is checked against the schema for its status. Both kinds of
// violation are kept in `violations`, and the setup file fails any test that
// leaves one (see setup.ts).
import type { ServerResponse } from 'node:http'
import {
  checkRun,
  collaboratorPermission,
  commitComparison,
  contentFile,
  diffEntry,
  errorBody,
  idFor,
  issueComment,
  pullRequest,
  timestamp,
  user,
  validationFailed,
  type FileState,
  type Site,
} from './github-objects.ts'
import { sendJson, startLoopback, type LoopbackServer, type RecordedRequest } from './http.ts'
import { startReviews, type FakeReview, type FakeThread } from './fake-reviews.ts'
import { checkRequest, checkResponse } from './openapi.ts'
import { registerViolationSource } from './violations.ts'

export interface Fault {
  method: string
  path: RegExp
  /** The HTTP status to answer with; 'drop' closes the connection with no answer at all (a network failure). */
  status: number | 'drop'
  message?: string
  headers?: Record<string, string>
  when?: (req: RecordedRequest) => boolean
  /** How many matching requests get this answer (default 1; Infinity for every one). */
  times?: number
}

/** A changed file as the files API lists it; URLs and counts the fake can work out may be left out. */
export interface FakeFile {
  filename: string
  status?: string
  additions?: number
  deletions?: number
  changes?: number
  patch?: string
  previous_filename?: string
  sha?: string | null
}

export interface FakePull {
  number: number
  headSha: string
  baseSha: string
  title: string
  diff: string
  /** Serve 406 for the diff media type, as GitHub does for oversize diffs. */
  diffTooLarge?: boolean
  /** What the files API lists; by default the files of `diff`. */
  files?: FakeFile[]
  /** What GitHub reports as changed_files; defaults to the files listed. */
  changedFiles?: number
  /** Default open. */
  state?: 'open' | 'closed'
  /** Closed by merging (only with state closed). */
  merged?: boolean
  /** When it was closed (ISO time), with state closed. */
  closedAt?: string
  draft?: boolean
  /** owner/name of the head repository; a fork when it is not the fake's own. */
  headRepo?: string
  headRef?: string
  baseRef?: string
  author?: string
}

export interface FakeComment {
  id: number
  user: { login: string; type: string }
  body: string
  html_url: string
  /** The pull request (issue) it is on; may be left out while the fake holds exactly one pull request. */
  issue_number?: number
  created_at?: string
  updated_at?: string
  /** Reactions posted on it, as "login:content". */
  reactions?: string[]
}

export interface FakeCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title?: string | undefined; summary?: string | undefined; text?: string | undefined }
  annotations: Record<string, unknown>[]
  updates: number
  external_id?: string
  details_url?: string
  started_at?: string
  completed_at?: string
}

/** Two commits' difference (the compare API), keyed "base...head" in `compares`. */
export interface FakeCompare {
  diff: string
  /** Serve 406 for the diff media type (too large); the JSON still lists `files`. */
  diffTooLarge?: boolean
  /** What the JSON lists; by default the files of `diff`. */
  files?: FakeFile[]
}

export interface FakeGitHub extends LoopbackServer {
  readonly owner: string
  readonly repo: string
  readonly pulls: Map<number, FakePull>
  readonly comments: FakeComment[]
  readonly checkRuns: FakeCheckRun[]
  readonly compares: Map<string, FakeCompare>
  /** Repository role per login: admin, maintain, write, triage, read, none (default read). */
  readonly permissions: Map<string, string>
  /** File contents at a commit, keyed "sha:path" (the contents API). */
  readonly contents: Map<string, string>
  /** Requests that GitHub's description does not allow, and answers of the fake that it does not allow. */
  readonly violations: string[]
  /** Pull request reviews posted, and the review threads they started (tests may add others' threads). */
  readonly reviews: FakeReview[]
  readonly threads: FakeThread[]
  viewer: string
  /** A fork's read-only token: every write (REST or GraphQL mutation) is refused with 403 / FORBIDDEN. */
  readOnly: boolean
  /** resolveReviewThread answers FORBIDDEN even where other writes are allowed. */
  refuseResolve: boolean
  /** Answer the next matching request with this status instead. */
  failNext(fault: Fault): void
  /** Answer each matching request only once `release(request)` settles (to show what waits on it). */
  holdUntil(method: string, path: RegExp, release: (req: RecordedRequest) => Promise<unknown>): void
  writes(): RecordedRequest[]
  /** GraphQL mutations sent. */
  mutations(): RecordedRequest[]
}

// > "The Checks API limits the number of annotations to a maximum of 50 per API request."
const MAX_ANNOTATIONS = 50

interface Answer {
  status: number
  /** Close the connection without answering. */
  drop?: boolean
  json?: unknown
  text?: string
  contentType?: string
  headers?: Record<string, string>
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
})
const notFound = (): Answer => json(404, errorBody('Not Found', 404))

/** The media type octokit asks for with mediaType.format, e.g. application/vnd.github.v3.diff → diff. */
function format(req: RecordedRequest): string | undefined {
  return /application\/vnd\.github(?:\.v3)?\.(diff|patch|raw|html|text|full|object)\b/.exec(req.headers.accept ?? '')?.[1]
}

export interface FakeGitHubOptions {
  /**
   * Hold every request and answer to GitHub's OpenAPI description (default).
   * Benchmarks turn it off: the fake runs in their process, and checking a
   * 3,000-file listing page by page would be timed as the action's own work.
   */
  readonly checked?: boolean
}

export async function startFakeGitHub(owner = 'octo', repo = 'widgets', options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const checked = options.checked ?? true
  const pulls = new Map<number, FakePull>()
  const comments: FakeComment[] = []
  const checkRuns: FakeCheckRun[] = []
  const compares = new Map<string, FakeCompare>()
  const permissions = new Map<string, string>()
  const contents = new Map<string, string>()
  const violations: string[] = []
  const faults: Fault[] = []
  const holds: { method: string; path: RegExp; release: (req: RecordedRequest) => Promise<unknown> }[] = []
  let nextId = 1000
  const state = { viewer: 'github-actions[bot]', readOnly: false, refuseResolve: false }
  /** The repository behind the diffs: a file a pull request's or comparison's diff shows as binary is binary at both its commits. */
  const binaryInDiff = (ref: string, file: string): string | undefined => {
    const sides = [
      ...[...pulls.values()].map((p) => ({ shas: [p.baseSha, p.headSha], diff: p.diff, files: p.files })),
      ...[...compares].map(([key, c]) => ({ shas: key.split('...'), diff: c.diff, files: c.files })),
    ]
    // The files API sends no patch, and counts no line, for a binary file.
    const listed = (files: readonly FakeFile[] | undefined): boolean =>
      files?.some((f) => f.filename === file && f.patch === undefined && !f.additions && !f.deletions && f.status !== 'renamed') === true
    const shown = (diff: string): boolean =>
      new RegExp(`^(?:Binary files .*\\b${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} differ|GIT binary patch)`, 'm').test(
        diff.split(/^(?=diff --git )/m).find((d) => d.startsWith(`diff --git a/${file} `)) ?? '',
      )
    return sides.some((side) => side.shas.includes(ref) && (shown(side.diff) || listed(side.files))) ? PNG : undefined
  }
  const prefix = `/repos/${owner}/${repo}`
  let site: Site = { api: '', owner, repo }
  const reviewsApi = startReviews({
    site: () => site,
    prefix,
    viewer: () => state.viewer,
    nextId: () => nextId++,
    violations,
    pull: (n) => {
      const p = pulls.get(n)
      return p && { headSha: p.headSha, patches: filesOf(p.files, p.diff).map((f) => ({ filename: f.filename, patch: f.patch })) }
    },
    readOnly: () => state.readOnly,
    refuseResolve: () => state.refuseResolve,
    page: (req, items) => page(req, items),
  })

  const issueOf = (c: FakeComment): number | undefined => {
    if (c.issue_number !== undefined) return c.issue_number
    if (pulls.size === 1) return [...pulls.keys()][0]
    violations.push(`fake misuse: comment ${c.id} has no issue_number and the fake holds ${pulls.size} pull requests`)
    return undefined
  }

  const page = <T>(
    req: RecordedRequest,
    items: readonly T[],
    wrap?: (slice: unknown[]) => unknown,
    each?: (item: T) => unknown,
  ): Answer => {
    // > per_page: "The number of results per page (max 100)."
    const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30)))
    const pageNo = Math.max(1, Number(req.query.get('page') ?? 1))
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number): string => {
      const q = new URLSearchParams(req.query)
      q.set('per_page', String(perPage))
      q.set('page', String(p))
      return `<${site.api}${req.path}?${q.toString()}>`
    }
    const rels = [
      ...(pageNo < last ? [`${link(pageNo + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []),
      ...(pageNo > 1 ? [`${link(1)}; rel="first"`, `${link(pageNo - 1)}; rel="prev"`] : []),
    ]
    // Only the page's own items are made into answers: a 3,000-file listing must not cost 3,000 objects a page.
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage).map((item) => (each ? each(item) : item))
    return json(200, wrap ? wrap(slice) : slice, rels.length ? { link: rels.join(', ') } : {})
  }

  const pullState = (p: FakePull): Parameters<typeof pullRequest>[1] => {
    const files = filesOf(p.files, p.diff)
    return {
      number: p.number,
      title: p.title,
      headSha: p.headSha,
      baseSha: p.baseSha,
      headRef: p.headRef ?? 'feature',
      baseRef: p.baseRef ?? 'main',
      headRepo: p.headRepo ?? `${owner}/${repo}`,
      author: p.author ?? 'alice',
      state: p.state ?? 'open',
      draft: p.draft ?? false,
      merged: p.merged ?? false,
      changedFiles: p.changedFiles ?? files.length,
      closedAt: p.closedAt,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
    }
  }

  const commentObject = (c: FakeComment): Record<string, unknown> => {
    const created = c.created_at ?? '2024-03-01T10:00:00Z'
    return issueComment(site, {
      id: c.id,
      issueNumber: issueOf(c) ?? 0,
      login: c.user.login,
      userType: c.user.type,
      body: c.body,
      htmlUrl: c.html_url,
      createdAt: created,
      updatedAt: c.updated_at ?? created,
    })
  }

  const checkRunObject = (r: FakeCheckRun): Record<string, unknown> =>
    checkRun(site, {
      id: r.id,
      name: r.name,
      headSha: r.head_sha,
      status: r.status,
      conclusion: r.conclusion,
      externalId: r.external_id ?? null,
      detailsUrl: r.details_url ?? null,
      startedAt: r.started_at ?? null,
      completedAt: r.completed_at ?? null,
      output: r.output,
      annotationsCount: r.annotations.filter((a) => !a.lateAfterCompletion).length,
      pulls: [...pulls.values()]
        .filter((p) => p.headSha === r.head_sha && (p.state ?? 'open') === 'open')
        .map((p) => ({ number: p.number, headRef: p.headRef ?? 'feature', baseRef: p.baseRef ?? 'main', baseSha: p.baseSha })),
    })

  /** GitHub's rules for check runs that the schema cannot say. */
  const checkRunRules = (body: { status?: string; conclusion?: string; completed_at?: string }): Answer | undefined => {
    // > conclusion: "Required if you provide completed_at or a status of completed."
    if ((body.status === 'completed' || body.completed_at !== undefined) && body.conclusion === undefined) {
      violations.push('request: a check run completed (status or completed_at) without a conclusion')
      return json(422, validationFailed([{ resource: 'CheckRun', field: 'conclusion', code: 'missing_field' }]))
    }
    return undefined
  }

  const route = (req: RecordedRequest): Answer => {
    let m: RegExpExecArray | null
    const path = req.path
    if (req.method === 'POST' && path === '/graphql') {
      const { query, variables } = req.json<{ query: string; variables?: Record<string, unknown> }>()
      if (/^\s*(?:query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query))
        return json(200, { data: { viewer: { login: state.viewer } } })
      const answered = reviewsApi.graphql(query, variables ?? {})
      if (answered) return answered
      return json(200, { errors: [{ message: `the fake answers viewer, reviewThreads and (un)resolveReviewThread only, not: ${query}` }] })
    }
    const reviewAnswer = reviewsApi.rest(req)
    if (reviewAnswer) return reviewAnswer
    if (state.readOnly && req.method !== 'GET') {
      // > "Resource not accessible by integration": a fork's GITHUB_TOKEN can read, not write.
      return json(403, errorBody('Resource not accessible by integration', 403))
    }
    if (path === `${prefix}/pulls` && req.method === 'GET') {
      // > state: "Either open, closed, or all to filter by state." sort=updated, direction=desc: most recently updated first.
      const state = req.query.get('state') ?? 'open'
      const listed = [...pulls.values()]
        .filter((p) => state === 'all' || (p.state ?? 'open') === state)
        .map((p) => pullRequest(site, pullState(p)))
        .sort((a, b) => (String(b.updated_at) < String(a.updated_at) ? -1 : String(b.updated_at) > String(a.updated_at) ? 1 : 0))
      return page(req, req.query.get('direction') === 'asc' ? listed.reverse() : listed)
    }
    if ((m = new RegExp(`^${prefix}/pulls/(\\d+)$`).exec(path)) && req.method === 'GET') {
      const pull = pulls.get(Number(m[1]))
      if (!pull) return notFound()
      if (format(req) === 'diff') {
        if (pull.diffTooLarge) {
          return json(406, {
            message:
              "Sorry, the diff exceeded the maximum number of files (300). Consider using 'List pull requests files' API or locally cloning the repository instead.",
            errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
            documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files',
            status: '406',
          })
        }
        return { status: 200, text: pull.diff, contentType: 'application/vnd.github.diff; charset=utf-8' }
      }
      return json(200, pullRequest(site, pullState(pull)))
    }
    if ((m = new RegExp(`^${prefix}/pulls/(\\d+)/files$`).exec(path)) && req.method === 'GET') {
      const pull = pulls.get(Number(m[1]))
      if (!pull) return notFound()
      // > "The paginated response returns 30 files per page by default and a maximum of 3000 files."
      const files = filesOf(pull.files, pull.diff).slice(0, 3000)
      return page(req, files, undefined, (f) => diffEntry(site, pull.headSha, f))
    }
    if ((m = new RegExp(`^${prefix}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)$`).exec(path)) && req.method === 'GET') {
      const [base, head] = [m[1]!, m[2]!]
      const compare = compares.get(`${base}...${head}`)
      if (compare === undefined) return notFound()
      if (format(req) === 'diff') {
        if (compare.diffTooLarge) return json(406, errorBody('Sorry, this diff is taking too long to generate.', 406))
        return { status: 200, text: compare.diff, contentType: 'application/vnd.github.diff; charset=utf-8' }
      }
      // > "The response from the API includes a maximum of 300 files."
      const files = filesOf(compare.files, compare.diff)
        .slice(0, 300)
        .map((f) => diffEntry(site, head, f))
      return json(200, commitComparison(site, base, head, files))
    }
    if ((m = new RegExp(`^${prefix}/contents/(.+)$`).exec(path)) && req.method === 'GET') {
      const ref = req.query.get('ref') ?? 'main'
      const file = decodeURIComponent(m[1]!)
      const text = contents.get(`${ref}:${file}`) ?? binaryInDiff(ref, file)
      if (text === undefined) {
        // A directory is listed, whatever media type was asked for.
        const inside = [...contents].filter(([key]) => key.startsWith(`${ref}:${file}/`))
        if (inside.length === 0) return notFound()
        return json(
          200,
          inside.map(([key, body]) => {
            const { content: _, encoding: __, ...entry } = contentFile(site, key.slice(ref.length + 1), ref, body)
            return entry
          }),
        )
      }
      if (format(req) === 'raw') return { status: 200, text, contentType: 'application/vnd.github.raw; charset=utf-8' }
      return json(200, contentFile(site, file, ref, text))
    }
    if ((m = new RegExp(`^${prefix}/collaborators/([^/]+)/permission$`).exec(path)) && req.method === 'GET') {
      const login = decodeURIComponent(m[1]!)
      return json(200, collaboratorPermission(site, login, permissions.get(login) ?? 'read'))
    }
    if ((m = new RegExp(`^${prefix}/issues/(\\d+)/comments$`).exec(path))) {
      const issue = Number(m[1])
      if (!pulls.has(issue)) return notFound()
      if (req.method === 'GET') {
        return page(req, comments.filter((c) => issueOf(c) === issue).map(commentObject))
      }
      if (req.method === 'POST') {
        const id = nextId++
        const now = timestamp()
        const comment: FakeComment = {
          id,
          user: { login: state.viewer, type: state.viewer.endsWith('[bot]') ? 'Bot' : 'User' },
          body: req.json<{ body: string }>().body,
          html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
          issue_number: issue,
          created_at: now,
          updated_at: now,
        }
        comments.push(comment)
        return json(201, commentObject(comment))
      }
    }
    if ((m = new RegExp(`^${prefix}/issues/comments/(\\d+)/reactions$`).exec(path)) && req.method === 'POST') {
      const comment = comments.find((c) => c.id === Number(m![1]))
      if (!comment) return notFound()
      const content = req.json<{ content: string }>().content
      const mine = `${state.viewer}:${content}`
      // > "Use the fact that the response is 200 to determine that the reaction already exists."
      const exists = (comment.reactions ?? []).includes(mine)
      if (!exists) (comment.reactions ??= []).push(mine)
      const id = idFor(`${comment.id}:${mine}`)
      return json(exists ? 200 : 201, {
        id,
        node_id: `REA_${id}`,
        user: user(site, state.viewer, state.viewer.endsWith('[bot]') ? 'Bot' : 'User'),
        content,
        created_at: timestamp(),
      })
    }
    if ((m = new RegExp(`^${prefix}/issues/comments/(\\d+)$`).exec(path))) {
      const i = comments.findIndex((c) => c.id === Number(m![1]))
      if (i < 0) return notFound()
      const comment = comments[i]!
      if (req.method === 'GET') return json(200, commentObject(comment))
      if (req.method === 'DELETE') {
        comments.splice(i, 1)
        return { status: 204 }
      }
      if (req.method === 'PATCH') {
        comment.body = req.json<{ body: string }>().body
        comment.updated_at = timestamp()
        return json(200, commentObject(comment))
      }
    }
    if (path === `${prefix}/check-runs` && req.method === 'POST') {
      const body = req.json<{
        name: string
        head_sha: string
        status?: string
        conclusion?: string
        started_at?: string
        completed_at?: string
        details_url?: string
        output?: FakeCheckRun['output'] & { annotations?: Record<string, unknown>[] }
        external_id?: string
      }>()
      const refused = checkRunRules(body)
      if (refused) return refused
      const completed = body.conclusion !== undefined
      const now = timestamp()
      const run: FakeCheckRun = {
        id: nextId++,
        name: body.name,
        head_sha: body.head_sha,
        // > "Providing conclusion will automatically set the status parameter to completed."
        status: completed ? 'completed' : (body.status ?? 'queued'),
        conclusion: body.conclusion ?? null,
        output: body.output ? { title: body.output.title, summary: body.output.summary, text: body.output.text } : {},
        annotations: [...(body.output?.annotations ?? [])],
        updates: 0,
        started_at: body.started_at ?? now,
        ...(completed ? { completed_at: body.completed_at ?? now } : {}),
        ...(body.external_id !== undefined ? { external_id: body.external_id } : {}),
        ...(body.details_url !== undefined ? { details_url: body.details_url } : {}),
      }
      checkRuns.push(run)
      return json(201, checkRunObject(run))
    }
    if ((m = new RegExp(`^${prefix}/commits/([^/]+)/check-runs$`).exec(path)) && req.method === 'GET') {
      const ref = decodeURIComponent(m[1]!)
      const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : [...pulls.values()].find((p) => ref === `heads/${p.headRef ?? 'feature'}`)?.headSha
      if (sha === undefined)
        return json(
          422,
          validationFailed([{ resource: 'Commit', field: 'ref', code: 'invalid', message: `No commit found for SHA: ${ref}` }]),
        )
      const q = req.query
      // > check_name: "Returns check runs with the specified name."  status: "Returns check runs with the specified status."
      // filter=latest|all differ only for re-requested runs, which the fake does not model.
      const runs = checkRuns.filter(
        (r) =>
          r.head_sha === sha &&
          (!q.has('check_name') || r.name === q.get('check_name')) &&
          (!q.has('status') || r.status === q.get('status')),
      )
      return page(req, runs.map(checkRunObject), (slice) => ({ total_count: runs.length, check_runs: slice }))
    }
    if ((m = new RegExp(`^${prefix}/check-runs/(\\d+)$`).exec(path))) {
      const run = checkRuns.find((r) => r.id === Number(m![1]))
      if (!run) return notFound()
      if (req.method === 'GET') return json(200, checkRunObject(run))
      if (req.method !== 'PATCH') return notFound()
      const body = req.json<{
        name?: string
        status?: string
        conclusion?: string
        started_at?: string
        completed_at?: string
        details_url?: string
        external_id?: string
        output?: FakeCheckRun['output'] & { annotations?: Record<string, unknown>[] }
      }>()
      const refused = checkRunRules(body)
      if (refused) return refused
      const annotations = body.output?.annotations ?? []
      if (annotations.length > MAX_ANNOTATIONS) {
        return json(
          422,
          validationFailed([
            { resource: 'CheckRun', field: 'annotations', code: 'invalid', message: 'Only 50 annotations are allowed per request' },
          ]),
        )
      }
      if (run.status === 'completed' && annotations.length > 0 && body.status === undefined) {
        // Allowed by GitHub, but the action promises annotations before completion.
        run.annotations.push({ lateAfterCompletion: true })
      }
      run.annotations.push(...annotations)
      if (body.name !== undefined) run.name = body.name
      if (body.status !== undefined) run.status = body.status
      if (body.conclusion !== undefined) {
        run.conclusion = body.conclusion
        run.status = 'completed'
        run.completed_at = body.completed_at ?? timestamp()
      }
      if (body.started_at !== undefined) run.started_at = body.started_at
      if (body.external_id !== undefined) run.external_id = body.external_id
      if (body.details_url !== undefined) run.details_url = body.details_url
      if (body.output)
        run.output = {
          title: body.output.title ?? run.output.title,
          summary: body.output.summary,
          text: body.output.text ?? run.output.text,
        }
      run.updates++
      return json(200, checkRunObject(run))
    }
    return json(404, errorBody(`Not Found: ${req.method} ${path}`, 404))
  }

  /** Faults first (auth, rate limits and outages come before validation), then GitHub's refusals, then the routes. */
  const answer = (req: RecordedRequest): Answer => {
    const check = checked ? checkRequest(req) : { violations: [], reject: undefined }
    violations.push(...check.violations.map((v) => `request ${req.method} ${req.path}: ${v}`))
    const fault = faults.findIndex((f) => f.method === req.method && f.path.test(req.path) && (f.when?.(req) ?? true))
    if (fault >= 0) {
      const f = faults[fault]!
      const times = (f.times ?? 1) - 1
      if (times <= 0) faults.splice(fault, 1)
      else f.times = times
      if (f.status === 'drop') return { status: 0, drop: true }
      return json(f.status, errorBody(f.message ?? 'Server Error', f.status), f.headers)
    }
    if (check.reject) {
      const r = check.reject
      return json(
        r.status,
        r.status === 422 ? validationFailed(r.errors.map((message) => ({ code: 'invalid', message }))) : errorBody(r.message, r.status),
      )
    }
    return route(req)
  }

  const send = (req: RecordedRequest, res: ServerResponse, a: Answer): void => {
    if (a.drop) {
      res.destroy()
      return
    }
    const body = a.json !== undefined ? a.json : a.text
    const contentType = a.json !== undefined ? 'application/json; charset=utf-8' : (a.contentType ?? '')
    if (checked)
      violations.push(
        ...checkResponse(req, { status: a.status, contentType, body }).map((v) => `answer to ${req.method} ${req.path}: ${v}`),
      )
    if (a.json !== undefined) {
      sendJson(res, a.status, a.json, a.headers)
      return
    }
    res.writeHead(a.status, { ...(a.contentType ? { 'content-type': a.contentType } : {}), ...a.headers })
    res.end(a.text ?? '')
  }

  const server = await startLoopback(async (req, res) => {
    await Promise.all(holds.filter((h) => h.method === req.method && h.path.test(req.path)).map((h) => h.release(req)))
    send(req, res, answer(req))
  })
  site = { api: server.url, owner, repo }

  const fake: FakeGitHub = Object.assign(server, {
    owner,
    repo,
    pulls,
    comments,
    checkRuns,
    compares,
    permissions,
    contents,
    violations,
    reviews: reviewsApi.reviews,
    threads: reviewsApi.threads,
    ...state,
    failNext(fault: Fault) {
      faults.push({ ...fault })
    },
    holdUntil(method: string, path: RegExp, release: (req: RecordedRequest) => Promise<unknown>) {
      holds.push({ method, path, release })
    },
    writes: () => server.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql'),
    mutations: () => server.requests.filter((r) => r.path === '/graphql' && /^\s*mutation\b/.test(r.json<{ query: string }>().query)),
  })
  // Object.assign copies a getter's value, not the getter: the switches are accessors of the state the routes read.
  for (const key of ['viewer', 'readOnly', 'refuseResolve'] as const) {
    Object.defineProperty(fake, key, { get: () => state[key], set: (v: never) => (state[key] = v), enumerable: true })
  }
  registerViolationSource({ label: `${owner}/${repo} fake`, violations })
  return fake
}

// filesOf is asked once per page of the files API: a pull request's listing is made once.
const listed = new WeakMap<readonly FakeFile[], FileState[]>()
const fromDiff = new Map<string, FileState[]>()

/** The files API's entries: those given (counts filled in), or the files of a unified diff. */
// PNG's signature and header: what a file a diff shows as binary holds, unless a test sets `contents` for it.
const PNG = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR'

export function filesOf(given: readonly FakeFile[] | undefined, diff: string): FileState[] {
  const known = given ? listed.get(given) : fromDiff.get(diff)
  if (known) return known
  const files = listFiles(given, diff)
  if (given) listed.set(given, files)
  else if (fromDiff.size < 100) fromDiff.set(diff, files)
  return files
}

function listFiles(given: readonly FakeFile[] | undefined, diff: string): FileState[] {
  if (given) {
    return given.map((f) => {
      const additions = f.additions ?? 0
      const deletions = f.deletions ?? 0
      return {
        filename: f.filename,
        status: f.status ?? 'modified',
        additions,
        deletions,
        changes: f.changes ?? additions + deletions,
        patch: f.patch,
        previousFilename: f.previous_filename,
        sha: f.sha === undefined ? blobSha(f.filename) : f.sha,
      }
    })
  }
  return diff
    .split(/^(?=diff --git )/m)
    .filter((s) => s.startsWith('diff --git '))
    .map((section) => {
      const lines = section.replace(/\n$/, '').split('\n')
      const names = /^diff --git a\/(.+) b\/(.+)$/.exec(lines[0]!)
      const hunk = lines.findIndex((l) => l.startsWith('@@'))
      const header = hunk < 0 ? lines : lines.slice(0, hunk)
      const plus = header.find((l) => l.startsWith('+++ b/'))?.slice(6)
      const minus = header.find((l) => l.startsWith('--- a/'))?.slice(6)
      const renamedFrom = header.find((l) => l.startsWith('rename from '))?.slice(12)
      const status = header.some((l) => l.startsWith('new file mode'))
        ? 'added'
        : header.some((l) => l.startsWith('deleted file mode'))
          ? 'removed'
          : renamedFrom !== undefined
            ? 'renamed'
            : 'modified'
      const filename = plus ?? (status === 'removed' ? minus : undefined) ?? names?.[2] ?? 'unknown'
      const patchLines = hunk < 0 ? [] : lines.slice(hunk)
      const additions = patchLines.filter((l) => l.startsWith('+')).length
      const deletions = patchLines.filter((l) => l.startsWith('-')).length
      return {
        filename,
        status,
        additions,
        deletions,
        changes: additions + deletions,
        patch: patchLines.length > 0 ? patchLines.join('\n') : undefined,
        previousFilename: renamedFrom,
        sha: blobSha(filename),
      }
    })
}

function blobSha(name: string): string {
  let h = 0
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return h.toString(16).padStart(8, '0').repeat(5)
}
