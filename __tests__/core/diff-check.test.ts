import { describe, expect, it } from 'vitest'
import { readUnifiedDiff } from '../../src/core/diff/check.ts'
import { demoDiff, readFixture } from '../helpers/fixtures.ts'

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

  it('says what it got: empty, binary, or the first line (trimmed, cut at 60 characters)', () => {
    expect(readUnifiedDiff('\n')).toMatchObject({ problem: 'is empty: there is no change to review' })
    expect(readUnifiedDiff('a\u0000b')).toMatchObject({ problem: 'is a binary file, not a diff' })
    expect(readUnifiedDiff(`\n\n  ${'x'.repeat(60)}\nmore`)).toMatchObject({
      problem: expect.stringContaining(`(it starts with "${'x'.repeat(60)}")`),
    })
    expect(readUnifiedDiff(`${'y'.repeat(61)}\n`)).toMatchObject({
      problem: expect.stringContaining(`(it starts with "${'y'.repeat(60)}…")`),
    })
  })

  it('sniffs for NUL in the first 8000 bytes only, as git does: a text diff with one later is a diff', () => {
    const diff = `diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-${'a'.repeat(8000)}\n+b\u0000\n`
    expect(readUnifiedDiff(diff).ok).toBe(true)
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
    // Short on one side only: parse-diff pads it with an empty context line, which overfills the other side.
    for (const body of ['@@ -1,3 +1,2 @@\n a\n-b\n-c\n', '@@ -1,2 +1,3 @@\n a\n+b\n+c\n']) {
      expect(readUnifiedDiff(header + body)).toMatchObject({ ok: false, kind: 'broken-hunk' })
    }
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

// Issue 28: git outputs that look like a diff of one state but are not; each was reviewed wrongly (a merge's eval as
// "no content changes", a word diff's every line as context, a second commit's lines against the wrong numbers).
describe('readUnifiedDiff: one plain diff of one state, not another of git outputs', () => {
  it.each([
    ['git show <merge> (diff --cc)', 'merge-cc.diff', 'combined', 'is a combined diff of a merge (git show <merge>, git diff --cc)'],
    ['git show -c <merge> (diff --combined)', 'merge-combined.diff', 'combined', 'is a combined diff of a merge'],
    ['git diff --word-diff', 'word-plain.diff', 'word-diff', 'is a word diff (git diff --word-diff) or was edited by hand: line 6'],
    ['git diff --word-diff, every line indented', 'word-plain-indented.diff', 'word-diff', 'the hunk at line 5 changes no line'],
    ['git diff --word-diff=porcelain', 'word-porcelain.diff', 'word-diff', 'line 7 starts with "~"'],
    ['git diff --word-diff=color', 'word-color.diff', 'colour', 'holds terminal colour codes'],
    ['git diff --color', 'color.diff', 'colour', 'holds terminal colour codes'],
    ['git format-patch -2 --stdout', 'mbox-two-commits.diff', 'several-patches', "holds 2 commits' patches one after another"],
    ['git log -p -2', 'log-two-commits.diff', 'several-patches', "holds 2 commits' patches"],
  ])('refuses %s, naming the form', (_, fixture, kind, problem) => {
    const check = readUnifiedDiff(readFixture(`diffs/${fixture}`))
    expect(check).toMatchObject({ ok: false, kind })
    expect(check.ok ? '' : check.problem).toContain(problem)
  })

  it('refuses two diffs pasted one after the other: a path named twice', () => {
    const one = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-a\n+b\n'
    const two = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-b\n+c\n'
    expect(readUnifiedDiff(one + two)).toMatchObject({
      ok: false,
      kind: 'several-patches',
      problem: expect.stringMatching(/^names x\.ts twice/),
    })
  })

  it('accepts one commit as an mbox (git format-patch -1), a type change (a path deleted and added), and a hunk line starting with an escape behind its marker', () => {
    expect(readUnifiedDiff(readFixture('diffs/mbox-one-commit.diff'))).toMatchObject({ ok: true, files: [{ path: 'app.ts' }] })
    const typeChange = [
      'diff --git a/l b/l\ndeleted file mode 100644\n--- a/l\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
      'diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+target\n\\ No newline at end of file\n',
    ].join('')
    expect(readUnifiedDiff(typeChange)).toMatchObject({ ok: true, files: [{ status: 'deleted' }, { status: 'added' }] })
    const escape = 'diff --git a/t.txt b/t.txt\n--- a/t.txt\n+++ b/t.txt\n@@ -1 +1 @@\n-\u001b[31mred\n+\u001b[32mgreen\n'
    expect(readUnifiedDiff(escape).ok).toBe(true)
  })
})
