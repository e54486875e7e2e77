// A loopback OpenAI-compatible endpoint: POST {base}/chat/completions.
// Each model is scripted by a function of the request.
import { sendJson, startLoopback, type LoopbackServer, type RecordedRequest } from './http.ts'

export interface ChatRequest {
  model: string
  max_tokens?: number
  messages: { role: string; content: string }[]
  tools?: unknown
  functions?: unknown
}

export type ModelAnswer =
  | { reply: string; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; error: unknown; headers?: Record<string, string> }
  | { raw: unknown }
  /** A page instead of JSON, as a gateway or a website answers. */
  | { html: string; status?: number }

/** May answer later (a slow model, or one held until a test has done something). */
export type ModelScript = (req: ChatRequest) => ModelAnswer | Promise<ModelAnswer>

export interface FakeModelOptions {
  /** Service time of every call the endpoint accepts. */
  readonly delayMs?: number
  /**
   * Calls each listed model serves at once, as a provider's concurrency limit:
   * beyond it a call is refused at once with HTTP 429 and `refusalHeaders`.
   */
  readonly limits?: Readonly<Record<string, number>>
  readonly refusalHeaders?: Readonly<Record<string, string>>
}

/** One accepted call: when it arrived and when its answer left (performance.now() of this process). */
export interface ServedCall {
  readonly model: string
  readonly startedAt: number
  readonly endedAt: number
}

export interface FakeModels extends LoopbackServer {
  readonly baseURL: string
  calls(model?: string): ChatRequest[]
  /** Calls refused for going over `limits`. */
  refusals(model?: string): number
  served(): readonly ServedCall[]
}

export async function startFakeModels(script: Record<string, ModelScript>, options: FakeModelOptions = {}): Promise<FakeModels> {
  const active = new Map<string, number>()
  const refused: string[] = []
  const served: ServedCall[] = []
  const server = await startLoopback(async (req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.path}` } })
    }
    const body = req.json<ChatRequest>()
    const limit = options.limits?.[body.model]
    const running = active.get(body.model) ?? 0
    if (limit !== undefined && running >= limit) {
      refused.push(body.model)
      const headers = options.refusalHeaders ?? { 'retry-after-ms': '400' }
      return sendJson(res, 429, { error: { message: 'Rate limit exceeded: too many concurrent requests', code: 429 } }, headers)
    }
    const startedAt = performance.now()
    active.set(body.model, running + 1)
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs))
    // Freed before answering, as a provider does: the client may send its next call the moment it reads this one.
    active.set(body.model, (active.get(body.model) ?? 1) - 1)
    served.push({ model: body.model, startedAt, endedAt: performance.now() })
    const answer = (await script[body.model]?.(body)) ?? { status: 404, error: { message: `model ${body.model} not found`, code: 404 } }
    if ('raw' in answer) return sendJson(res, 200, answer.raw)
    if ('html' in answer) {
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'retry-after-ms': '1' })
      return void res.end(answer.html)
    }
    // Errors ask for a 1 ms wait unless the script gives the headers.
    if ('status' in answer) return sendJson(res, answer.status, { error: answer.error }, answer.headers ?? { 'retry-after-ms': '1' })
    sendJson(res, 200, {
      id: `chatcmpl-${server.requests.length}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.reply }, finish_reason: answer.finishReason ?? 'stop' }],
      usage: {
        ...(answer.usage ?? {
          prompt_tokens: Math.ceil(body.messages.map((m) => m.content).join('').length / 4),
          completion_tokens: Math.ceil(answer.reply.length / 4),
        }),
        total_tokens: 0,
      },
    })
  })
  return Object.assign(server, {
    baseURL: `${server.url}/v1`,
    calls: (model?: string) =>
      server.requests
        .filter((r: RecordedRequest) => r.path === '/v1/chat/completions')
        .map((r) => r.json<ChatRequest>())
        .filter((r) => model === undefined || r.model === model),
    refusals: (model?: string) => refused.filter((m) => model === undefined || m === model).length,
    served: () => served,
  })
}

/** The diff text a request carried between its fence markers. */
export function fencedDiff(req: ChatRequest): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? ''
  const m = /<<<DIFF (\w+)>>>\n([\s\S]*)\n<<<END DIFF \1>>>$/.exec(user)
  return m?.[2] ?? ''
}
