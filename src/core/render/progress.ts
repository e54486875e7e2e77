// One log line per review: who, which bundle, whether it counts. Never the reply or the request.
import type { Review } from '../reply/types.ts'

export function progressLine(r: Review): string {
  const mark = r.complete ? '✓' : '✗'
  const detail = r.complete ? `${r.tokensIn}→${r.tokensOut} tokens` : (r.incompleteReason ?? '')
  return `  ${mark} ${r.reviewer.padEnd(8)} ${r.bundleId.padEnd(32)} ${(r.latencyMs / 1000).toFixed(1)}s ${detail}`
}
