// Hostile sizes: the parser stays bounded. A stress test, left out of mutation
// runs (vitest.mutate.config.ts), where instrumented code makes it crawl.
import { describe, expect, it } from 'vitest'
import { parseReply } from '../../src/core/reply/parse.ts'

describe('parseReply under hostile input', () => {
  it('stays bounded on hostile replies: unbalanced JSON openers, very long lines', () => {
    const hostile = `${'{"a": [\n'.repeat(5000)}${'[WARN] a.ts:1 '.repeat(20_000)}\nretracted ${'a'.repeat(200_000)}\nVERDICT: ship`
    const r = parseReply(hostile)
    expect(r.verdict).toBe('ship')
    expect(r.findings.length).toBeLessThanOrEqual(1)
  })
})
