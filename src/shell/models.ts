// One chat-completions call per (reviewer, bundle) through the openai SDK,
// which owns timeouts and retries. Every outcome becomes a CallResult;
// nothing here throws for a model's failure.
import { randomBytes } from 'node:crypto'
import OpenAI from 'openai'
import { buildMessages } from '../core/reply/prompt.ts'
import { plainText } from '../core/text/sanitize.ts'
import type { Bundle } from '../core/plan/types.ts'
import type { CallResult } from '../core/reply/types.ts'
import type { ReviewerEndpoint } from '../config/reviewers.ts'

export type ReviewClient = (reviewer: ReviewerEndpoint, bundle: Bundle) => Promise<CallResult>

export interface ModelOptions {
  readonly maxTokens: number
  readonly timeoutSeconds: number
  /** SDK retries of 408/409/429/5xx and connection errors; 2 is the SDK default. */
  readonly maxRetries?: number
  /** Every call still running (or not yet started) is stopped this long after the client is made. */
  readonly deadlineSeconds?: number
  /** Overrides the deadline timer (tests abort it by hand). */
  readonly deadline?: AbortSignal
}

export function createModelClient(options: ModelOptions): ReviewClient {
  const deadline =
    options.deadline ?? (options.deadlineSeconds === undefined ? undefined : AbortSignal.timeout(options.deadlineSeconds * 1000))
  const clients = new Map<string, OpenAI>()
  const clientFor = (r: ReviewerEndpoint): OpenAI => {
    let client = clients.get(r.name)
    if (!client) {
      client = new OpenAI({
        apiKey: r.apiKey,
        baseURL: r.baseURL,
        timeout: options.timeoutSeconds * 1000,
        maxRetries: options.maxRetries ?? 2,
        logLevel: 'off',
        fetch: fetchWithoutHopelessRetries,
      })
      clients.set(r.name, client)
    }
    return client
  }

  return async (reviewer, bundle) => {
    const started = performance.now()
    const base = { reviewer: reviewer.name, bundleId: bundle.id }
    const elapsed = (): number => Math.round(performance.now() - started)
    try {
      const completion = await clientFor(reviewer).chat.completions.create(
        {
          model: reviewer.model,
          // Deprecated by OpenAI for max_completion_tokens, which many OpenAI-compatible endpoints do not accept.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          max_tokens: options.maxTokens,
          temperature: 0,
          messages: buildMessages(bundle, freshNonce(bundle.text)),
          // OpenRouter's usage accounting adds the charged cost to `usage`; other endpoints may reject the field.
          ...(isOpenRouter(reviewer.baseURL) ? { usage: { include: true } } : {}),
        },
        { signal: deadline ?? null },
      )
      const cost = (completion.usage as { cost?: unknown } | undefined)?.cost
      const usage = {
        tokensIn: completion.usage?.prompt_tokens ?? 0,
        tokensOut: completion.usage?.completion_tokens ?? 0,
        ...(typeof cost === 'number' ? { costUsd: cost } : {}),
      }
      // Gateways break the schema: choices may be missing, a message may have no content.
      const choice = (completion.choices as (typeof completion.choices)[number][] | undefined)?.[0]
      const reply = (choice?.message as { content?: string | null } | undefined)?.content ?? ''
      const finishReason = choice?.finish_reason ?? 'none'
      const reason = incompleteReason(completion, reply, finishReason)
      return {
        ...base,
        reply,
        ...usage,
        finishReason,
        latencyMs: elapsed(),
        outcome: reason === undefined ? 'answered' : 'failed',
        ...(reason === undefined ? {} : { reason }),
      }
    } catch (error) {
      return {
        ...base,
        reply: '',
        tokensIn: 0,
        tokensOut: 0,
        finishReason: 'error',
        latencyMs: elapsed(),
        outcome: 'failed',
        reason: describeError(error, options, reviewer.baseURL),
      }
    }
  }
}

function isOpenRouter(baseURL: string): boolean {
  return /(^|\.)openrouter\.ai$/.test(new URL(baseURL).hostname)
}

/** A random fence token that the diff does not contain. */
export function freshNonce(text: string): string {
  for (;;) {
    const nonce = randomBytes(12).toString('hex')
    if (!text.includes(nonce)) return nonce
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

/**
 * A 429 for an exhausted quota or credit balance will not clear by waiting:
 * mark it not retryable (the SDK honours x-should-retry) so it is reported once.
 */
export async function fetchWithoutHopelessRetries(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init)
  if (response.status !== 429) return response
  const body = await response.text()
  const headers = new Headers(response.headers)
  if (/insufficient_quota|insufficient credits|credit balance/i.test(body)) headers.set('x-should-retry', 'false')
  return new Response(body, { status: response.status, statusText: response.statusText, headers })
}

function describeError(error: unknown, options: ModelOptions, baseURL: string): string {
  if (error instanceof OpenAI.APIUserAbortError) return `stopped at the run's deadline (deadline-seconds ${options.deadlineSeconds ?? '?'})`
  if (error instanceof OpenAI.APIConnectionTimeoutError) return `timed out after ${options.timeoutSeconds}s (timeout-seconds)`
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const hint =
      error.status === 401 || error.status === 403
        ? ' (check the API key)'
        : error.status === 429 && /insufficient_quota|quota|credit/i.test(`${error.code} ${error.type} ${error.message}`)
          ? ' (quota or credits exhausted: top up the account; not retried)'
          : ''
    return `HTTP ${error.status}${hint}: ${plainText(error.message, 200)}`
  }
  if (error instanceof OpenAI.APIConnectionError) {
    // The SDK says only "Connection error."; the cause says which (ECONNREFUSED, ENOTFOUND, …).
    const fetchError = error.cause as { cause?: { message?: unknown }; message?: unknown } | undefined
    const cause = fetchError?.cause?.message ?? fetchError?.message
    return `connection failed: ${baseURL}: ${plainText(typeof cause === 'string' ? cause : error.message, 200)}`
  }
  return plainText(error instanceof Error ? error.message : String(error), 200)
}
