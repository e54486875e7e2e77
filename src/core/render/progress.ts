// One log line per model call: who, which bundle, outcome. Never the reply or the request.
import type { ReviewResult } from '../reply/types.ts'

export function progressLine(r: ReviewResult): string {
  const mark = r.status === 'complete' ? '✓' : '✗'
  const detail = r.status === 'complete' ? `${r.tokensIn}→${r.tokensOut} tokens` : (r.reason ?? '')
  return `  ${mark} ${r.reviewer.padEnd(8)} ${r.bundleId.padEnd(32)} ${(r.latencyMs / 1000).toFixed(1)}s ${detail}`
}
