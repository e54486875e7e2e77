import { describe, expect, it } from 'vitest'
import { extendToDefinitions, extendWithinCap, withoutContext } from '../../src/core/diff/context.ts'
import { formatFileHeader, formatHunk } from '../../src/core/diff/text.ts'
import { extendedLines, newSideLines } from '../../src/core/diff/hunks.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { stripLineNumbers } from '../helpers/numbered.ts'
import { indexDiff, locate } from '../../src/core/verdict/locate.ts'
import type { FileDiff } from '../../src/core/diff/types.ts'

// Head version of src/limit.ts: the change is inside allow(), whose header is above the hunk.
const head = [
  "import { clock } from './clock'", //      1
  '',
  'export function allow(key: string): boolean {', // 3
  '  const bucket = buckets.get(key)', // 4
  '  if (!bucket) {',
  '    return true',
  '  }',
  '  const now = clock()', //               8
  '  const elapsed = now - bucket.at', //   9 (changed)
  '  bucket.tokens += elapsed', //          10
  '  bucket.at = now',
  '  return bucket.tokens > 0', //         12 (changed)
  '}', //                                  13
  '',
  'export function reset(): void {', //    15
  '  buckets.clear()',
  '}',
].join('\n')

const diff = [
  'diff --git a/src/limit.ts b/src/limit.ts',
  '--- a/src/limit.ts',
  '+++ b/src/limit.ts',
  '@@ -8,3 +8,3 @@ export function allow(key: string): boolean {',
  '   const now = clock()',
  '-  const elapsed = now - bucket.updatedAt',
  '+  const elapsed = now - bucket.at',
  '   bucket.tokens += elapsed',
  '@@ -11,2 +11,2 @@ export function allow(key: string): boolean {',
  '   bucket.at = now',
  '-  return bucket.tokens >= 0',
  '+  return bucket.tokens > 0',
  '',
].join('\n')

const [file] = parseUnifiedDiff(diff) as [FileDiff]
const changed = (files: readonly FileDiff[]) =>
  files.flatMap((f) =>
    f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'ctx').map((l) => `${l.kind}|${l.oldLine ?? l.newLine}|${l.text}`)),
  )
const text = (f: FileDiff, numbered = true) => formatFileHeader(f) + f.hunks.map((h) => formatHunk(h, numbered)).join('')

describe('context: function', () => {
  const grown = extendToDefinitions(file, head)

  it('grows the hunks to the enclosing function and merges them, keeping every change', () => {
    expect(grown.hunks).toHaveLength(1)
    expect(grown.hunks[0]).toMatchObject({ newStart: 3, newLines: 11, oldStart: 3, oldLines: 11 })
    expect(changed([grown])).toEqual(changed([file]))
    expect([...extendedLines(grown)]).toEqual([3, 4, 5, 6, 7, 13])
    expect([...newSideLines(grown)]).toEqual([...newSideLines(file)].sort((a, b) => a - b))
  })

  it('parses back to the same changes, with right line numbers, from the numbered text', () => {
    const back = parseUnifiedDiff(stripLineNumbers(text(grown)))
    expect(changed(back)).toEqual(changed([file]))
    expect(text(grown)).toContain(' 3  export function allow(key: string): boolean {\n')
    expect(text(grown)).toContain('13  }\n')
  })

  it('labels a finding on an added context line in-context (annotated if it converges), not off-diff', () => {
    const index = indexDiff([grown])
    expect(locate({ path: 'src/limit.ts', startLine: 4 }, '', index).label).toBe('in-context')
    expect(locate({ path: 'src/limit.ts', startLine: 9 }, '', index).label).toBe('in-diff')
    expect(locate({ path: 'src/limit.ts', startLine: 16 }, '', index).label).toBe('off-diff')
  })

  it('follows indentation where there are no braces (Python)', () => {
    const py = ['import os', '', 'def load(path):', '    data = read(path)', '    return parse(data)', '', 'def other():', '    pass'].join(
      '\n',
    )
    const [f] = parseUnifiedDiff(
      'diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -5 +5 @@\n-    return data\n+    return parse(data)\n',
    ) as [FileDiff]
    const g = extendToDefinitions(f, py)
    expect(g.hunks[0]).toMatchObject({ newStart: 3, newLines: 3 })
  })

  it('keeps plain hunks when the extension would pass the bundle cap', () => {
    const plainBytes = Buffer.byteLength(text(file))
    expect(extendWithinCap(file, head, plainBytes + 5, true)).toBe(file)
    expect(extendWithinCap(file, head, 100_000, true).hunks).toHaveLength(1)
  })
})

describe('context: none', () => {
  it('keeps only changed lines, each run its own hunk with a right header', () => {
    const bare = withoutContext(file)
    expect(bare.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [9, 1, 9, 1],
      [12, 1, 12, 1],
    ])
    expect(changed(parseUnifiedDiff(text(bare, false)))).toEqual(changed([file]))
    expect(bare.hunks.every((h) => h.lines.every((l) => l.kind !== 'ctx'))).toBe(true)
  })
})
