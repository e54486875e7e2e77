// What leaves the runner (SECURITY.md), held on the committed bundle run as a
// runner runs it: every request, connection, host lookup and child process of
// the process is recorded (fixtures/process/record-egress.mjs), and the runner's
// own tokens are in its environment, with their services pointing at a trap.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { startLoopback, type LoopbackServer, type RecordedRequest } from './helpers/http.ts'
import { runnerEnv, runnerFiles, startAction, type Ended } from './helpers/runner-process.ts'

const GITHUB_TOKEN = 'ghs_egresstest0000000000000000000000'
const API_KEY = 'sk-or-v1-egress-base-url-key-000000000'
const OWN_KEY = 'sk-egress-own-endpoint-key-1111111111'
/** What a runner puts in a step's environment, and other secrets a workflow may export: none may leave. */
const RUNNER_SECRETS = {
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-egress-canary-2222',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-egress-canary-3333333333',
  NPM_TOKEN: 'npm_egresscanary44444444444444444444444',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-egress-canary-555555555555',
}
const BLOCK = 'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:19\nWHAT: Spoofable key.\nWHY: Header.\nVERDICT: hold'
const reply: ModelScript = () => ({ reply: BLOCK })

interface Egress {
  requests: string[]
  connections: string[]
  lookups: string[]
  processes: string[]
}

let github: FakeGitHub
let models: FakeModels
let own: FakeModels
let trap: LoopbackServer
let ended: Ended
let egress: Egress

beforeAll(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Add rate limiting', diff: demoDiff() })
  models = await startFakeModels({ 'anthropic/opus': reply })
  own = await startFakeModels({ 'moonshotai/kimi': reply })
  // The services a runner's tokens are for (OIDC, artifacts, cache): nothing may call them.
  trap = await startLoopback((_req, res) => res.writeHead(418).end())
  const files = runnerFiles({ action: 'opened', number: 7, pull_request: { number: 7 } })
  const inputs = {
    'github-token': GITHUB_TOKEN,
    'api-key': API_KEY,
    'base-url': models.baseURL,
    reviewers: `opus|anthropic/opus\nkimi|moonshotai/kimi|${own.baseURL}|OWN_ENDPOINT_KEY`,
  }
  const env = {
    ...runnerEnv(inputs, files, github),
    ...RUNNER_SECRETS,
    OWN_ENDPOINT_KEY: OWN_KEY,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${trap.url}/token`,
    ACTIONS_RESULTS_URL: `${trap.url}/`,
    ACTIONS_CACHE_URL: `${trap.url}/`,
    GITHUB_SERVER_URL: trap.url,
    EGRESS_LOG: join(files.dir, 'egress.json'),
  }
  const recorder = fileURLToPath(new URL('fixtures/process/record-egress.mjs', import.meta.url))
  ended = await startAction(env, 'dist/index.js', ['--import', recorder]).ended
  egress = JSON.parse(readFileSync(env.EGRESS_LOG, 'utf8')) as Egress
})

afterAll(async () => {
  await Promise.all([github.close(), models.close(), own.close(), trap.close()])
})

const origin = (url: string): string => new URL(url).origin
const hostPort = (url: string): string => `${new URL(url).hostname}:${new URL(url).port}`
/** Everything a request carried: its line, every header and the body. */
const carried = (r: RecordedRequest): string => [r.method, r.path, r.query.toString(), JSON.stringify(r.headers), r.body].join('\n')
const secretsIn = (r: RecordedRequest, secrets: readonly string[]): string[] => secrets.filter((s) => carried(r).includes(s))

describe('what leaves the runner: dist/index.js on a simulated runner, every request recorded', () => {
  it('ran the review: both model endpoints and GitHub were called, the check completed', () => {
    expect(ended.code).toBe(1)
    expect(models.calls()).toHaveLength(2)
    expect(own.calls()).toHaveLength(2)
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('sends nothing to a host other than the configured base URLs and the GitHub API URL', () => {
    const allowed = [github.url, models.url, own.url]
    expect(egress.requests.length).toBeGreaterThan(5)
    expect(new Set(egress.requests.map((r) => origin(r.split(' ')[1]!)))).toEqual(new Set(allowed))
    expect(new Set(egress.connections)).toEqual(new Set(allowed.map(hostPort)))
    expect(egress.lookups.filter((host) => host !== '127.0.0.1')).toEqual([])
    expect(trap.requests).toEqual([])
  })

  it('starts no process: it never checks out, builds or runs the pull request’s code', () => {
    expect(egress.processes).toEqual([])
  })

  it('sends each model endpoint its own key, as Authorization: Bearer, and no other secret in a header or the body', () => {
    for (const [endpoint, key, other] of [
      [models, API_KEY, OWN_KEY],
      [own, OWN_KEY, API_KEY],
    ] as const) {
      const requests = endpoint.requests
      expect(requests.length).toBeGreaterThan(0)
      for (const r of requests) {
        expect(r.headers.authorization).toBe(`Bearer ${key}`)
        // The key once, in that header, and nowhere else.
        expect(carried(r).split(key)).toHaveLength(2)
        expect(secretsIn(r, [GITHUB_TOKEN, other, ...Object.values(RUNNER_SECRETS)])).toEqual([])
      }
    }
  })

  it('never sends the GitHub token to a model endpoint, nor a model key or runner secret to GitHub', () => {
    for (const r of [...models.requests, ...own.requests]) expect(carried(r)).not.toContain(GITHUB_TOKEN)
    expect(github.requests.length).toBeGreaterThan(5)
    for (const r of github.requests) {
      expect(r.headers.authorization).toBe(`token ${GITHUB_TOKEN}`)
      expect(secretsIn(r, [API_KEY, OWN_KEY, ...Object.values(RUNNER_SECRETS)])).toEqual([])
    }
  })

  it('sends a model endpoint the chat request and the SDK’s standard headers only', () => {
    const sdk =
      /^(x-stainless-[a-z-]+|user-agent|accept|accept-encoding|accept-language|authorization|content-type|content-length|host|connection|sec-fetch-mode)$/
    for (const r of [...models.requests, ...own.requests]) {
      expect(r.method).toBe('POST')
      expect(r.path).toBe('/v1/chat/completions')
      expect(Object.keys(r.headers).filter((name) => !sdk.test(name))).toEqual([])
      expect(Object.keys(r.json<object>()).sort()).toEqual(['max_tokens', 'messages', 'model', 'temperature'])
    }
  })
})
