// Seeded random FileDiffs for property-style tests and the benchmark.
import type { DiffLine, FileDiff, Hunk } from '../../src/core/diff/types.ts'

export function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DIRS = ['services/api', 'services/auth', 'packages/web', 'crates/core', 'src', 'docs', '']

export function randomFile(rand: () => number, index: number, maxHunks: number, maxLinesPerHunk: number): FileDiff {
  const dir = DIRS[Math.floor(rand() * DIRS.length)]!
  const path = `${dir ? `${dir}/` : ''}f${index}.ts`
  const hunks: Hunk[] = []
  let oldLine = 1
  let newLine = 1
  const hunkCount = 1 + Math.floor(rand() * maxHunks)
  for (let h = 0; h < hunkCount; h++) {
    const gap = Math.floor(rand() * 20)
    oldLine += gap
    newLine += gap
    const oldStart = oldLine
    const newStart = newLine
    const lines: DiffLine[] = []
    const n = 1 + Math.floor(rand() * maxLinesPerHunk)
    for (let i = 0; i < n; i++) {
      const r = rand()
      const text = `line ${index}.${h}.${i} ${'x'.repeat(Math.floor(rand() * 80))}`
      if (r < 0.4) lines.push({ kind: 'add', text, newLine: newLine++ })
      else if (r < 0.6) lines.push({ kind: 'del', text, oldLine: oldLine++ })
      else lines.push({ kind: 'ctx', text, oldLine: oldLine++, newLine: newLine++ })
    }
    hunks.push({
      oldStart: lines.some((l) => l.oldLine !== undefined) ? oldStart : oldStart - 1,
      oldLines: lines.filter((l) => l.oldLine !== undefined).length,
      newStart: lines.some((l) => l.newLine !== undefined) ? newStart : newStart - 1,
      newLines: lines.filter((l) => l.newLine !== undefined).length,
      section: '',
      lines,
    })
  }
  return { path, oldPath: path, status: 'modified', binary: false, hunks }
}

export function randomFiles(seed: number, count: number, maxHunks = 6, maxLinesPerHunk = 60): FileDiff[] {
  const rand = prng(seed)
  return Array.from({ length: count }, (_, i) => randomFile(rand, i, maxHunks, maxLinesPerHunk))
}
