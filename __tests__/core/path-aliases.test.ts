// Bundle paths the location patterns cannot read whole are read through
// stand-ins: these hold the swap and its reversal on their own.
import { describe, expect, it } from 'vitest'
import { aliasPaths } from '../../src/core/reply/path-aliases.ts'
import { toReview } from '../../src/core/reply/review.ts'

const call = (reply: string) =>
  ({ reviewer: 'r', bundleId: 'b', outcome: 'answered', reply, latencyMs: 1, tokensIn: 100, tokensOut: 300, finishReason: 'stop' }) as const
const read = (reply: string, paths: readonly string[]) => toReview(call(reply), { bytes: 1000, paths })
const places = (reply: string, paths: readonly string[]) =>
  read(reply, paths).parsed.findings.map((f) => [f.where?.path, f.where?.startLine ?? f.where?.symbol ?? null])

describe('aliasPaths', () => {
  it('leaves a reply alone when it names no unreadable path, and swaps only those it names', () => {
    const none = aliasPaths('- [BLOCK] src/a.ts:3 — x', ['src/a.ts', 'docs/a b.md'])
    expect(none.text).toBe('- [BLOCK] src/a.ts:3 — x')
    expect(none.alias('docs/a b.md')).toBe('docs/a b.md')
    const some = aliasPaths('see docs/a b.md:3 and src/a.ts:4', ['src/a.ts', 'docs/a b.md', 'docs/a b.md', 'docs/c d.md'])
    expect(some.text).toBe('see clr-path-0/a-b.md:3 and src/a.ts:4')
    expect(some.alias('docs/a b.md')).toBe('clr-path-0/a-b.md')
    expect(some.alias('docs/c d.md')).toBe('docs/c d.md')
    expect(some.restore({ findings: [{ where: 'clr-path-0/a-b.md:3', n: 1 }], list: ['clr-path-0/a-b.md'] })).toEqual({
      findings: [{ where: 'docs/a b.md:3', n: 1 }],
      list: ['docs/a b.md'],
    })
  })

  it('swaps the longer of two paths one ends with first, so each is read as itself', () => {
    const paths = ['c d.md', 'x/c d.md']
    const reply = '- [BLOCK] `x/c d.md:3` — one\n- [WARN] `c d.md:4` — two\n\nVERDICT: hold'
    expect(places(reply, paths)).toEqual([
      ['x/c d.md', 3],
      ['c d.md', 4],
    ])
  })

  it('keeps a path read whole as it is: no stand-in for `.github/` or `__tests__/`', () => {
    expect(aliasPaths('.github/ci.yml:2 __tests__/a.ts:3', ['.github/ci.yml', '__tests__/a.ts']).text).toBe(
      '.github/ci.yml:2 __tests__/a.ts:3',
    )
  })

  it('reads a stand-in as its path would read: with a line, a symbol, or alone as a file', () => {
    const paths = ['docs/user guide.md', 'app/[id]/page.tsx', 'docs/★.md']
    expect(places('SEVERITY: WARN\nWHERE: `docs/user guide.md`\nWHAT: x\n\nVERDICT: hold', paths)).toEqual([['docs/user guide.md', null]])
    expect(places('- [WARN] `app/[id]/page.tsx:Page` — x\n\nVERDICT: hold', paths)).toEqual([['app/[id]/page.tsx', 'Page']])
    expect(places('1. BLOCK docs/★.md:3 - x\n\nVERDICT: hold', paths)).toEqual([['docs/★.md', 3]])
  })

  it('gives back the reply as written, and counts a bundle path named in prose as something said', () => {
    const reply = 'Please look again at docs/user guide.md, it worries me.\n\nVERDICT: ship'
    const review = read(reply, ['docs/user guide.md'])
    expect(review.reply).toBe(reply)
    expect(review.complete).toBe(false)
    expect(review.incompleteReason).toContain('names docs/user guide.md')
  })
})
