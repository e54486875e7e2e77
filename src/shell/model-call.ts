// One attempt at one chat-completions call through the openai SDK, which owns
// the per-attempt timeout and retries of 5xx, 408/409 and connection errors.
// Rate limits (429, or a 503 that says when to come back) are handed back
// untried, for the reviewer's lane to pace (models.ts); nothing here throws
// for a model's failure.
import { randomBytes } from 'node:crypto'
import OpenAI from 'openai'
import { buildMessages } from '../core/reply/prompt.ts'
import { plainText } from '../core/text/sanitize.ts'
import type { Bundle } from '../core/plan/types.ts'
import type { CallResult } from '../core/reply/types.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import { BASE_URL_HINT, endpointText, isHtmlPage } from './endpoint-text.ts'
import { retryHintMs } from './retry-hint.ts'

export interface CallOptions {
  readonly maxTokens: number
  readonly timeoutSeconds: number
  /** SDK retries of 408/409/5xx and connection errors; 2 is the SDK default. */
  readonly maxRetries?: number
  readonly deadlineSeconds?: number
}

export type Attempt =
  | { readonly kind: 'done'; readonly result: Omit<CallResult, 'latencyMs'>; readonly stoppedByDeadline: boolean }
  /** Refused for now; `waitMs` is how long the endpoint asked for, when it said. */
  | { readonly kind: 'limited'; readonly status: number; readonly waitMs: number | undefined; readonly message: string }

export type Caller = (reviewer: ReviewerEndpoint, bundle: Bundle) => Promise<Attempt>

export function createCaller(options: CallOptions, deadline: AbortSignal | undefined): Caller {
  const clients = new Map<string, OpenAI>()
  const clientFor = (r: ReviewerEndpoint): OpenAI => {
    let client = clients.get(r.name)
    if (!client) {
      client = new OpenAI({
        // The SDK wants a key; a keyless endpoint (a local server) gets no Authorization header at all.
        apiKey: r.apiKey === '' ? 'keyless' : r.apiKey,
        ...(r.apiKey === '' ? { defaultHeaders: { Authorization: null } } : {}),
        baseURL: r.baseURL,
        timeout: options.timeoutSeconds * 1000,
        maxRetries: options.maxRetries ?? 2,
        logLevel: 'off',
        fetch: fetchLeavingRateLimitsToUs,
      })
      clients.set(r.name, client)
    }
    return client
  }

  return async (reviewer, bundle) => {
    const base = { reviewer: reviewer.name, bundleId: bundle.id }
    try {
      const completion = await clientFor(reviewer).chat.completions.create(
        {
          model: reviewer.model,
          // Deprecated by OpenAI for max_completion_tokens, which many OpenAI-compatible endpoints do not accept.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          max_tokens: options.maxTokens,
          temperature: 0,
          messages: buildMessages(bundle, freshNonce(bundle.text, ...(bundle.guidance ?? []).map((g) => g.text))),
          // OpenRouter's usage accounting adds the charged cost to `usage`; other endpoints may reject the field.
          ...(isOpenRouter(reviewer.baseURL) ? { usage: { include: true } } : {}),
        },
        { signal: deadline ?? null },
      )
      // Not JSON at all (the SDK hands back the body as text): a website or a gateway's page, not the API.
      if (typeof (completion as unknown) === 'string') {
        const page = completion as unknown as string
        const said = isHtmlPage(page) ? endpointText(page) : `text, not JSON ("${endpointText(page, 80)}")`
        return {
          kind: 'done',
          result: failedCall(reviewer, bundle, `${reviewer.baseURL} answered HTTP 200 with ${said}: ${BASE_URL_HINT}`),
          stoppedByDeadline: false,
        }
      }
      const cost = (completion.usage as { cost?: unknown } | undefined)?.cost
      // Gateways break the schema: choices may be missing, a message may have no content.
      const choice = (completion.choices as (typeof completion.choices)[number][] | undefined)?.[0]
      const reply = (choice?.message as { content?: string | null } | undefined)?.content ?? ''
      const finishReason = choice?.finish_reason ?? 'none'
      const reason = incompleteReason(completion, reply, finishReason)
      const result = {
        ...base,
        reply,
        tokensIn: completion.usage?.prompt_tokens ?? 0,
        tokensOut: completion.usage?.completion_tokens ?? 0,
        ...(typeof cost === 'number' ? { costUsd: cost } : {}),
        finishReason,
        outcome: reason === undefined ? ('answered' as const) : ('failed' as const),
        ...(reason === undefined ? {} : { reason }),
      }
      return { kind: 'done', result, stoppedByDeadline: false }
    } catch (error) {
      const api = asApiError(error)
      if (api && isRateLimit(api)) {
        const waitMs = retryHintMs(api.headers ?? new Headers(), Date.now())
        return { kind: 'limited', status: api.status ?? 429, waitMs, message: api.message }
      }
      return {
        kind: 'done',
        result: failedCall(reviewer, bundle, describeError(error, options, reviewer.baseURL)),
        stoppedByDeadline: error instanceof OpenAI.APIUserAbortError,
      }
    }
  }
}

/** A call that got no reply, and why. */
export function failedCall(reviewer: ReviewerEndpoint, bundle: Bundle, reason: string): Omit<CallResult, 'latencyMs'> {
  return {
    reviewer: reviewer.name,
    bundleId: bundle.id,
    reply: '',
    tokensIn: 0,
    tokensOut: 0,
    finishReason: 'error',
    outcome: 'failed',
    reason,
  }
}

function isOpenRouter(baseURL: string): boolean {
  return /(^|\.)openrouter\.ai$/.test(new URL(baseURL).hostname)
}

/** A random fence token that none of the fenced texts (the diff, the guidance files) contains. */
export function freshNonce(...texts: readonly string[]): string {
  for (;;) {
    const nonce = randomBytes(12).toString('hex')
    if (!texts.some((t) => t.includes(nonce))) return nonce
  }
}

function incompleteReason(completion: unknown, reply: string, finishReason: string): string | undefined {
  // Some gateways (OpenRouter among them) report upstream failures as HTTP 200 with an error object.
  const error = (completion as { error?: { message?: unknown } }).error
  if (error) return `endpoint returned an error: ${plainText(typeof error.message === 'string' ? error.message : 'unknown', 200)}`
  if (!(completion as { choices?: unknown[] }).choices?.length) return 'endpoint returned no choices'
  if (finishReason === 'length') return 'reply cut off at max-tokens (finish_reason length)'
  if (finishReason === 'content_filter') return 'reply withheld by a content filter (finish_reason content_filter)'
  if (reply.trim() === '') return 'empty reply'
  return undefined
}

type ApiError = InstanceType<typeof OpenAI.APIError>

const asApiError = (error: unknown): ApiError | undefined => (error instanceof OpenAI.APIError ? (error as ApiError) : undefined)

/** A 429 for an exhausted quota or credit balance will not clear by waiting. */
function isHopeless(error: ApiError): boolean {
  return error.status === 429 && /insufficient_quota|quota|credit/i.test(`${error.code} ${error.type} ${error.message}`)
}

/** A 429 that waiting can clear, or a 503 whose Retry-After says when the service is back. */
function isRateLimit(error: ApiError): boolean {
  return error.status === 429 ? !isHopeless(error) : error.status === 503 && error.headers?.has('retry-after') === true
}

/**
 * The SDK retries a 429 itself within one call, holding the reviewer's slot
 * and blind to the others; mark every 429, and every 503 with Retry-After,
 * not retryable (the SDK honours x-should-retry) so the lane paces them.
 */
export async function fetchLeavingRateLimitsToUs(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init)
  if (response.status !== 429 && !(response.status === 503 && response.headers.has('retry-after'))) return response
  const headers = new Headers(response.headers)
  headers.set('x-should-retry', 'false')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

export function describeError(error: unknown, options: CallOptions, baseURL: string): string {
  if (error instanceof OpenAI.APIUserAbortError) return `stopped at the run's deadline (deadline-seconds ${options.deadlineSeconds ?? '?'})`
  if (error instanceof OpenAI.APIConnectionTimeoutError) return `timed out after ${options.timeoutSeconds}s (timeout-seconds)`
  const api = asApiError(error)
  if (api?.status !== undefined) {
    const hint =
      api.status === 401 || api.status === 403
        ? ' (check the API key)'
        : isHopeless(api)
          ? ' (quota or credits exhausted: top up the account; not retried)'
          : ''
    const page = isHtmlPage(api.message)
    const notFound = api.status === 404 || api.status === 405 ? `; ${BASE_URL_HINT}` : ''
    return `HTTP ${api.status} from ${baseURL}${hint}: ${endpointText(page ? api.message.replace(/^\d{3}\s+/, '') : api.message)}${page ? notFound : ''}`
  }
  if (error instanceof OpenAI.APIConnectionError) {
    // The SDK says only "Connection error."; the cause says which (ECONNREFUSED, ENOTFOUND, …).
    const fetchError = error.cause as { cause?: { message?: unknown }; message?: unknown } | undefined
    const cause = fetchError?.cause?.message ?? fetchError?.message
    return `connection failed: ${baseURL}: ${plainText(typeof cause === 'string' ? cause : error.message, 200)}`
  }
  return plainText(error instanceof Error ? error.message : String(error), 200)
}
