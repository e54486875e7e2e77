// A ReviewClient that answers from recorded replies on disk:
// <dir>/<bundle key>/<reviewer>.md, each opened by a header comment
// <!-- latency_ms: N tokens_in: N tokens_out: N finish_reason: stop -->.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/bundle.ts'
import type { ReviewClient } from './models.ts'

const HEADER = /^<!--(.*?)-->\r?\n?/s

export function createReplayClient(dir: string): ReviewClient {
  return async (reviewer, bundle) => {
    const base = { reviewer: reviewer.name, bundleId: bundle.id }
    const file = join(dir, bundleKey(bundle), `${reviewer.name}.md`)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) {
      return { ...base, status: 'incomplete', reason: `no recorded reply (${file})`, reply: '', latencyMs: 0, tokensIn: 0, tokensOut: 0, finishReason: 'none' }
    }
    const header = HEADER.exec(text)
    const field = (name: string): string | undefined => new RegExp(`${name}:\\s*(\\S+)`).exec(header?.[1] ?? '')?.[1]
    const finishReason = field('finish_reason') ?? 'stop'
    const reply = header ? text.slice(header[0].length) : text
    const complete = finishReason === 'stop' && reply.trim() !== ''
    return {
      ...base,
      status: complete ? 'complete' : 'incomplete',
      ...(complete ? {} : { reason: `recorded reply ended with finish_reason ${finishReason}` }),
      reply,
      latencyMs: Number(field('latency_ms') ?? 0),
      tokensIn: Number(field('tokens_in') ?? 0),
      tokensOut: Number(field('tokens_out') ?? 0),
      finishReason,
    }
  }
}
