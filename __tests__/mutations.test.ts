// The shell mutations (npm run mutate:shell) apply only while their text is
// in src/ exactly once: a refactor that moves it makes one stale, and the
// slow mutation job finds out late. This finds out with the suite.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MUTATIONS } from '../scripts/mutations.ts'

describe('scripts/mutations.ts', () => {
  it.each(MUTATIONS.map((m) => [m.id, m] as const))('%s still finds its text once in its file', (_, m) => {
    const text = readFileSync(m.file, 'utf8')
    expect(text.split(m.find).length - 1).toBe(1)
    expect(m.replace).not.toBe(m.find)
    for (const test of m.tests) expect(() => readFileSync(test)).not.toThrow()
  })

  it('has unique ids', () => {
    expect(new Set(MUTATIONS.map((m) => m.id)).size).toBe(MUTATIONS.length)
  })
})
