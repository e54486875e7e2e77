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
})
