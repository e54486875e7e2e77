import { afterEach, describe, expect, it } from 'vitest'
import type { ReviewerEndpoint } from '../../src/config/reviewers.ts'
import type { Bundle } from '../../src/core/plan/types.ts'
import { createModelClient } from '../../src/shell/models.ts'
import { startFakeModels, type FakeModels, type ModelScript } from '../helpers/fake-models.ts'
import { startLoopback, type LoopbackServer } from '../helpers/http.ts'

const bundle: Bundle = {
  id: 'src.1-abc',
  component: 'src',
  part: 1,
  parts: 1,
  files: [],
  paths: ['src/a.ts'],
  bytes: 20,
  text: 'diff --git a/src/a.ts b/src/a.ts\n',
  numbered: false,
}
const reviewer = (baseURL: string): ReviewerEndpoint => ({
  name: 'r',
  model: 'v/m',
  lineage: 'v',
  baseURL,
  keySource: 'api-key',
  apiKey: 'sk-models-test-0000000000',
})

let server: FakeModels | LoopbackServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function callWith(script: ModelScript, maxRetries = 0) {
  const models = await startFakeModels({ 'v/m': script })
  server = models
  return {
    result: await createModelClient({ maxTokens: 100, timeoutSeconds: 5, maxRetries, concurrency: 4 })(reviewer(models.baseURL), bundle),
    models,
  }
}

describe('createModelClient', () => {
  it('records reply, tokens, finish reason and latency of a clean call', async () => {
    const { result, models } = await callWith(() => ({ reply: 'VERDICT: ship', usage: { prompt_tokens: 321, completion_tokens: 12 } }))
    expect(result).toMatchObject({
      reviewer: 'r',
      bundleId: 'src.1-abc',
      outcome: 'answered',
      reply: 'VERDICT: ship',
      tokensIn: 321,
      tokensOut: 12,
      finishReason: 'stop',
    })
    expect(models.calls()[0]).toMatchObject({ model: 'v/m', max_tokens: 100 })
  })

  it('counts the time the endpoint took in the latency', async () => {
    // A lower bound the endpoint enforces, not a race: the answer cannot come sooner than it is sent.
    const models = await startFakeModels({ 'v/m': () => ({ reply: 'VERDICT: ship' }) }, { delayMs: 40 })
    server = models
    const result = await createModelClient({ maxTokens: 100, timeoutSeconds: 5, maxRetries: 0, concurrency: 4 })(
      reviewer(models.baseURL),
      bundle,
    )
    expect(result.latencyMs).toBeGreaterThanOrEqual(40)
  })

  it.each<[string, ModelScript, RegExp]>([
    ['a cut-off reply', () => ({ reply: 'SEVERITY: BLOCK\nWHERE: a', finishReason: 'length' }), /cut off at max-tokens/],
    ['a filtered reply', () => ({ reply: '', finishReason: 'content_filter' }), /content filter/],
    ['an empty reply', () => ({ reply: '   ' }), /empty reply/],
    [
      'HTTP 200 carrying an error object',
      () => ({ raw: { error: { message: 'Provider returned error', code: 502 } } }),
      /endpoint returned an error: Provider returned error/,
    ],
    ['HTTP 200 with no choices', () => ({ raw: { id: 'x', object: 'chat.completion', choices: [] } }), /no choices/],
    [
      'HTTP 400 context length',
      () => ({ status: 400, error: { message: 'maximum context length exceeded', code: 'context_length_exceeded' } }),
      /^HTTP 400 from http:\/\/127\.0\.0\.1:\d+\/v1: 400 maximum context length exceeded/,
    ],
    [
      'HTTP 401',
      () => ({ status: 401, error: { message: 'invalid key' } }),
      /^HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v1 \(check the API key\)/,
    ],
  ])('marks %s incomplete, never a clean review', async (_name, script, reason) => {
    const { result } = await callWith(script)
    expect(result.outcome).toBe('failed')
    expect(result.reason).toMatch(reason)
  })

  it('retries a 429 and a 5xx', async () => {
    let calls = 0
    const { result } = await callWith(
      () => (++calls < 3 ? { status: calls === 1 ? 429 : 503, error: { message: 'busy' } } : { reply: 'VERDICT: ship' }),
      2,
    )
    expect(calls).toBe(3)
    expect(result.outcome).toBe('answered')
  })

  // Each header asks for a short wait; refused more often than maxRetries, the call still completes.
  it.each<[string, Record<string, string>]>([
    ['retry-after-ms', { 'retry-after-ms': '5' }],
    ['retry-after in seconds', { 'retry-after': '0' }],
    ['retry-after as an HTTP date', { 'retry-after': new Date(0).toUTCString() }],
    ['x-ratelimit-reset-requests', { 'x-ratelimit-reset-requests': '5ms', 'x-ratelimit-remaining-requests': '0' }],
    ['x-ratelimit-reset-tokens', { 'x-ratelimit-reset-tokens': '5ms', 'x-ratelimit-remaining-tokens': '0' }],
    ['x-ratelimit-reset', { 'x-ratelimit-reset': '0' }],
  ])('waits out a 429 with %s and retries past maxRetries until it is answered', async (_name, headers) => {
    let calls = 0
    const { result, models } = await callWith(
      () => (++calls <= 3 ? { status: 429, error: { message: 'Rate limit exceeded' }, headers } : { reply: 'VERDICT: ship' }),
      1,
    )
    expect(models.calls()).toHaveLength(4)
    expect(result.outcome).toBe('answered')
  })

  it('waits out a 503 with retry-after the same way', async () => {
    let calls = 0
    const { result, models } = await callWith(
      () =>
        ++calls <= 2 ? { status: 503, error: { message: 'overloaded' }, headers: { 'retry-after': '0' } } : { reply: 'VERDICT: ship' },
      0,
    )
    expect(models.calls()).toHaveLength(3)
    expect(result.outcome).toBe('answered')
  })

  it('retries a 429 without a hint a bounded number of times, and says so', async () => {
    const { result, models } = await callWith(() => ({ status: 429, error: { message: 'Too many requests' }, headers: {} }), 1)
    expect(models.calls()).toHaveLength(2)
    expect(result).toMatchObject({ outcome: 'failed' })
    expect(result.reason).toMatch(
      /^HTTP 429 from http:\/\/127\.0\.0\.1:\d+\/v1 \(rate limited with no hint of when to retry; still refused after 1 retry\): 429 Too many requests$/,
    )
  })

  it('ends a rate limit that outlasts the run deadline at once, saying so and what to do, and the calls queued behind it', async () => {
    const models = await startFakeModels({
      'v/m': () => ({ status: 429, error: { message: 'slow down' }, headers: { 'retry-after': '3600' } }),
    })
    server = models
    const client = createModelClient({ maxTokens: 10, timeoutSeconds: 5, concurrency: 1, deadlineSeconds: 60 })
    const results = await Promise.all([client(reviewer(models.baseURL), bundle), client(reviewer(models.baseURL), bundle)])
    expect(models.calls()).toHaveLength(1)
    const why = `^rate limited by ${new URL(models.baseURL).host} for 3600 s; the run's deadline \\(deadline-seconds 60\\) came first: lower concurrency, or re-run later$`
    for (const result of results) expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(new RegExp(why)) })
  })

  it('stops waiting out a rate limit when the run deadline passes, and stops the calls queued behind it', async () => {
    const deadline = new AbortController()
    let calls = 0
    const models = await startFakeModels({
      'v/m': () => {
        // Refused once briefly, then for a minute, during which the deadline passes.
        if (++calls === 2) setImmediate(() => deadline.abort())
        return { status: 429, error: { message: 'slow down' }, headers: { 'retry-after-ms': calls === 1 ? '1' : '60000' } }
      },
    })
    server = models
    const client = createModelClient({ maxTokens: 10, timeoutSeconds: 5, concurrency: 1, deadline: deadline.signal, deadlineSeconds: 900 })
    const [limited, queued] = await Promise.all([client(reviewer(models.baseURL), bundle), client(reviewer(models.baseURL), bundle)])
    expect(limited.reason).toMatch(
      new RegExp(
        `^rate limited by ${new URL(models.baseURL).host} for \\d+ s; the run's deadline \\(deadline-seconds 900\\) came first: lower concurrency, or re-run later$`,
      ),
    )
    expect(queued).toMatchObject({ outcome: 'failed', reason: "stopped at the run's deadline (deadline-seconds 900)" })
    expect(models.calls()).toHaveLength(2) // the first call and its retry; the queued call was never sent
  })

  it('paces each reviewer on its own: one waiting out a long rate limit holds up no other', async () => {
    const deadline = new AbortController()
    const models = await startFakeModels({
      'v/limited': () => ({ status: 429, error: { message: 'slow down' }, headers: { 'retry-after-ms': '60000' } }),
      'v/m': () => ({ reply: 'VERDICT: ship' }),
    })
    server = models
    const client = createModelClient({ maxTokens: 10, timeoutSeconds: 5, concurrency: 2, deadline: deadline.signal, deadlineSeconds: 900 })
    const limited = { ...reviewer(models.baseURL), name: 'l', model: 'v/limited' }
    const bundles = [1, 2, 3, 4, 5].map((i) => ({ ...bundle, id: `b${i}` }))
    const waiting = Promise.all(bundles.map((b) => client(limited, b)))
    // Would never settle if the other reviewer's calls queued behind the limited one's.
    const answered = await Promise.all(bundles.map((b) => client(reviewer(models.baseURL), b)))
    deadline.abort()
    expect(answered.map((r) => r.outcome)).toEqual(['answered', 'answered', 'answered', 'answered', 'answered'])
    expect((await waiting).map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed'])
    expect(models.calls('v/limited').length).toBeLessThanOrEqual(2) // refused, then nothing more sent while told to wait
  })

  it('paces two reviewers with different limits each to its own', async () => {
    const ship: ModelScript = () => ({ reply: 'VERDICT: ship' })
    const models = await startFakeModels(
      { 'v/one': ship, 'v/three': ship },
      { delayMs: 200, limits: { 'v/one': 1, 'v/three': 3 }, refusalHeaders: { 'retry-after-ms': '20' } },
    )
    server = models
    const client = createModelClient({ maxTokens: 10, timeoutSeconds: 5, concurrency: 3 })
    const [one, three] = ['one', 'three'].map((name) => ({ ...reviewer(models.baseURL), name, model: `v/${name}` }))
    const bundles = [1, 2, 3, 4, 5, 6].map((i) => ({ ...bundle, id: `b${i}` }))
    const results = await Promise.all(bundles.flatMap((b) => [client(one!, b), client(three!, b)]))

    expect(results.filter((r) => r.outcome !== 'answered')).toEqual([])
    expect(models.refusals('v/three')).toBe(0)
    expect(models.refusals('v/one')).toBeLessThanOrEqual(bundles.length)
    // The other reviewer's refusals did not narrow this one: it was served 3 at a time.
    const served = models.served().filter((c) => c.model === 'v/three')
    const mostAtOnce = Math.max(...served.map((c) => served.filter((o) => o.startedAt <= c.startedAt && c.startedAt < o.endedAt).length))
    expect(mostAtOnce).toBe(3)
  })

  it('does not retry a 429 for exhausted quota, and says what to do', async () => {
    const { result, models } = await callWith(
      () => ({
        status: 429,
        error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
      }),
      2,
    )
    expect(models.calls()).toHaveLength(1)
    expect(result.reason).toMatch(
      /^HTTP 429 from http:\/\/127\.0\.0\.1:\d+\/v1 \(quota or credits exhausted: top up the account; not retried\)/,
    )
  })

  it('stops calls in flight and calls not yet started at the run deadline', async () => {
    const deadline = new AbortController()
    server = await startLoopback(() => {
      deadline.abort() // the deadline passes while this call hangs
      return new Promise(() => {})
    })
    const client = createModelClient({
      maxTokens: 10,
      timeoutSeconds: 600,
      maxRetries: 2,
      concurrency: 4,
      deadline: deadline.signal,
      deadlineSeconds: 900,
    })
    const inFlight = await client(reviewer(`${server.url}/v1`), bundle)
    const later = await client(reviewer(`${server.url}/v1`), bundle)
    expect(inFlight).toMatchObject({ outcome: 'failed', reason: "stopped at the run's deadline (deadline-seconds 900)" })
    expect(later).toMatchObject({ outcome: 'failed', reason: "stopped at the run's deadline (deadline-seconds 900)" })
    expect(server.requests).toHaveLength(1)
  })

  it('retries a connection reset mid-request', async () => {
    let calls = 0
    server = await startLoopback((_req, res) => {
      if (++calls === 1) {
        res.socket?.destroy() // reset before any response
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'v/m',
          choices: [{ index: 0, message: { role: 'assistant', content: 'VERDICT: ship' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 2 },
        }),
      )
    })
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 5, maxRetries: 2, concurrency: 4 })(
      reviewer(`${server.url}/v1`),
      bundle,
    )
    expect(calls).toBe(2)
    expect(result.outcome).toBe('answered')
  })

  it('gives up on a hung endpoint after timeout-seconds', async () => {
    server = await startLoopback(() => new Promise(() => {})) // never answers
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 1, maxRetries: 0, concurrency: 4 })(
      reviewer(`${server.url}/v1`),
      bundle,
    )
    expect(result).toMatchObject({ outcome: 'failed', reason: 'timed out after 1s (timeout-seconds)' })
  })

  it('reports a refused connection without throwing, naming the URL and the cause', async () => {
    const closed = await startLoopback(() => undefined)
    await closed.close()
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 1, maxRetries: 0, concurrency: 4 })(
      reviewer(`${closed.url}/v1`),
      bundle,
    )
    expect(result.outcome).toBe('failed')
    expect(result.reason).toBe(`connection failed: ${closed.url}/v1: connect ECONNREFUSED ${closed.url.replace('http://', '')}`)
  })
})
