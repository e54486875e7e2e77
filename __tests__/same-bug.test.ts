// The same-bug-or-same-spot study (npm run eval -- --same-bug): its content
// measures, and the negative result docs/evaluation.md reports.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cosine, identifiers, jaccard, terms, tfidf } from '../scripts/eval/content.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('content measures', () => {
  it('takes identifiers from backticks and from words only code has', () => {
    const text = 'The `getUser(id)` call ignores user_id; cache.evict() and maxRetries are fine, but Null is not. See `this`.'
    expect([...identifiers(text)].sort()).toEqual(['cache', 'evict', 'getuser', 'id', 'maxretries', 'user_id'])
  })

  it('drops stopwords and short words from key terms', () => {
    expect(terms('Consider adding a null check: the token may be null here.')).toEqual(['null', 'check', 'token', 'null'])
  })

  it('scores shared content', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3)
    expect(jaccard(new Set(), new Set())).toBe(0)
    const [a, b, c] = tfidf(['token compared with equals', 'token compared unsafely', 'rename variable'])
    expect(cosine(a!, b!)).toBeGreaterThan(0.3)
    expect(cosine(a!, c!)).toBe(0)
  })
})

describe('npm run eval -- --same-bug on the shipped data', () => {
  it('tunes on half A, judges on half B, and finds no content rule that meets the bar', () => {
    const stdout = execFileSync(process.execPath, ['scripts/eval.ts', '--json', '--same-bug'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    })
    const study = JSON.parse(stdout).sameBug
    expect(study.bar).toEqual({ gain: 0.05, keep: 0.9 })
    expect(study.results.map((r: { measure: string; variant: string }) => `${r.measure}/${r.variant}`)).toEqual([
      'identifiers/group',
      'identifiers/finding',
      'key terms/group',
      'key terms/finding',
      'tf-idf/group',
      'tf-idf/finding',
    ])
    expect(study.results.every((r: { meetsBarHeldOut: boolean }) => !r.meetsBarHeldOut)).toBe(true)
    expect(study.adopt).toBe(false)
  })
})
