// Incremental re-review: replies to a byte-identical bundle (same reviewer
// model, prompt and brief, and token limit) are reused instead of asking again. They
// travel from run to run inside the sticky comment, compressed, in a hidden
// HTML comment that reviewer text cannot forge (it is escaped on render).
import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { SYSTEM_PROMPT } from './prompt.ts'
import type { Bundle } from '../plan/types.ts'
import type { CallResult, Review, Reviewer } from './types.ts'

const CACHE_OPEN = '<!-- cross-lineage-review:reuse v1 '
const CACHE_CLOSE = ' -->'
/** Room the cache may take in the comment; what does not fit is asked again next time. */
export const REUSE_MAX_CHARS = 24_000

const sha = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length)

// Editing the prompt invalidates every stored reply.
const PROMPT_VERSION = sha(SYSTEM_PROMPT, 12)

export type StoredReply = Pick<CallResult, 'reviewer' | 'reply' | 'latencyMs' | 'tokensIn' | 'tokensOut' | 'finishReason' | 'costUsd'>

/** Everything the reviewer is sent but the nonce: the prompt (with the bundle's brief and the guidance files), the diff, the model and its limit. */
export function reuseKey(
  bundle: Pick<Bundle, 'text' | 'brief' | 'guidance'>,
  reviewer: Pick<Reviewer, 'name' | 'model'>,
  maxTokens: number,
): string {
  // Without a brief or guidance the key is what it was before they existed, so stored replies stay valid.
  const guidance = bundle.guidance?.length ? bundle.guidance.map((g) => `${g.path}\0${g.text}`).join('\0') : ''
  const prompt =
    bundle.brief || guidance
      ? sha(`${SYSTEM_PROMPT}\0${bundle.brief ?? ''}${guidance ? `\0guidance\0${guidance}` : ''}`, 12)
      : PROMPT_VERSION
  return sha(`${prompt}\0${reviewer.name}\0${reviewer.model}\0${maxTokens}\0${bundle.text}`, 24)
}

/** Replies worth carrying to the next run: those that count as a review. */
export function storableReplies(
  results: readonly Review[],
  bundles: readonly Bundle[],
  reviewers: readonly Reviewer[],
  maxTokens: number,
): Map<string, StoredReply> {
  const bundleById = new Map(bundles.map((b) => [b.id, b]))
  const reviewerByName = new Map(reviewers.map((r) => [r.name, r]))
  const stored = new Map<string, StoredReply>()
  for (const r of results) {
    const bundle = bundleById.get(r.bundleId)
    const reviewer = reviewerByName.get(r.reviewer)
    if (!bundle || !reviewer || !r.complete) continue
    const { reply, latencyMs, tokensIn, tokensOut, finishReason, costUsd } = r
    stored.set(reuseKey(bundle, reviewer, maxTokens), {
      reviewer: r.reviewer,
      reply,
      latencyMs,
      tokensIn,
      tokensOut,
      finishReason,
      ...(costUsd === undefined ? {} : { costUsd }),
    })
  }
  return stored
}

/** The hidden block for the comment, dropping the largest replies until it fits. */
export function encodeReuse(entries: ReadonlyMap<string, StoredReply>, maxChars = REUSE_MAX_CHARS): string {
  const kept = [...entries].sort(([, a], [, b]) => a.reply.length - b.reply.length)
  for (;;) {
    const body = gzipSync(JSON.stringify(Object.fromEntries(kept))).toString('base64')
    const block = `${CACHE_OPEN}${body}${CACHE_CLOSE}`
    if (block.length <= maxChars || kept.length === 0) return kept.length === 0 ? '' : block
    kept.pop()
  }
}

export function decodeReuse(commentBody: string | undefined): Map<string, StoredReply> {
  const start = commentBody?.lastIndexOf(CACHE_OPEN) ?? -1
  if (commentBody === undefined || start < 0) return new Map()
  const end = commentBody.indexOf(CACHE_CLOSE, start + CACHE_OPEN.length)
  try {
    const json = JSON.parse(
      gunzipSync(Buffer.from(commentBody.slice(start + CACHE_OPEN.length, end), 'base64')).toString('utf8'),
    ) as Record<string, StoredReply>
    return new Map(
      Object.entries(json).filter(
        ([, v]) => typeof (v as Partial<StoredReply> | null)?.reply === 'string' && typeof v.reviewer === 'string',
      ),
    )
  } catch {
    return new Map() // a damaged block only costs a full review
  }
}
