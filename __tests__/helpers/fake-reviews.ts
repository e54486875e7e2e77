// The fake GitHub's pull request reviews and review threads: creating a
// review (REST; every line checked against the pull request's diff, and one
// bad line refuses the whole review, as GitHub does), editing a review
// comment (REST), and listing and resolving threads (GraphQL, where the
// Actions bot is the Bot `github-actions`, not `github-actions[bot]`).
import { pullRequestReview, reviewComment, timestamp, type Site } from './github-objects.ts'
import type { RecordedRequest } from './http.ts'

export interface FakeReviewComment {
  id: number
  login: string
  body: string
  line: number
  startLine?: number
  side: 'LEFT' | 'RIGHT'
  reviewId: number
  commitId: string
  createdAt?: string
  updatedAt?: string
  /** A reply: the thread's first comment. */
  inReplyTo?: number
}

export interface FakeThread {
  /** GraphQL node id. */
  id: string
  pull: number
  path: string
  resolved: boolean
  /** Who resolved it (REST login); a resolved thread without one was resolved by octocat. */
  resolvedBy?: string
  /** The first one started the thread. */
  comments: FakeReviewComment[]
}

export interface FakeReview {
  id: number
  pull: number
  login: string
  body: string
  event: string
  commitId: string
  /** Ids of the comments it posted. */
  comments: number[]
}

export interface ReviewAnswer {
  status: number
  json?: unknown
}

/** What the fake GitHub shares with these routes. */
export interface ReviewContext {
  readonly site: () => Site
  readonly prefix: string
  readonly viewer: () => string
  readonly nextId: () => number
  readonly violations: string[]
  /** The pull request's head commit and its files' patches; undefined when there is no such pull request. */
  readonly pull: (n: number) => { headSha: string; patches: { filename: string; patch?: string | undefined }[] } | undefined
  /** A fork's token: every write is refused. */
  readonly readOnly: () => boolean
  /** resolveReviewThread is refused even where writes are allowed. */
  readonly refuseResolve: () => boolean
  /** One page of a list, with GitHub's Link header. */
  readonly page: (req: RecordedRequest, items: readonly unknown[]) => ReviewAnswer
}

const json = (status: number, body: unknown): ReviewAnswer => ({ status, json: body })
const DOCS = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request'
const forbidden = (): ReviewAnswer =>
  json(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' })
const unprocessable = (errors: string[]): ReviewAnswer =>
  json(422, { message: 'Unprocessable Entity', errors, documentation_url: DOCS, status: '422' })

export function startReviews(ctx: ReviewContext): {
  reviews: FakeReview[]
  threads: FakeThread[]
  rest: (req: RecordedRequest) => ReviewAnswer | undefined
  graphql: (query: string, variables: Record<string, unknown>) => ReviewAnswer | undefined
} {
  const reviews: FakeReview[] = []
  const threads: FakeThread[] = []

  const commentObject = (t: FakeThread, c: FakeReviewComment): Record<string, unknown> => {
    const created = c.createdAt ?? '2024-03-01T10:00:00Z'
    const hunk = hunkText(ctx.pull(t.pull)?.patches.find((p) => p.filename === t.path)?.patch ?? '', c.line)
    return reviewComment(ctx.site(), {
      ...c,
      pull: t.pull,
      path: t.path,
      diffHunk: hunk,
      createdAt: created,
      updatedAt: c.updatedAt ?? created,
    })
  }

  const createReview = (n: number, req: RecordedRequest): ReviewAnswer => {
    const pull = ctx.pull(n)
    if (!pull) return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
    if (ctx.readOnly()) return forbidden()
    type Comment = { path: string; body: string; line?: number; side?: string; start_line?: number; start_side?: string; position?: number }
    const body = req.json<{ commit_id?: string; body?: string; event?: string; comments?: Comment[] }>()
    // > body: "**Required** when using `REQUEST_CHANGES` or `COMMENT` for the `event` parameter."
    if ((body.event === 'COMMENT' || body.event === 'REQUEST_CHANGES') && !body.body) return refuse(['Body can not be blank'])
    if (body.commit_id !== undefined && body.commit_id !== pull.headSha) return refuse([`No commit found for SHA: ${body.commit_id}`])
    const errors = (body.comments ?? []).flatMap((c) => lineErrors(pull.patches, c))
    if (errors.length > 0) return refuse(errors)
    const review: FakeReview = {
      id: ctx.nextId(),
      pull: n,
      login: ctx.viewer(),
      body: body.body ?? '',
      event: body.event ?? 'PENDING',
      commitId: body.commit_id ?? pull.headSha,
      comments: [],
    }
    for (const c of body.comments ?? []) {
      const comment: FakeReviewComment = {
        id: ctx.nextId(),
        login: ctx.viewer(),
        body: c.body,
        line: c.line ?? 0,
        ...(c.start_line === undefined ? {} : { startLine: c.start_line }),
        side: c.side === 'LEFT' ? 'LEFT' : 'RIGHT',
        reviewId: review.id,
        commitId: review.commitId,
        createdAt: timestamp(),
      }
      review.comments.push(comment.id)
      threads.push({ id: `PRRT_${comment.id}`, pull: n, path: c.path, resolved: false, comments: [comment] })
    }
    reviews.push(review)
    const state = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' }[review.event] ?? 'PENDING'
    return json(200, pullRequestReview(ctx.site(), { ...review, state, submittedAt: timestamp() }))
  }

  /** GitHub refuses it; a test that means to provoke this clears the recorded violation. */
  const refuse = (errors: string[]): ReviewAnswer => {
    ctx.violations.push(`request: review refused: ${errors.join('; ')}`)
    return unprocessable(errors)
  }

  const rest = (req: RecordedRequest): ReviewAnswer | undefined => {
    let m: RegExpExecArray | null
    if ((m = new RegExp(`^${ctx.prefix}/pulls/(\\d+)/reviews$`).exec(req.path)) && req.method === 'POST')
      return createReview(Number(m[1]), req)
    if ((m = new RegExp(`^${ctx.prefix}/pulls/(\\d+)/comments$`).exec(req.path)) && req.method === 'GET') {
      const n = Number(m[1])
      if (!ctx.pull(n)) return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      const all = threads.filter((t) => t.pull === n).flatMap((t) => t.comments.map((c) => commentObject(t, c)))
      return ctx.page(
        req,
        all.sort((a, b) => Number(a.id) - Number(b.id)),
      )
    }
    if ((m = new RegExp(`^${ctx.prefix}/pulls/(\\d+)/comments/(\\d+)/replies$`).exec(req.path)) && req.method === 'POST') {
      const thread = threads.find((t) => t.pull === Number(m![1]) && t.comments[0]?.id === Number(m![2]))
      // > "This must be the ID of a top-level review comment, not a reply to that comment."
      if (!thread) return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      if (ctx.readOnly()) return forbidden()
      const root = thread.comments[0]!
      const { updatedAt: _, ...rest } = root
      const comment: FakeReviewComment = {
        ...rest,
        id: ctx.nextId(),
        login: ctx.viewer(),
        body: req.json<{ body: string }>().body,
        createdAt: timestamp(),
        inReplyTo: root.id,
      }
      thread.comments.push(comment)
      return json(201, commentObject(thread, comment))
    }
    if ((m = new RegExp(`^${ctx.prefix}/pulls/comments/(\\d+)$`).exec(req.path)) && req.method === 'PATCH') {
      const thread = threads.find((t) => t.comments.some((c) => c.id === Number(m![1])))
      const comment = thread?.comments.find((c) => c.id === Number(m![1]))
      if (!thread || !comment) return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      if (ctx.readOnly() || comment.login !== ctx.viewer()) return forbidden()
      comment.body = req.json<{ body: string }>().body
      comment.updatedAt = timestamp()
      return json(200, commentObject(thread, comment))
    }
    return undefined
  }

  const graphql = (query: string, variables: Record<string, unknown>): ReviewAnswer | undefined => {
    const mutation = /^\s*mutation\b[\s\S]*\b(resolveReviewThread|unresolveReviewThread)\s*\(/.exec(query)?.[1]
    if (mutation !== undefined) {
      const thread = threads.find((t) => t.id === variables.id)
      const refused = (type: string, message: string): ReviewAnswer =>
        json(200, { data: { [mutation]: null }, errors: [{ type, message }] })
      if (!thread) return refused('NOT_FOUND', `Could not resolve to a node with the global id of '${String(variables.id)}'`)
      if (ctx.readOnly() || (mutation === 'resolveReviewThread' && ctx.refuseResolve()))
        return refused('FORBIDDEN', 'Resource not accessible by integration')
      thread.resolved = mutation === 'resolveReviewThread'
      if (thread.resolved) thread.resolvedBy = ctx.viewer()
      else delete thread.resolvedBy
      return json(200, { data: { [mutation]: { thread: { id: thread.id, isResolved: thread.resolved } } } })
    }
    if (/\breviewThreads\s*\(/.test(query)) {
      const site = ctx.site()
      const n = Number(variables.number)
      if (variables.owner !== site.owner || variables.repo !== site.repo || !ctx.pull(n))
        return json(200, { data: { repository: null }, errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a PullRequest.' }] })
      // > first: at most 100.
      const first = Math.min(100, Number(/reviewThreads\s*\(\s*first:\s*(\d+)/.exec(query)?.[1] ?? 100))
      const perThread = Number(/comments\s*\(\s*first:\s*(\d+)/.exec(query)?.[1] ?? 100)
      const all = threads.filter((t) => t.pull === n)
      const start = typeof variables.cursor === 'string' ? Number(Buffer.from(variables.cursor, 'base64').toString()) : 0
      const page = all.slice(start, start + first)
      const nodes = page.map((t) => ({
        id: t.id,
        isResolved: t.resolved,
        resolvedBy: t.resolved ? author(t.resolvedBy ?? 'octocat') : null,
        path: t.path,
        comments: {
          nodes: t.comments
            .slice(0, perThread)
            .map((c) => ({ databaseId: c.id, url: commentObject(t, c).html_url, body: c.body, author: author(c.login) })),
        },
      }))
      const end = start + page.length
      const pageInfo = { hasNextPage: end < all.length, endCursor: page.length > 0 ? Buffer.from(String(end)).toString('base64') : null }
      return json(200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo, nodes } } } } })
    }
    return undefined
  }

  return { reviews, threads, rest, graphql }
}

/** GraphQL's actor: the Actions bot is the Bot `github-actions`. */
function author(login: string): { __typename: string; login: string } {
  const bot = /^(.+)\[bot\]$/.exec(login)
  return bot ? { __typename: 'Bot', login: bot[1]! } : { __typename: 'User', login }
}

/** Why GitHub would refuse a review comment at this place, checked against the file's patch. */
function lineErrors(
  patches: readonly { filename: string; patch?: string | undefined }[],
  c: { path: string; line?: number; side?: string; start_line?: number; start_side?: string; position?: number },
): string[] {
  const patch = patches.find((p) => p.filename === c.path)?.patch
  if (patch === undefined) return ['Path could not be resolved']
  if (c.line === undefined) return c.position === undefined ? ['Line could not be resolved'] : ['the fake models `line`, not `position`']
  const side = c.side ?? 'RIGHT'
  const hunks = hunkLines(patch, side === 'LEFT' ? 'old' : 'new')
  const hunk = hunks.get(c.line)
  if (hunk === undefined) return ['Line could not be resolved']
  if (c.start_line === undefined) return []
  if ((c.start_side ?? side) !== side) return ['the fake models ranges on one side only']
  if (c.start_line >= c.line) return ['pull_request_review_thread.start_line must precede the end line.']
  if (hunks.get(c.start_line) !== hunk) return ['pull_request_review_thread.start_line must be part of the same hunk as the line.']
  return []
}

/** Line number on one side → the index of the hunk that shows it. */
function hunkLines(patch: string, side: 'old' | 'new'): Map<number, number> {
  const lines = new Map<number, number>()
  let hunk = -1
  let old = 0
  let now = 0
  for (const line of patch.split('\n')) {
    const h = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (h) {
      ;[hunk, old, now] = [hunk + 1, Number(h[1]), Number(h[2])]
      continue
    }
    if (hunk < 0 || line.startsWith('\\')) continue
    const kind = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : 'ctx'
    if (kind !== 'del' && side === 'new') lines.set(now, hunk)
    if (kind !== 'add' && side === 'old') lines.set(old, hunk)
    if (kind !== 'del') now++
    if (kind !== 'add') old++
  }
  return lines
}

/** The patch's hunk holding a new-side line, as review comments quote it. */
function hunkText(patch: string, line: number): string {
  const hunks = patch.split(/^(?=@@ )/m).filter((h) => h.startsWith('@@'))
  return hunks.find((h) => [...hunkLines(h, 'new').keys()].includes(line)) ?? hunks[0] ?? ''
}
