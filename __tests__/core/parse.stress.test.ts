// Hostile sizes: the parser stays bounded. A stress test, left out of mutation
// runs (vitest.mutate.config.ts), where instrumented code makes it crawl.
import { describe, expect, it } from 'vitest'
import { parseReply } from '../../src/core/reply/parse.ts'

describe('parseReply under hostile input', () => {
  it('stays bounded on hostile replies: unbalanced JSON openers, fences that never close, very long lines', () => {
    // An opener with an info string never closes another: 20,000 fixes that never end.
    const unclosed = 'FIX:\n```ts\n'.repeat(20_000)
    const hostile = `${'{"a": [\n'.repeat(5000)}${unclosed}${'[WARN] a.ts:1 '.repeat(20_000)}\nretracted ${'a'.repeat(200_000)}\nVERDICT: ship`
    const r = parseReply(hostile)
    expect(r.verdict).toBe('ship')
    expect(r.findings.length).toBeLessThanOrEqual(1)
  })
})
