import { describe, expect, it } from 'vitest'
import { retryHintMs } from '../../src/shell/retry-hint.ts'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const hint = (headers: Record<string, string>): number | undefined => retryHintMs(new Headers(headers), NOW)

describe('retryHintMs', () => {
  it.each<[string, Record<string, string>, number | undefined]>([
    ['retry-after-ms', { 'retry-after-ms': '400' }, 400],
    ['retry-after in seconds', { 'retry-after': '2' }, 2000],
    ['retry-after in fractional seconds', { 'retry-after': '0.5' }, 500],
    ['retry-after as an HTTP date', { 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }, 30_000],
    ['retry-after as a date already past', { 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }, 0],
    ['retry-after-ms before retry-after', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['x-ratelimit-reset-requests as a duration', { 'x-ratelimit-reset-requests': '1m30.5s' }, 90_500],
    ['x-ratelimit-reset-tokens in ms', { 'x-ratelimit-reset-tokens': '250ms' }, 250],
    [
      'the reset of the exhausted limit',
      {
        'x-ratelimit-reset-requests': '2s',
        'x-ratelimit-remaining-requests': '40',
        'x-ratelimit-reset-tokens': '6m0s',
        'x-ratelimit-remaining-tokens': '0',
      },
      360_000,
    ],
    [
      'the sooner reset when neither limit says it is used up',
      { 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-reset-tokens': '6m0s' },
      2000,
    ],
    ['x-ratelimit-reset as epoch milliseconds (OpenRouter)', { 'x-ratelimit-reset': String(NOW + 1500) }, 1500],
    ['x-ratelimit-reset as epoch seconds', { 'x-ratelimit-reset': String(NOW / 1000 + 3) }, 3000],
    ['x-ratelimit-reset as seconds to wait', { 'x-ratelimit-reset': '7' }, 7000],
    ['no hint', { 'content-type': 'application/json' }, undefined],
    ['an unreadable hint', { 'retry-after': 'soon', 'x-ratelimit-reset-requests': 'later' }, undefined],
  ])('reads %s', (_name, headers, expected) => {
    expect(hint(headers)).toBe(expected)
  })
})
