// Where a finding points, checked against the diff (src/core/verdict/locate.ts):
// the cases Stryker found no test for (issue 30). The first cases of locate
// are in tally.test.ts.
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { clipTo, indexDiff, locate, normalizePath, resolvePath } from '../../src/core/verdict/locate.ts'

const diff = [
  'diff --git a/src/pool.go b/src/pool.go',
  '--- a/src/pool.go',
  '+++ b/src/pool.go',
  '@@ -10,3 +10,4 @@ func (p *Pool) Get() *Conn {',
  ' \tp.mu.Lock()',
  '-\tc := p.free[0]',
  '+\tc := p.take()',
  '+\tp.n++',
  ' \treturn c',
  '@@ -40,2 +41,2 @@ func helper() {',
  ' \tx := 1',
  '-\ty := x',
  '+\ty := x + release(x)',
  'diff --git a/old/gone.ts b/old/gone.ts',
  'deleted file mode 100644',
  '--- a/old/gone.ts',
  '+++ /dev/null',
  '@@ -1,2 +0,0 @@',
  '-export const a = 1',
  '-export const b = 2',
  'diff --git a/a/inner.ts b/a/inner.ts',
  '--- a/a/inner.ts',
  '+++ b/a/inner.ts',
  '@@ -1 +1 @@',
  '-x',
  '+y',
  '',
].join('\n')
const index = indexDiff(parseUnifiedDiff(diff))

describe('normalizePath and resolvePath', () => {
  it('drops one a/ or b/ prefix, ./ and leading slashes, only at the start', () => {
    expect(normalizePath('  ./src/pool.go ')).toBe('src/pool.go')
    expect(normalizePath('b/src/pool.go')).toBe('src/pool.go')
    expect(normalizePath('///src/pool.go')).toBe('src/pool.go')
    expect(normalizePath('src/b/pool.go')).toBe('src/b/pool.go')
    expect(normalizePath('src/./pool.go')).toBe('src/./pool.go')
    expect(normalizePath('lib/a/x.ts')).toBe('lib/a/x.ts')
  })

  it('keeps a path that really starts with a/ when the diff has it', () => {
    // normalizePath makes a/inner.ts into inner.ts, which the diff does not have; the path as written is.
    expect(resolvePath('a/inner.ts', index)).toBe('a/inner.ts')
    expect(resolvePath(' a/inner.ts ', index)).toBe('a/inner.ts')
    expect(resolvePath('inner.ts', index)).toBe('a/inner.ts')
  })

  it('reports an unknown path by what the reply wrote, normalised, when WHERE names no path', () => {
    expect(locate(undefined, ' ./nope/x.ts', index)).toEqual({ path: 'nope/x.ts', label: 'unknown-path' })
    expect(locate({ path: 'b/nope.ts', startLine: 3 }, 'b/nope.ts:3', index)).toEqual({ path: 'nope.ts', label: 'unknown-path' })
  })
})

describe('locate', () => {
  it('places any citation of a deleted file at the file, whatever line it names', () => {
    expect(locate({ path: 'old/gone.ts', startLine: 1 }, '', index)).toEqual({ path: 'old/gone.ts', label: 'file-level' })
  })

  it('labels a citation past the hunk off-diff, keeping the lines it cited', () => {
    expect(locate({ path: 'src/pool.go', startLine: 30, endLine: 32 }, '', index)).toEqual({
      path: 'src/pool.go',
      startLine: 30,
      endLine: 32,
      label: 'off-diff',
    })
  })

  it('resolves a symbol to the added line naming it before a context line, as a whole word', () => {
    // `take` is on an added line; `Lock` only on a context line; `n` as a word only on `p.n++`.
    expect(locate({ path: 'src/pool.go', symbol: 'take' }, '', index)).toMatchObject({ startLine: 11, label: 'in-diff' })
    expect(locate({ path: 'src/pool.go', symbol: 'p.mu.Lock' }, '', index)).toMatchObject({ startLine: 10, label: 'in-diff' })
    expect(locate({ path: 'src/pool.go', symbol: 'Pool::n' }, '', index)).toMatchObject({ startLine: 12 })
    expect(locate({ path: 'src/pool.go', symbol: 'release' }, '', index)).toMatchObject({ startLine: 42 })
  })

  it("falls back to the hunk whose @@ line names the symbol, at that hunk's first line", () => {
    expect(locate({ path: 'src/pool.go', symbol: 'Pool.Get' }, '', index)).toMatchObject({ startLine: 10, endLine: 10, label: 'in-diff' })
    expect(locate({ path: 'src/pool.go', symbol: 'helper' }, '', index)).toMatchObject({ startLine: 41, label: 'in-diff' })
  })

  it('gives a symbol it cannot find, or one that is not a name, the file', () => {
    expect(locate({ path: 'src/pool.go', symbol: 'nowhere' }, '', index)).toEqual({ path: 'src/pool.go', label: 'file-level' })
    expect(locate({ path: 'src/pool.go', symbol: 'take()' }, '', index)).toEqual({ path: 'src/pool.go', label: 'file-level' })
    expect(locate({ path: 'src/pool.go', symbol: '::' }, '', index)).toEqual({ path: 'src/pool.go', label: 'file-level' })
    // A part of a name is not the name: `ake` is inside `take`.
    expect(locate({ path: 'src/pool.go', symbol: 'ake' }, '', index)).toEqual({ path: 'src/pool.go', label: 'file-level' })
  })
})

describe('clipTo', () => {
  const lines = new Set([10, 11, 12, 41, 42, 43])

  it('gives the first and last shown lines within the range, walking whichever is smaller', () => {
    expect(clipTo(lines, 11, 42)).toEqual({ startLine: 11, endLine: 42 }) // the set is smaller
    expect(clipTo(lines, 11, 12)).toEqual({ startLine: 11, endLine: 12 }) // the range is smaller
    expect(clipTo(lines, 12, 12)).toEqual({ startLine: 12, endLine: 12 })
    expect(clipTo(lines, 1, 1_000_000_000)).toEqual({ startLine: 10, endLine: 43 })
  })

  it('gives nothing for a range that shows no line, is reversed, or has no lines to clip to', () => {
    expect(clipTo(lines, 13, 40)).toBeUndefined()
    expect(clipTo(lines, 13, 14)).toBeUndefined()
    expect(clipTo(lines, 12, 10)).toBeUndefined()
    expect(clipTo(undefined, 1, 5)).toBeUndefined()
    expect(clipTo(new Set(), 1, 5)).toBeUndefined()
  })

  it('clips a range larger than the set to the lines inside it only', () => {
    expect(clipTo(new Set([1, 5, 100]), 2, 50)).toEqual({ startLine: 5, endLine: 5 })
  })
})
