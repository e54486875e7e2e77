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
  return { result: await createModelClient({ maxTokens: 100, timeoutSeconds: 5, maxRetries })(reviewer(models.baseURL), bundle), models }
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
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    expect(models.calls()[0]).toMatchObject({ model: 'v/m', max_tokens: 100 })
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
      /^HTTP 400: 400 maximum context length exceeded/,
    ],
    ['HTTP 401', () => ({ status: 401, error: { message: 'invalid key' } }), /^HTTP 401 \(check the API key\)/],
  ])('marks %s incomplete, never a clean review', async (_name, script, reason) => {
    const { result } = await callWith(script)
    expect(result.outcome).toBe('failed')
    expect(result.reason).toMatch(reason)
  })

  it('lets the SDK retry 429 and 5xx, honouring retry-after-ms', async () => {
    let calls = 0
    const { result } = await callWith(
      () => (++calls < 3 ? { status: calls === 1 ? 429 : 503, error: { message: 'busy' } } : { reply: 'VERDICT: ship' }),
      2,
    )
    expect(calls).toBe(3)
    expect(result.outcome).toBe('answered')
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
    expect(result.reason).toMatch(/^HTTP 429 \(quota or credits exhausted: top up the account; not retried\)/)
  })

  it('stops calls in flight and calls not yet started at the run deadline', async () => {
    const deadline = new AbortController()
    server = await startLoopback(() => {
      deadline.abort() // the deadline passes while this call hangs
      return new Promise(() => {})
    })
    const client = createModelClient({ maxTokens: 10, timeoutSeconds: 600, maxRetries: 2, deadline: deadline.signal, deadlineSeconds: 900 })
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
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 5, maxRetries: 2 })(reviewer(`${server.url}/v1`), bundle)
    expect(calls).toBe(2)
    expect(result.outcome).toBe('answered')
  })

  it('gives up on a hung endpoint after timeout-seconds', async () => {
    server = await startLoopback(() => new Promise(() => {})) // never answers
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 1, maxRetries: 0 })(reviewer(`${server.url}/v1`), bundle)
    expect(result).toMatchObject({ outcome: 'failed', reason: 'timed out after 1s (timeout-seconds)' })
  })

  it('reports a refused connection without throwing, naming the URL and the cause', async () => {
    const closed = await startLoopback(() => undefined)
    await closed.close()
    const result = await createModelClient({ maxTokens: 10, timeoutSeconds: 1, maxRetries: 0 })(reviewer(`${closed.url}/v1`), bundle)
    expect(result.outcome).toBe('failed')
    expect(result.reason).toBe(`connection failed: ${closed.url}/v1: connect ECONNREFUSED ${closed.url.replace('http://', '')}`)
  })
})
