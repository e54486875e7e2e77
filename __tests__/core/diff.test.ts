import { describe, expect, it } from 'vitest'
import { fromFilesApi } from '../../src/core/diff/files-api.ts'
import { unquotePath } from '../../src/core/diff/git-header.ts'
import { newSideLines } from '../../src/core/diff/hunks.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import type { FileDiff } from '../../src/core/diff/types.ts'
import { readFixture } from '../helpers/fixtures.ts'

const edge = parseUnifiedDiff(readFixture('diffs/git-edge-cases.diff'))
const file = (path: string): FileDiff => {
  const f = edge.find((x) => x.path === path)
  if (!f) throw new Error(`no ${path} in ${edge.map((x) => x.path).join(', ')}`)
  return f
}

describe('parseUnifiedDiff on real git output', () => {
  it('keeps every file of the diff', () => {
    expect(edge.map((f) => f.path)).toEqual([
      'a.txt',
      'added.txt',
      'b.bin',
      'café.txt',
      'copy.txt',
      'crlf.txt',
      'deleted.txt',
      'moved/pure.txt',
      'nonl.txt',
      'numbers.txt',
      'ren2.txt',
      'script.sh',
      'sp ace.txt',
      'u2028.txt',
      'vendor/lib',
    ])
  })

  it('reads content lines that start with --- or +++ as changes, not headers', () => {
    const lines = file('a.txt').hunks[0]!.lines
    expect(lines.map((l) => `${l.kind}:${l.text}`)).toEqual(['ctx:one', 'del:two', 'add:--- two', 'ctx:three', 'add:++ four'])
    expect([...newSideLines(file('a.txt'))]).toEqual([1, 2, 3, 4])
  })

  it('flags new, deleted, renamed and copied files with both paths', () => {
    expect(file('added.txt')).toMatchObject({ status: 'added', oldPath: 'added.txt' })
    expect(file('deleted.txt')).toMatchObject({ status: 'deleted', oldPath: 'deleted.txt' })
    expect(file('deleted.txt').hunks[0]!.lines.every((l) => l.kind === 'del')).toBe(true)
    expect(file('ren2.txt')).toMatchObject({ status: 'renamed', oldPath: 'ren.txt' })
    expect(file('moved/pure.txt')).toMatchObject({ status: 'renamed', oldPath: 'pure.txt', hunks: [] })
    expect(file('copy.txt')).toMatchObject({ status: 'copied', oldPath: 'orig.txt', hunks: [] })
  })

  it('flags binary files, both "Binary files differ" and GIT binary patch', () => {
    expect(file('b.bin')).toMatchObject({ binary: true, hunks: [] })
    const [patch] = parseUnifiedDiff(readFixture('diffs/git-binary-patch.diff'))
    expect(patch).toMatchObject({ path: 'b.bin', binary: true, hunks: [] })
  })

  it('decodes quoted octal paths and strips the trailing tab after paths with spaces', () => {
    expect(file('café.txt').hunks).toHaveLength(1)
    expect(file('sp ace.txt').hunks[0]!.lines.map((l) => l.text)).toEqual(['keep', 'more'])
    expect(unquotePath('"a/tab\\there\\"q\\\\"')).toBe('a/tab\there"q\\')
  })

  it('turns "\\ No newline at end of file" into a flag on the line before, not a change', () => {
    const lines = file('nonl.txt').hunks[0]!.lines
    expect(lines).toEqual([
      { kind: 'del', text: 'nonl', oldLine: 1, noNewline: true },
      { kind: 'add', text: 'nonl2', newLine: 1, noNewline: true },
    ])
  })

  it('drops the CR of CRLF files from line text', () => {
    expect(file('crlf.txt').hunks[0]!.lines.map((l) => l.text)).toEqual(['l1', 'l2', 'l2x'])
  })

  it('keeps U+2028 inside a line instead of splitting there', () => {
    expect(file('u2028.txt').hunks[0]!.lines).toEqual([{ kind: 'add', text: 'sep\u2028arated', newLine: 1 }])
  })

  it('records a mode-only change with no hunks', () => {
    expect(file('script.sh')).toMatchObject({ status: 'modified', oldMode: '100644', newMode: '100755', hunks: [] })
  })

  it('reads a submodule pointer change as a one-line hunk', () => {
    const [sub] = parseUnifiedDiff(readFixture('diffs/git-submodule.diff'))
    expect(sub!.path).toBe('vendor/lib')
    expect(sub!.hunks[0]!.lines.map((l) => l.kind)).toEqual(['del', 'add'])
    expect(sub!.hunks[0]!.lines[1]!.text).toMatch(/^Subproject commit [0-9a-f]{40}$/)
  })

  it('numbers zero-context hunks from their header (@@ -12,0 +13,2 @@)', () => {
    const [numbers] = parseUnifiedDiff(readFixture('diffs/git-zero-context.diff'))
    expect(numbers!.hunks[0]).toMatchObject({ oldStart: 12, oldLines: 0, newStart: 13, newLines: 2 })
    expect([...newSideLines(numbers!)]).toEqual([13, 14])
  })

  it("keeps the @@ section text (git's enclosing-function hint)", () => {
    expect(file('ren2.txt').hunks[0]!.section).toBe('r1')
  })

  it('reads an empty diff as no files', () => {
    expect(parseUnifiedDiff(readFixture('diffs/empty.diff'))).toEqual([])
    expect(parseUnifiedDiff('\n')).toEqual([])
  })

  it('reads a whole diff saved with CRLF line endings', () => {
    const crlf = readFixture('diffs/git-zero-context.diff').replace(/\n/g, '\r\n')
    expect(parseUnifiedDiff(crlf)[0]).toMatchObject({ path: 'numbers.txt', status: 'modified' })
  })

  it('reads plain `diff -u` output without git headers', () => {
    const plain = '--- old/x.c\t2026-01-01\n+++ new/x.c\t2026-01-02\n@@ -1 +1 @@\n-a\n+b\n'
    const files = parseUnifiedDiff(plain)
    expect(files).toHaveLength(1)
    expect(files[0]!.hunks[0]!.lines).toHaveLength(2)
  })
})

describe('fromFilesApi', () => {
  it('rebuilds hunks from each patch and lists files without a patch as unreviewable', () => {
    const files = fromFilesApi([
      { filename: 'src/a.ts', status: 'modified', additions: 1, deletions: 1, patch: '@@ -3,2 +3,2 @@ function f()\n keep\n-old\n+new' },
      { filename: 'img/logo.png', status: 'modified', additions: 0, deletions: 0 },
      { filename: 'huge.sql', status: 'added', additions: 90000, deletions: 0 },
      { filename: 'b.ts', previous_filename: 'a.ts', status: 'renamed', additions: 0, deletions: 0 },
      { filename: 'old.ts', status: 'removed', additions: 0, deletions: 2, patch: '@@ -1,2 +0,0 @@\n-x\n-y' },
    ])
    expect(files[0]).toMatchObject({ path: 'src/a.ts', status: 'modified' })
    expect(files[0]!.hunks[0]).toMatchObject({ oldStart: 3, newStart: 3, section: 'function f()' })
    expect([...newSideLines(files[0]!)]).toEqual([3, 4])
    expect(files[1]).toMatchObject({ binary: true })
    expect(files[1]!.unreviewable).toBeUndefined()
    expect(files[2]!.unreviewable).toBe('GitHub sent no patch for this file (90000 changed lines, too large)')
    expect(files[3]).toMatchObject({ path: 'b.ts', oldPath: 'a.ts', status: 'renamed' })
    expect(files[4]).toMatchObject({ status: 'deleted' })
  })
})
