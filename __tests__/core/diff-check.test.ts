import { describe, expect, it } from 'vitest'
import { readUnifiedDiff } from '../../src/core/diff/check.ts'
import { demoDiff } from '../helpers/fixtures.ts'

describe('readUnifiedDiff: is it a diff at all', () => {
  it.each([
    ['empty', '', 'empty'],
    ['blank lines', '\n \n\t\n', 'empty'],
    ['binary', 'ELF\u0000\u0001\u0002 diff --git a/x b/x', 'binary'],
    ['prose', 'Release notes\n---\nAll good.\n', 'not-a-diff'],
    ['a git usage text', 'usage: git diff --no-index [<options>] <path> <path>\n', 'not-a-diff'],
  ])('refuses %s', (_, text, kind) => {
    expect(readUnifiedDiff(text)).toMatchObject({ ok: false, kind })
  })

  it('quotes the start of what it got, escaped', () => {
    const check = readUnifiedDiff('\u001b[31mred\u001b[0m\n')
    expect(check).toMatchObject({ ok: false, problem: expect.stringContaining('(it starts with "\\u001b[31mred\\u001b[0m")') })
  })

  it('accepts git diff and diff -u output', () => {
    const git = readUnifiedDiff(demoDiff())
    expect(git.ok && git.files.length).toBe(6)
    const plain = readUnifiedDiff('--- a.txt\t2026-01-01\n+++ b.txt\t2026-01-02\n@@ -1 +1 @@\n-a\n+b\n')
    expect(plain.ok && plain.files.map((f) => f.path)).toEqual(['b.txt'])
  })

  const header = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n'
  it('refuses a hunk that does not hold the lines its header counts: reviewers would see part of a change, misnumbered', () => {
    // `git diff | head -c 2000 > x.diff`: the last hunk stops early.
    const cut = `${header}@@ -1,5 +1,6 @@\n a\n+b\n`
    expect(readUnifiedDiff(cut)).toEqual({
      ok: false,
      kind: 'broken-hunk',
      problem: 'is cut short or edited by hand: in x.ts, the hunk "@@ -1,5 +1,6 @@" does not hold the lines its header counts',
    })
    // A line cut from the middle: parse-diff reads the next header as a line of this hunk.
    const middle = `${header}@@ -1,3 +1,3 @@\n a\n-b\n@@ -10,2 +10,2 @@\n j\n-k\n+K\n`
    expect(readUnifiedDiff(middle)).toMatchObject({ ok: false, kind: 'broken-hunk', problem: expect.stringContaining('"@@ -1,3 +1,3 @@"') })
  })

  it('accepts whole hunks: "\\ No newline" markers, CRLF, and an empty context line an editor stripped of its space', () => {
    const whole = [
      `${header}@@ -1,2 +1,2 @@\n a\n-c\n\\ No newline at end of file\n+d\n\\ No newline at end of file\n`,
      `${header}@@ -1,2 +1,2 @@\n a\n-c\n+d\n`.replace(/\n/g, '\r\n'),
      `${header}@@ -1,3 +1,3 @@\n a\n\n-c\n+d\n`,
      `${header}@@ -0,0 +1 @@\n+new\n`,
    ]
    for (const text of whole) expect(readUnifiedDiff(text).ok).toBe(true)
  })
})
