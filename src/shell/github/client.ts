// One octokit for the run: GitHub's recommended spacing of content-creating
// requests (throttling) and retries of transient failures (retry).
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { writeGate, type WriteGate } from './write-gate.ts'

type Octokit = ReturnType<typeof getOctokit>

export type GitHub = Octokit & {
  /**
   * GraphQL for read-only queries. Octokit's throttling queues every POST
   * /graphql as a write, a second behind the last write (the check run);
   * a query is a read, so it goes through a client whose write queue is its own.
   */
  readonly query: Octokit['graphql']
  /**
   * For the one request that completes the check when the job is cancelled:
   * not behind the write queue (the runner kills the job a few seconds after
   * the signal), and retried after 0.1, 0.4 and 0.9 s rather than 1, 4 and 9.
   */
  readonly urgent: Octokit
  /** No write leaves the client after this, a retry or a queued write included; resolves once the writes on the wire are answered. */
  readonly stopWrites: WriteGate['stop']
}

export interface GitHubClientOptions {
  /** Space writes a second apart and honour rate limits (off only for loopback tests). */
  readonly throttle?: boolean
  /** Milliseconds per second of back-off; GitHub's value is 1000. */
  readonly retryBaseMs?: number
  readonly warn?: (message: string) => void
}

// Client errors that a retry cannot fix; 406 is "diff too large", handled by a fallback.
const DO_NOT_RETRY = [400, 401, 403, 404, 406, 410, 422, 451]
// The retry plugin's default: tries after the first, 1, 4 and 9 s apart.
const RETRIES = 3

// Octokit's throttling keeps one write queue per id for the whole process: each client gets its own.
let clients = 0

const URGENT_RETRY_BASE_MS = 100

export function createGitHub(token: string, baseUrl: string, options: GitHubClientOptions = {}): GitHub {
  const id = `cross-lineage-review-${++clients}`
  const gate = writeGate()
  const rest = octokit(token, baseUrl, options, `${id}-rest`, gate.plugin)
  const urgent = { ...options, throttle: false, retryBaseMs: Math.min(options.retryBaseMs ?? 1000, URGENT_RETRY_BASE_MS) }
  return Object.assign(rest, {
    query: octokit(token, baseUrl, options, `${id}-queries`).graphql,
    urgent: octokit(token, baseUrl, urgent, `${id}-urgent`),
    stopWrites: gate.stop,
  })
}

function octokit(token: string, baseUrl: string, options: GitHubClientOptions, id: string, ...first: WriteGate['plugin'][]): Octokit {
  const warn = options.warn ?? (() => {})
  const base = options.retryBaseMs ?? 1000
  return getOctokit(
    token,
    {
      baseUrl,
      retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: base, retries: RETRIES },
      throttle: {
        id,
        enabled: options.throttle ?? true,
        retryAfterBaseValue: base,
        onRateLimit: (after: number, req: { method: string; url: string }, _o: unknown, count: number) => {
          warn(`GitHub rate limit on ${req.method} ${req.url}; retrying in ${after}s`)
          return count < 2
        },
        onSecondaryRateLimit: (after: number, req: { method: string; url: string }, _o: unknown, count: number) => {
          warn(`GitHub secondary rate limit on ${req.method} ${req.url}; retrying in ${after}s`)
          return count < 2
        },
      },
    },
    ...first,
    announceRetries(warn),
    retry,
    throttling,
  )
}

/**
 * Says each 5xx the retry plugin will try again, as it happens: otherwise a
 * failing GitHub is ~14 s of silence per request. Registered before the
 * retry plugin, so its error hook sees every attempt.
 */
function announceRetries(warn: (message: string) => void): WriteGate['plugin'] {
  // Failed tries per request: the options object is one per request across its retries
  // (options.request, where the retry plugin counts, can be shared by concurrent requests).
  const failed = new WeakMap<object, number>()
  return (octokit) => {
    octokit.hook.error('request', (error, options) => {
      const status = httpStatus(error)
      const tried = (failed.get(options) ?? 0) + 1
      failed.set(options, tried)
      if (status !== undefined && status >= 500 && tried <= RETRIES) {
        const reason = (error as { response?: unknown }).response === undefined ? 'could not be reached on' : `answered HTTP ${status} to`
        const url = (error as { request?: { url?: string } }).request?.url ?? options.url
        const diff = (options.mediaType as { format?: unknown } | undefined)?.format === 'diff' ? ' (the diff)' : ''
        warn(`GitHub ${reason} ${options.method} ${url}${diff}; trying again (${tried + 1} of ${RETRIES + 1})`)
      }
      throw error
    })
  }
}

export interface RepoRef {
  readonly owner: string
  readonly repo: string
}

/** Exactly owner and repo, whatever wider object (holding the token, say) was passed as one. */
export function repoRef(r: RepoRef): RepoRef {
  return { owner: r.owner, repo: r.repo }
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}

/**
 * Why a request failed, for a message: the status and GitHub's words, or that
 * no answer came (octokit reports that as status 500, which GitHub never sent).
 */
export function failureOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/ - https:\/\/docs\.github\.com\S*$/, '')
  const status = httpStatus(error)
  if (status === undefined) return message
  if ((error as { response?: unknown }).response === undefined) return `no answer from GitHub: ${message}`
  return `HTTP ${status}: ${message}`
}

/** A request of `what` that failed, said with why and what to do; any other error as it is. */
export function readFailed(what: string, error: unknown): unknown {
  const status = httpStatus(error)
  if (status === undefined) return error
  const fix =
    (error as { response?: unknown }).response === undefined
      ? 'check the network and GITHUB_API_URL, then re-run the job.'
      : status >= 500
        ? 'GitHub is failing to answer (after retries); re-run the job later.'
        : 'check that the token can read it (`contents: read`, `pull-requests: read`), then re-run the job.'
  return new Error(`Could not read ${what} (${failureOf(error)}): ${fix}`)
}
