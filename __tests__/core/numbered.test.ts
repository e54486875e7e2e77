import { describe, expect, it } from 'vitest'
import { planBundles } from '../../src/core/plan/bundle.ts'
import { formatHunk } from '../../src/core/diff/text.ts'
import { newSideLines } from '../../src/core/diff/hunks.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { stripLineNumbers } from '../helpers/numbered.ts'
import { halveBundle } from '../../src/core/reply/thin.ts'
import type { FileDiff, Hunk } from '../../src/core/diff/types.ts'
import { randomFiles } from '../helpers/random-diff.ts'

const hunk: Hunk = {
  oldStart: 98,
  oldLines: 3,
  newStart: 98,
  newLines: 4,
  section: 'fn()',
  lines: [
    { kind: 'ctx', text: 'a', oldLine: 98, newLine: 98 },
    { kind: 'del', text: 'b', oldLine: 99 },
    { kind: 'add', text: 'B', newLine: 99 },
    { kind: 'add', text: 'C', newLine: 100 },
    { kind: 'ctx', text: 'd', oldLine: 100, newLine: 101, noNewline: true },
  ],
}

describe('numbered hunks', () => {
  it('print each new-side number in a column as wide as the last one; removed lines get none', () => {
    expect(formatHunk(hunk, true)).toBe(
      ['@@ -98,3 +98,4 @@ fn()', ' 98  a', '    -b', ' 99 +B', '100 +C', '101  d', '\\ No newline at end of file', ''].join('\n'),
    )
  })

  /** Every new-side line of every file, as path:line, whatever pieces the files were cut into. */
  const newSide = (files: readonly FileDiff[]) => files.flatMap((f) => [...newSideLines(f)].map((n) => `${f.path}:${n}`)).sort()
  const changed = (files: readonly FileDiff[]) =>
    files
      .flatMap((f) =>
        f.hunks.flatMap((h) =>
          h.lines.filter((l) => l.kind !== 'ctx').map((l) => `${f.path}|${l.kind}|${l.oldLine ?? l.newLine}|${l.text}`),
        ),
      )
      .sort()

  it.each([1, 2, 3, 4])('seed %i: numbered bundles parse back to the same diff', (seed) => {
    const files = randomFiles(seed, 40)
    const plan = planBundles(files, { maxBytes: 4_000, hardMaxBytes: 4_000, numbered: true })
    const back = plan.bundles.flatMap((b) => parseUnifiedDiff(stripLineNumbers(b.text)))
    expect(changed(back)).toEqual(changed(files))
    for (const b of plan.bundles) expect(b.bytes).toBeLessThanOrEqual(4_000)
    // Every printed number is the line's true new-side number.
    for (const b of plan.bundles) {
      for (const m of b.text.matchAll(/^ *(\d+) [ +](.*)$/gm)) {
        const [, printed, text] = m
        const file = files.find((f) => f.hunks.some((h) => h.lines.some((l) => l.text === text && l.newLine === Number(printed))))
        expect(file, `line "${text}" printed as ${printed}`).toBeDefined()
      }
    }
    // Context lines too (the numbers reviewers cite): none lost or renumbered by splitting and numbering.
    expect(newSide(back)).toEqual(newSide(files))
  })

  it('halves a numbered bundle into numbered parts', () => {
    const [bundle] = planBundles(randomFiles(9, 20), { maxBytes: 1_000_000, hardMaxBytes: 1_000_000, numbered: true }, [
      { name: 'all', globs: ['**'] },
    ]).bundles
    const parts = halveBundle(bundle!)
    expect(parts.length).toBeGreaterThanOrEqual(2)
    expect(parts.every((p) => p.numbered)).toBe(true)
    expect(changed(parts.flatMap((p) => parseUnifiedDiff(stripLineNumbers(p.text))))).toEqual(
      changed(parseUnifiedDiff(stripLineNumbers(bundle!.text))),
    )
  })
})
