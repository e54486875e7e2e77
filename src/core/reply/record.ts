// The evidence format: each reviewer's verbatim reply behind a header that
// records how it was obtained. Written by --out, read by --replay and the demo.
import type { CallResult } from './types.ts'

export interface EvidenceHeader {
  readonly reviewer: string
  readonly model: string
  readonly date: string
}

const FIELDS = [
  'reviewer',
  'model',
  'date',
  'status',
  'reason',
  'latency_ms',
  'tokens_in',
  'tokens_out',
  'finish_reason',
  'cost_usd',
] as const

/** `<!--` header, one `key: value` a line, `-->`, then the reply exactly as received. */
export function formatEvidenceReply(result: CallResult, header: EvidenceHeader): string {
  const values: Record<(typeof FIELDS)[number], string | number | undefined> = {
    reviewer: header.reviewer,
    model: header.model,
    date: header.date,
    // `status: complete | incomplete` is the recorded format's name for the call outcome.
    status: result.outcome === 'answered' ? 'complete' : 'incomplete',
    reason: result.reason,
    latency_ms: result.latencyMs,
    tokens_in: result.tokensIn,
    tokens_out: result.tokensOut,
    finish_reason: result.finishReason,
    cost_usd: result.costUsd,
  }
  const lines = FIELDS.filter((k) => values[k] !== undefined).map((k) => `${k}: ${oneLine(String(values[k]))}`)
  return `<!--\n${lines.join('\n')}\n-->\n${result.reply}`
}

// A header value must stay on its line and must not close the comment.
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').replace(/--+>?/g, '-')

/** The recorded result for a (reviewer, bundle), as if the call had just returned. */
export function parseEvidenceReply(text: string, reviewer: string, bundleId: string): CallResult {
  const m = /^<!--\n?([\s\S]*?)-->\r?\n?/.exec(text)
  const header = new Map<string, string>()
  for (const line of (m?.[1] ?? '').split('\n')) {
    const kv = /^\s*([a-z_]+):\s*(.*?)\s*$/.exec(line)
    if (kv?.[1] !== undefined) header.set(kv[1], kv[2] ?? '')
  }
  const reply = m ? text.slice(m[0].length) : text
  const finishReason = header.get('finish_reason') ?? 'stop'
  const failed = header.get('status') === 'incomplete' || finishReason !== 'stop' || reply.trim() === ''
  const cost = header.get('cost_usd')
  return {
    reviewer,
    bundleId,
    outcome: failed ? 'failed' : 'answered',
    ...(failed ? { reason: header.get('reason') ?? `recorded reply ended with finish_reason ${finishReason}` } : {}),
    reply,
    latencyMs: Number(header.get('latency_ms') ?? 0),
    tokensIn: Number(header.get('tokens_in') ?? 0),
    tokensOut: Number(header.get('tokens_out') ?? 0),
    finishReason,
    ...(cost !== undefined && Number.isFinite(Number(cost)) ? { costUsd: Number(cost) } : {}),
  }
}
