// The evidence format: each reviewer's verbatim reply behind a header that
// records how it was obtained. Written by --out, read by --replay and the demo.
import type { CallResult } from './types.ts'

export interface EvidenceHeader {
  readonly reviewer: string
  readonly model: string
  /** The id of the bundle the reply answers (its text's hash): a replay of changed text must not reuse it. */
  readonly bundle: string
  readonly date: string
}

const FIELDS = [
  'reviewer',
  'model',
  'bundle',
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
    bundle: header.bundle,
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

const HEADER = /^<!--\n?([\s\S]*?)-->\r?\n?/
const NUMBERS = ['latency_ms', 'tokens_in', 'tokens_out', 'cost_usd'] as const

function readHeader(text: string): Map<string, string> | undefined {
  const m = HEADER.exec(text)
  if (!m) return undefined
  const header = new Map<string, string>()
  for (const line of (m[1] ?? '').split('\n')) {
    const kv = /^\s*([a-z_]+):\s*(.*?)\s*$/.exec(line)
    if (kv?.[1] !== undefined) header.set(kv[1], kv[2] ?? '')
  }
  return header
}

/** A recorded reply that cannot be used (missing, stale, damaged), as a failed call saying why. */
export function unusableRecord(reviewer: string, bundleId: string, reason: string): CallResult {
  return { reviewer, bundleId, outcome: 'failed', reason, reply: '', latencyMs: 0, tokensIn: 0, tokensOut: 0, finishReason: 'none' }
}

const isCount = (v: string): boolean => v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0

/** The file opens with a header, as --out writes it. */
export function hasEvidenceHeader(text: string): boolean {
  return HEADER.test(text)
}

/** The bundle id a recorded reply says it answers; undefined when it records none. */
export function recordedBundle(text: string): string | undefined {
  return readHeader(text)?.get('bundle')
}

/** The recorded result for a (reviewer, bundle), as if the call had just returned; a damaged file is a failed call saying why. */
/** `source` names the file in what is wrong with it. */
export function parseEvidenceReply(text: string, reviewer: string, bundleId: string, source = 'the file'): CallResult {
  const header = readHeader(text)
  const fail = (reason: string): CallResult => unusableRecord(reviewer, bundleId, reason)
  if (header === undefined) return fail(`not a recorded reply: ${source} has no <!-- … --> header (evidence is written by --out)`)
  const bad = NUMBERS.find((k) => header.has(k) && !isCount(header.get(k) ?? ''))
  if (bad !== undefined)
    return fail(`recorded reply ${source} has a damaged header: ${bad} is ${JSON.stringify(header.get(bad))}, not a number`)
  const reply = text.slice(HEADER.exec(text)?.[0].length ?? 0)
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
    ...(cost !== undefined ? { costUsd: Number(cost) } : {}),
  }
}
