// The ways a GitHub read fails, for the fail-closed tests (issue 30): a read
// that errors is refusal, never a default. Each failure answers every try of
// the request (the retries cannot clear it), and a closed port is a GitHub
// that refuses connections. `commandUnderLookupFailures` runs a comment
// command (`/review`, and every later command that checks permission) under
// each way the permission lookup can fail, and checks what any refusal holds.
import { expect } from 'vitest'
import { runAgainst, type RunOptions, type RunRecord } from './action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './fake-models.ts'
import type { RecordedRequest } from './http.ts'
import { commentOnPull } from './webhooks.ts'

export interface ReadFailure {
  readonly name: string
  /** An HTTP status, or a connection dropped with no answer. */
  readonly status: number | 'drop'
  readonly message?: string
  /** How the run's message names it. */
  readonly said: RegExp
}

export const READ_FAILURES: readonly ReadFailure[] = [
  { name: 'HTTP 403', status: 403, message: 'Resource not accessible by integration', said: /HTTP 403/ },
  { name: 'HTTP 404', status: 404, message: 'Not Found', said: /HTTP 404/ },
  { name: 'HTTP 500 on every try', status: 500, message: 'Internal Server Error', said: /HTTP 500/ },
  { name: 'HTTP 503 on every try', status: 503, message: 'Service Unavailable', said: /HTTP 503/ },
  { name: 'a dropped connection on every try', status: 'drop', said: /fetch failed|other side closed|socket/ },
]

/** Makes every matching request fail this way. */
export function failEvery(
  github: FakeGitHub,
  failure: ReadFailure,
  method: string,
  path: RegExp,
  when?: (req: RecordedRequest) => boolean,
): void {
  github.failNext({
    method,
    path,
    status: failure.status,
    ...(failure.message === undefined ? {} : { message: failure.message }),
    ...(when ? { when } : {}),
    times: Infinity,
  })
}

export const PERMISSION_PATH = /^\/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/

/** A failure of the permission lookup: one of READ_FAILURES, or GitHub refusing connections (a closed port). */
export type LookupFailure = ReadFailure | { readonly name: 'connection refused'; readonly status: 'refused'; readonly said: RegExp }

export const LOOKUP_FAILURES: readonly LookupFailure[] = [
  ...READ_FAILURES,
  { name: 'connection refused', status: 'refused', said: /ECONNREFUSED/ },
]

export interface CommandRun {
  readonly failure: LookupFailure
  readonly run: RunRecord
  readonly github: FakeGitHub
  readonly models: FakeModels
}

export interface CommandOptions {
  /** The comment's text, e.g. '/review' or '/review dismiss 1a2b false-positive' (made after `before`, from the fake GitHub). */
  readonly body: string | ((github: FakeGitHub) => string)
  /** Runs before the command, with every read answered (say, the review whose finding a dismissal names). */
  readonly before?: (github: FakeGitHub, models: FakeModels) => Promise<unknown>
  /** The commenter's role where the lookup answers (default admin: only the failure can refuse). */
  readonly role?: string
  /** Prepares the fake GitHub (the pull request is #1 of the example payload, with `diff`). */
  readonly setup?: (github: FakeGitHub) => void
  readonly diff: string
  readonly inputs?: RunOptions['inputs']
  readonly script?: Record<string, ModelScript>
}

const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })

/**
 * Runs the comment command once under each lookup failure (fresh fakes each time, `before` first) and checks
 * what every refusal holds: the lookup was asked (or GitHub refused the connection), and the command called
 * no model and left no check in progress or passing. Returns the runs for the command's own assertions.
 */
export async function commandUnderLookupFailures(options: CommandOptions): Promise<CommandRun[]> {
  const runs: CommandRun[] = []
  for (const failure of LOOKUP_FAILURES) {
    const { github, models, run, name } = await prepareCommand(options)
    const [modelRequests, checks, requests] = [models.requests.length, github.checkRuns.length, github.requests.length]
    if (failure.status === 'refused') await github.close()
    else failEvery(github, failure, 'GET', PERMISSION_PATH)
    const result = await run()
    await github.close()
    await models.close()
    const where = `${name} under ${failure.name}`
    expect(models.requests.slice(modelRequests), `${where}: model requests`).toEqual([])
    if (failure.status !== 'refused') {
      expect(
        github.requests.slice(requests).some((r) => PERMISSION_PATH.test(r.path)),
        `${where}: lookup asked`,
      ).toBe(true)
    }
    const newChecks = github.checkRuns.slice(checks)
    expect(
      newChecks.filter((c) => c.status !== 'completed' || c.conclusion === 'success'),
      `${where}: checks`,
    ).toEqual([])
    expect(result.result?.conclusion, `${where}: conclusion`).not.toBe('success')
    runs.push({ failure, run: result, github, models })
  }
  return runs
}

/** The same command with the lookup answering: the control that shows the refusals above came from the failure. */
export async function commandWithLookupAnswered(options: CommandOptions): Promise<Omit<CommandRun, 'failure'>> {
  const { github, models, run } = await prepareCommand(options)
  const result = await run()
  await github.close()
  await models.close()
  return { run: result, github, models }
}

async function prepareCommand(
  options: CommandOptions,
): Promise<{ github: FakeGitHub; models: FakeModels; run: () => Promise<RunRecord>; name: string }> {
  const example = commentOnPull('')
  const github = await startFakeGitHub(example.repository.owner.login, example.repository.name)
  github.pulls.set(example.issue.number, {
    number: example.issue.number,
    headSha: 'c'.repeat(40),
    baseSha: 'b'.repeat(40),
    title: example.issue.title,
    diff: options.diff,
  })
  github.permissions.set(example.comment.user.login, options.role ?? 'admin')
  options.setup?.(github)
  const models = await startFakeModels(options.script ?? { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
  await options.before?.(github, models)
  const body = typeof options.body === 'string' ? options.body : options.body(github)
  const event = commentOnPull(body)
  // The comment is on the pull request, as GitHub lists it to the command's run.
  github.comments.push({
    id: event.comment.id,
    user: { login: event.comment.user.login, type: 'User' },
    body,
    html_url: event.comment.html_url,
    issue_number: event.issue.number,
    created_at: event.comment.created_at,
    updated_at: event.comment.created_at,
  })
  const inputs = options.inputs ?? {}
  return {
    github,
    models,
    name: body.split('\n')[0] ?? body,
    run: () => runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event, inputs }),
  }
}
