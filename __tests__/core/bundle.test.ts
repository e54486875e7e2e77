import { describe, expect, it } from 'vitest'
import { bundleKey, planBundles } from '../../src/core/plan/bundle.ts'
import { byteLength, splitFile, splitHunk } from '../../src/core/plan/split.ts'
import { formatFile, formatFileHeader, formatHunk, formatHunkHeader, formatLine } from '../../src/core/diff/text.ts'
import { componentOf } from '../../src/core/plan/components.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import type { FileDiff, Hunk } from '../../src/core/diff/types.ts'
import type { Bundle } from '../../src/core/plan/types.ts'
import { randomFiles } from '../helpers/random-diff.ts'

/** Every changed line as path|kind|number|text, sorted: a multiset to compare. */
function changedLines(files: readonly FileDiff[]): string[] {
  return files
    .flatMap((f) =>
      f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'ctx').map((l) => `${f.path}|${l.kind}|${l.oldLine ?? l.newLine}|${l.text}`)),
    )
    .sort()
}

const fromBundles = (bundles: readonly Bundle[]): FileDiff[] => bundles.flatMap((b) => parseUnifiedDiff(b.text))

describe('componentOf', () => {
  it.each([
    ['services/validatord/main.go', 'services/validatord'],
    ['crates/vectord/src/lib.rs', 'crates/vectord'],
    ['packages/web/src/app.tsx', 'packages/web'],
    ['cmd/tool/main.go', 'cmd/tool'],
    ['services/README.md', 'services'],
    ['src/deep/file.ts', 'src'],
    ['README.md', '(root)'],
  ])('%s → %s', (path, component) => expect(componentOf(path)).toBe(component))
})

describe('planBundles', () => {
  it('groups by component, one bundle each when small, with stable ids', () => {
    const files = randomFiles(1, 12, 1, 3)
    const a = planBundles(files, { maxBytes: 60_000, hardMaxBytes: 100_000, numbered: false })
    const b = planBundles(files, { maxBytes: 60_000, hardMaxBytes: 100_000, numbered: false })
    expect(a.bundles.map((x) => x.component)).toEqual([...new Set(files.map((f) => componentOf(f.path)))].sort())
    expect(a.bundles.map((x) => x.id)).toEqual(b.bundles.map((x) => x.id))
    expect(a.bundles[0]!.id).toMatch(/^[\w.-]+\.1-[0-9a-f]{10}$/)
    expect(bundleKey(a.bundles[0]!)).toBe(a.bundles[0]!.id.replace(/-[0-9a-f]{10}$/, ''))
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: every changed line lands in exactly one bundle, none above the caps', (seed) => {
    const files = randomFiles(seed, 40)
    const limits = { maxBytes: 3_000 + seed * 500, hardMaxBytes: 3_000 + seed * 500, numbered: false }
    const plan = planBundles(files, limits)
    expect(plan.skipped).toEqual([])
    for (const b of plan.bundles) expect(b.bytes).toBeLessThanOrEqual(limits.maxBytes)
    expect(changedLines(fromBundles(plan.bundles))).toEqual(changedLines(files))
  })

  it('keeps the bundle count near the ideal ceil(bytes / cap) per component', () => {
    const files = randomFiles(42, 200)
    const cap = 20_000
    const plan = planBundles(files, { maxBytes: cap, hardMaxBytes: cap, numbered: false })
    const byComponent = new Map<string, number>()
    for (const b of plan.bundles) byComponent.set(b.component, (byComponent.get(b.component) ?? 0) + b.bytes)
    const ideal = [...byComponent.values()].reduce((n, bytes) => n + Math.ceil(bytes / cap), 0)
    expect(plan.bundles.length).toBeLessThanOrEqual(ideal + byComponent.size)
  })

  it('repeats the file header in every piece of a split file', () => {
    const [big] = randomFiles(7, 1, 8, 120)
    const plan = planBundles([big!], { maxBytes: 2_500, hardMaxBytes: 2_500, numbered: false })
    expect(plan.bundles.length).toBeGreaterThan(1)
    for (const b of plan.bundles) expect(b.text.startsWith(`diff --git a/${big!.path} b/${big!.path}\n`)).toBe(true)
  })

  it('skips, with a reason, a file whose single line is above the hard cap', () => {
    const line = 'x'.repeat(5_000)
    const file: FileDiff = {
      path: 'min.js',
      oldPath: 'min.js',
      status: 'modified',
      binary: false,
      hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, section: '', lines: [{ kind: 'add', text: line, newLine: 1 }] }],
    }
    const plan = planBundles([file], { maxBytes: 1_000, hardMaxBytes: 2_000, numbered: false })
    expect(plan.bundles).toEqual([])
    expect(plan.skipped).toEqual([
      { path: 'min.js', reason: expect.stringMatching(/above bundle-hard-max-bytes \(2000\)/), gap: expect.stringMatching(/exclude/) },
    ])
  })

  it('warns when one component needs many bundles', () => {
    const files = randomFiles(3, 60).map((f) => ({ ...f, path: `services/api/${f.path.split('/').at(-1)}` }))
    const plan = planBundles(files, { maxBytes: 2_000, hardMaxBytes: 2_000, numbered: false })
    expect(plan.warnings.join('\n')).toMatch(/component services\/api needs \d+ bundles/)
  })
})

describe('splitHunk', () => {
  const hunk: Hunk = {
    oldStart: 10,
    oldLines: 3,
    newStart: 10,
    newLines: 4,
    section: 'fn()',
    lines: [
      { kind: 'ctx', text: 'a', oldLine: 10, newLine: 10 },
      { kind: 'del', text: 'b', oldLine: 11 },
      { kind: 'add', text: 'B', newLine: 11 },
      { kind: 'add', text: 'C', newLine: 12 },
      { kind: 'ctx', text: 'd', oldLine: 12, newLine: 13 },
    ],
  }

  it('recomputes each piece header so line numbers survive a round trip', () => {
    const pieces = splitHunk(hunk, 40, false)
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.flatMap((p) => p.lines)).toEqual(hunk.lines)
    for (const p of pieces) {
      expect(p.oldLines).toBe(p.lines.filter((l) => l.oldLine !== undefined).length)
      expect(p.newLines).toBe(p.lines.filter((l) => l.newLine !== undefined).length)
      const firstNew = p.lines.find((l) => l.newLine !== undefined)
      if (firstNew) expect(p.newStart).toBe(firstNew.newLine)
    }
  })

  it('anchors a piece with only added lines after the previous old line', () => {
    const pieces = splitHunk(hunk, 36, false)
    const addsOnly = pieces.find((p) => p.lines.every((l) => l.kind === 'add'))
    expect(addsOnly).toBeDefined()
    expect(addsOnly!.oldLines).toBe(0)
    expect(addsOnly!.oldStart).toBe(11)
  })
})

describe('hidden characters', () => {
  it('are shown to reviewers as <U+XXXX> and flagged in the plan warnings', async () => {
    const { planFiles } = await import('../helpers/plan.ts')
    const diff =
      'diff --git a/src/auth.ts b/src/auth.ts\n--- a/src/auth.ts\n+++ b/src/auth.ts\n@@ -1 +1 @@\n-if (isAdmin) {\n+if (isAdmin\u202E /* } \u2066 */) {\u200B\n'
    const plan = planFiles(parseUnifiedDiff(diff), { exclude: [], bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000 })
    expect(plan.bundles[0]!.text).toContain('+if (isAdmin<U+202E> /* } <U+2066> */) {<U+200B>\n')
    expect(plan.bundles[0]!.text).not.toMatch(/[\u202E\u2066\u200B]/)
    expect(plan.warnings).toEqual([
      'src/auth.ts: 3 hidden character(s) (bidi control, zero-width or tag) in the diff, shown to reviewers as <U+XXXX>',
    ])
  })
})

// Issue 30: the boundaries of splitting that Stryker showed no test held.
describe('splitFile at its boundaries', () => {
  /** `n` hunks of one added line each, ten lines apart, all the same size. */
  const fileOf = (n: number): FileDiff => ({
    path: 'src/a.ts',
    oldPath: 'src/a.ts',
    status: 'modified',
    binary: false,
    hunks: Array.from({ length: n }, (_, i) => ({
      oldStart: 10 + i * 10,
      oldLines: 0,
      newStart: 11 + i * 10,
      newLines: 1,
      section: '',
      lines: [{ kind: 'add' as const, text: `line ${i}`, newLine: 11 + i * 10 }],
    })),
  })
  const file = fileOf(4)
  const header = byteLength(formatFileHeader(file))
  const hunkBytes = byteLength(formatHunk(file.hunks[0]!, false))
  const hunksPerPiece = (max: number): number[] => splitFile(file, max, false).map((p) => p.file.hunks.length)

  it('keeps a file that fits exactly whole, and splits it one byte under', () => {
    const whole = byteLength(formatFile(file, false))
    expect(hunksPerPiece(whole)).toEqual([4])
    expect(hunksPerPiece(whole - 1).reduce((a, b) => a + b, 0)).toBe(4)
    expect(hunksPerPiece(whole - 1).length).toBeGreaterThan(1)
  })

  it('fills each piece with whole hunks up to the cap exactly, and no further', () => {
    expect(hunksPerPiece(header + 2 * hunkBytes)).toEqual([2, 2])
    expect(hunksPerPiece(header + 2 * hunkBytes - 1)).toEqual([1, 1, 1, 1])
    expect(hunksPerPiece(header + 3 * hunkBytes)).toEqual([3, 1])
    for (const p of splitFile(file, header + 2 * hunkBytes, false)) expect(p.bytes).toBeLessThanOrEqual(header + 2 * hunkBytes)
  })

  it('cuts a hunk too big for a piece at line boundaries, as few pieces as fit', () => {
    const big: Hunk = {
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: 10,
      section: '',
      lines: Array.from({ length: 10 }, (_, i) => ({ kind: 'add' as const, text: `line ${i}`, newLine: i + 1 })),
    }
    const lineBytes = byteLength(formatLine(big.lines[0]!))
    const allowance = byteLength(formatHunkHeader(big)) + 16
    expect(splitHunk(big, allowance + 5 * lineBytes, false).map((h) => h.lines.length)).toEqual([5, 5])
    expect(splitHunk(big, allowance + 5 * lineBytes - 1, false).map((h) => h.lines.length)).toEqual([4, 4, 2])
    const pieces = splitFile({ ...file, hunks: [big] }, header + allowance + 5 * lineBytes, false)
    expect(pieces.map((p) => p.file.hunks.map((h) => h.lines.length))).toEqual([[5], [5]])
  })

  it('never splits a file without hunks, however small the cap', () => {
    expect(splitFile({ ...file, hunks: [] }, 1, false)).toHaveLength(1)
  })
})

describe('packing and naming bundles', () => {
  const fileOfBytes = (path: string, n: number): FileDiff => ({
    path,
    oldPath: path,
    status: 'modified',
    binary: false,
    hunks: [
      {
        oldStart: 0,
        oldLines: 0,
        newStart: 1,
        newLines: n,
        section: '',
        lines: Array.from({ length: n }, (_, i) => ({ kind: 'add' as const, text: 'x'.repeat(20), newLine: i + 1 })),
      },
    ],
  })

  it('packs the largest files first into as few bundles as fit, then reads each bundle in diff order', () => {
    // Sizes 3, 5, 2, 4 units with room for 7: first-fit decreasing gives {5, 2} and {4, 3}.
    const files = [fileOfBytes('src/c.ts', 3), fileOfBytes('src/e.ts', 5), fileOfBytes('src/b.ts', 2), fileOfBytes('src/d.ts', 4)]
    const unit = (f: FileDiff): number => byteLength(formatFile(f, false))
    const max = unit(files[1]!) + unit(files[2]!) + 5
    const { bundles } = planBundles(files, { maxBytes: max, hardMaxBytes: 10 * max, numbered: false })
    expect(bundles.map((b) => b.paths)).toEqual([
      ['src/c.ts', 'src/d.ts'],
      ['src/e.ts', 'src/b.ts'],
    ])
    expect(bundles.map((b) => [b.part, b.parts])).toEqual([
      [1, 2],
      [2, 2],
    ])
  })

  it('names a bundle after its component in characters safe for a file name, or root', () => {
    const { bundles } = planBundles([fileOfBytes('-weird dir-/a.ts', 1), fileOfBytes('a.ts', 1)], {
      maxBytes: 10_000,
      hardMaxBytes: 10_000,
      numbered: false,
    })
    expect(bundles.map((b) => b.id.replace(/-[0-9a-f]{10}$/, '')).sort()).toEqual(['root.1', 'weird-dir.1'])
  })

  it('skips a file whose one piece is above the hard cap, and keeps one exactly at it', () => {
    const f = fileOfBytes('src/a.ts', 1)
    const size = byteLength(formatFile(f, false))
    expect(planBundles([f], { maxBytes: size, hardMaxBytes: size, numbered: false }).skipped).toEqual([])
    expect(planBundles([f], { maxBytes: size, hardMaxBytes: size - 1, numbered: false }).skipped.map((s) => s.path)).toEqual(['src/a.ts'])
  })
})
