// The soak's one loopback pull request and three scripted reviewers, kept for
// every run: comments and checks pile up across runs as they would on GitHub.
// Each run arms its own faults (keyed to the run, so leftovers never fire
// later) and is told when the moments it may be cancelled at come.
import { COMMENT_MARKER } from '../../src/core/render/report.ts'
import { startFakeGitHub, type FakeComment, type FakeGitHub } from '../../__tests__/helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelAnswer } from '../../__tests__/helpers/fake-models.ts'
import type { RecordedRequest } from '../../__tests__/helpers/http.ts'
import {
  headRun,
  headSha,
  MODELS,
  type GitHubFaultKind,
  type Model,
  type ModelFault,
  type Moment,
  type Reply,
  type RunPlan,
} from './plan.ts'

export const PR = 7
export const BOT = 'github-actions[bot]'
export const FILE = 'src/quota.ts'

/** What one run saw happen, filled in while it runs. */
export interface RunLog {
  /** Each reviewer's answers in order: a fault kind (`slow` answers cleanly, late), or `clean`. */
  readonly served: Record<Model, string[]>
  /** GitHub faults that fired, by kind. */
  readonly triggered: Map<GitHubFaultKind, number>
  /** Called when a moment the run may be cancelled at comes (the request stays in flight until it returns). */
  onMoment: (moment: Moment) => void
}

export interface World {
  readonly github: FakeGitHub
  readonly models: FakeModels
  /** Sets the pull request up for the run and arms its faults. */
  begin(seed: number, plan: RunPlan): RunLog
  close(): Promise<void>
}

const REPLIES: Record<Reply, string> = {
  block: `SEVERITY: BLOCK\nWHERE: ${FILE}:6\nWHAT: A negative count passes the quota check.\nWHY: Line 6 compares with <= where the limit is exclusive.\n\nVERDICT: hold`,
  warn: `SEVERITY: WARN\nWHERE: ${FILE}:9\nWHAT: The reset interval is hard-coded.\nWHY: Line 9 ignores the configured window.\n\nVERDICT: ship`,
  ship: 'VERDICT: ship - nothing found',
}

export async function startWorld(): Promise<World> {
  let current: { plan: RunPlan; log: RunLog; calls: Map<Model, number> } | undefined
  const github = await startFakeGitHub()
  // Every request passes here before it is answered: the run hears of its moments while the request is in flight.
  for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
    github.holdUntil(method, /.*/, (req) => {
      const moment = momentOf(req)
      if (moment && current) current.log.onMoment(moment)
      return Promise.resolve()
    })
  }
  const script = (model: Model) => async (): Promise<ModelAnswer> => {
    if (!current) return { reply: REPLIES.ship }
    const n = current.calls.get(model) ?? 0
    current.calls.set(model, n + 1)
    current.log.onMoment('model-call')
    const fault = current.plan.modelFaults[model][n]
    current.log.served[model].push(fault?.kind ?? 'clean')
    return answer(fault, REPLIES[current.plan.replies[model]])
  }
  const models = await startFakeModels(Object.fromEntries(MODELS.map((m) => [m, script(m)])))

  return {
    github,
    models,
    begin(seed, plan) {
      const head = headRun(seed, plan.index)
      github.pulls.set(PR, {
        number: PR,
        headSha: headSha(seed, head),
        baseSha: 'b'.repeat(40),
        title: 'Quota checks',
        diff: quotaDiff(head),
      })
      if (plan.duplicateComment) leaveDuplicate(github, plan.index)
      const log: RunLog = {
        served: { 'anthropic/opus': [], 'moonshotai/kimi': [], 'qwen/qwen3-coder': [] },
        triggered: new Map(),
        onMoment: () => undefined,
      }
      current = { plan, log, calls: new Map() }
      const run = current
      for (const fault of plan.githubFaults) {
        let left = fault.times
        const when = (): boolean => {
          if (current !== run || left === 0) return false
          left--
          log.triggered.set(fault.kind, (log.triggered.get(fault.kind) ?? 0) + 1)
          return true
        }
        for (const f of FAULTS[fault.kind]) github.failNext({ ...f, times: Infinity, when })
      }
      return log
    },
    async close() {
      await github.close()
      await models.close()
    },
  }
}

function answer(fault: ModelFault | undefined, reply: string): ModelAnswer | Promise<ModelAnswer> {
  switch (fault?.kind) {
    case undefined:
      return { reply }
    case '429':
      return {
        status: 429,
        error: { message: 'Rate limit exceeded', code: 429 },
        headers: { 'retry-after-ms': String(fault.retryAfterMs) },
      }
    case '429-no-hint':
      return { status: 429, error: { message: 'Rate limit exceeded', code: 429 }, headers: {} }
    case '500':
      return { status: 500, error: { message: 'Internal server error', code: 500 } }
    case 'slow':
      return new Promise((resolve) => setTimeout(() => resolve({ reply }), fault.ms))
    case '200-with-error':
      return { raw: { id: 'gen-1', object: 'chat.completion', error: { message: 'Provider returned error', code: 502 } } }
    case 'truncated':
      return { reply: reply.slice(0, 40), finishReason: 'length' }
  }
}

const comments = /\/issues\/(?:\d+\/comments|comments\/\d+)$/
const SECONDARY = { status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }

/** Where each kind of GitHub fault lands (several routes share one budget of `times`). */
const FAULTS: Record<
  GitHubFaultKind,
  { method: string; path: RegExp; status: number; message?: string; headers?: Record<string, string> }[]
> = {
  'read-5xx': [{ method: 'GET', path: new RegExp(`/pulls/${PR}$`), status: 502, message: 'Bad Gateway' }],
  'check-create-5xx': [{ method: 'POST', path: /\/check-runs$/, status: 502, message: 'Bad Gateway' }],
  'check-update-5xx': [{ method: 'PATCH', path: /\/check-runs\/\d+$/, status: 500, message: 'Server Error' }],
  'comment-write-5xx': ['POST', 'PATCH', 'DELETE'].map((method) => ({ method, path: comments, status: 502, message: 'Bad Gateway' })),
  'secondary-rate-limit': [
    { method: 'POST', path: /\/check-runs$/, ...SECONDARY, headers: { 'retry-after': '1' } },
    { method: 'POST', path: comments, ...SECONDARY, headers: { 'retry-after': '1' } },
    { method: 'PATCH', path: comments, ...SECONDARY, headers: { 'retry-after': '1' } },
  ],
}

function momentOf(req: RecordedRequest): Moment | undefined {
  if (req.method === 'GET' && new RegExp(`/pulls/${PR}$`).test(req.path)) return 'first-read'
  if (req.method === 'POST' && req.path.endsWith('/check-runs')) return 'check-create'
  if (req.method === 'GET' && /\/commits\/[^/]+\/check-runs$/.test(req.path)) return 'supersede'
  if (req.method !== 'GET' && comments.test(req.path)) return 'comment-write'
  if (req.method === 'PATCH' && /\/check-runs\/\d+$/.test(req.path) && req.json<{ status?: string }>().status === 'completed')
    return 'check-complete'
  return undefined
}

/** What a run racing this one left: our marked comment, so that there are two. */
function leaveDuplicate(github: FakeGitHub, index: number): void {
  const ours = github.comments.filter((c) => c.user.login === BOT && c.body.includes(COMMENT_MARKER))
  for (let i = ours.length; i < 2; i++) {
    const id = 900_000 + index * 10 + i
    const comment: FakeComment = {
      id,
      user: { login: BOT, type: 'Bot' },
      body: `${COMMENT_MARKER}\nA racing run's report.`,
      html_url: `https://github.com/${github.owner}/${github.repo}/pull/${PR}#issuecomment-${id}`,
      issue_number: PR,
    }
    github.comments.push(comment)
  }
}

/** The pull request's diff at the head pushed by run `head`: one new file, its last line naming the push. */
export function quotaDiff(head: number): string {
  const lines = [
    'export interface Quota {',
    '  limit: number',
    '  used: number',
    '}',
    'export function allow(q: Quota, count: number): boolean {',
    '  return q.used + count <= q.limit',
    '}',
    'export function reset(q: Quota): void {',
    '  setTimeout(() => (q.used = 0), 60_000)',
    '}',
    '',
    `export const REVISION = ${head}`,
  ]
  return [
    `diff --git a/${FILE} b/${FILE}`,
    'new file mode 100644',
    'index 0000000..1a2b3c4',
    '--- /dev/null',
    `+++ b/${FILE}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '',
  ].join('\n')
}
