// How long a rate-limited endpoint asks to be left alone, from the headers
// providers send with a 429 (or a 503): retry-after-ms, retry-after (seconds
// or an HTTP date), OpenAI's x-ratelimit-reset-requests / -tokens (durations
// such as "1s", "6m0s", "250ms"), or x-ratelimit-reset (an epoch time in s or
// ms, as OpenRouter and GitHub send, or seconds to wait).

/** Milliseconds to wait before asking again; undefined when the headers do not say. */
export function retryHintMs(headers: Headers, nowMs: number): number | undefined {
  const hint =
    number(headers.get('retry-after-ms')) ??
    retryAfter(headers.get('retry-after'), nowMs) ??
    openAiReset(headers) ??
    resetTime(headers.get('x-ratelimit-reset'), nowMs)
  return hint === undefined ? undefined : Math.max(0, hint)
}

function number(text: string | null): number | undefined {
  if (text === null || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined
  return Number(text)
}

function retryAfter(text: string | null, nowMs: number): number | undefined {
  const seconds = number(text)
  if (seconds !== undefined) return seconds * 1000
  const date = text === null ? NaN : Date.parse(text)
  return Number.isNaN(date) ? undefined : date - nowMs
}

/** The reset of whichever limit is used up (requests or tokens); the sooner one when neither says so. */
function openAiReset(headers: Headers): number | undefined {
  const limits = ['requests', 'tokens'].flatMap((kind) => {
    const reset = duration(headers.get(`x-ratelimit-reset-${kind}`))
    return reset === undefined ? [] : [{ reset, exhausted: headers.get(`x-ratelimit-remaining-${kind}`)?.trim() === '0' }]
  })
  const exhausted = limits.filter((l) => l.exhausted)
  if (exhausted.length > 0) return Math.max(...exhausted.map((l) => l.reset))
  return limits.length > 0 ? Math.min(...limits.map((l) => l.reset)) : undefined
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** A Go-style duration ("1m30.5s", "250ms") or bare seconds. */
function duration(text: string | null): number | undefined {
  if (text === null) return undefined
  const seconds = number(text)
  if (seconds !== undefined) return seconds * 1000
  const trimmed = text.trim()
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined
  let total = 0
  for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * (UNIT_MS[unit ?? ''] ?? 0)
  return total
}

/** Epoch milliseconds, epoch seconds, a duration, or seconds from now, told apart by size. */
function resetTime(text: string | null, nowMs: number): number | undefined {
  const value = number(text)
  if (value === undefined) return duration(text)
  if (value > 1e12) return value - nowMs
  if (value > 1e9) return value * 1000 - nowMs
  return value * 1000
}
