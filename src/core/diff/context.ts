// Hunks extended to their enclosing function or class, from the head version
// of the file, so reviewers do not call a variable unused when its use sits
// just outside the hunk. Added lines are context, marked `extended`: findings
// on them are listed, and annotated only when they converge.
import { rehunk } from './hunks.ts'
import { formatFile } from './text.ts'
import type { DiffLine, FileDiff, Hunk } from './types.ts'

export interface ContextLimits {
  /** Lines searched above a hunk for the definition that encloses it. */
  readonly maxLinesUp: number
  /** Lines added below a hunk to reach the end of that definition. */
  readonly maxLinesDown: number
}

export const DEFAULT_CONTEXT_LIMITS: ContextLimits = { maxLinesUp: 80, maxLinesDown: 80 }

// A line that opens a function, method, class or similar in common languages.
const DEFINITION =
  /^\s*(?!(?:if|else|for|while|switch|catch|return|do|try|with|elif|except|when|unless|until|foreach|using|lock|synchronized|new|throw|await|yield)\b)(?:export\s+|pub(?:\([^)]*\))?\s+|public\s+|private\s+|protected\s+|internal\s+|static\s+|async\s+|override\s+|default\s+|abstract\s+|final\s+)*(?:function\b|def\s|fn\s|func\s|class\s|interface\s|struct\s|enum\s|impl\b|trait\s|module\s|(?:[\w$<>[\],.?]+\s+)+[\w$]+\s*\([^;]*\)\s*(?:\{|=>|:|throws|$)|(?:const|let|var)\s+[\w$]+\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>)/

const indentOf = (s: string): number => (/^\s*/.exec(s)?.[0] ?? '').replace(/\t/g, '    ').length

/** The file's hunks, each grown to the enclosing definition; overlapping hunks merge. */
export function extendToDefinitions(file: FileDiff, headText: string, limits: ContextLimits = DEFAULT_CONTEXT_LIMITS): FileDiff {
  if (file.status === 'deleted' || file.binary || file.hunks.length === 0) return file
  const head = headText.replace(/\r\n/g, '\n').split('\n')
  const ranges = file.hunks.map((h) => {
    const first = h.lines.find((l) => l.newLine !== undefined && l.kind === 'add')?.newLine ?? h.newStart
    const start = definitionAbove(head, first, h.newStart, limits.maxLinesUp)
    const end = definitionEnd(head, start, h.newStart + h.newLines - 1, limits.maxLinesDown)
    return { start: Math.min(start, h.newStart), end: Math.max(end, h.newStart + h.newLines - 1) }
  })
  // Never grow into a neighbouring hunk: its changed lines must stay changes.
  ranges.forEach((r, i) => {
    const prev = file.hunks[i - 1]
    const next = file.hunks[i + 1]
    if (prev) r.start = Math.max(r.start, prev.newStart + prev.newLines)
    if (next) r.end = Math.min(r.end, next.newStart - 1)
  })
  const hunks: Hunk[] = []
  file.hunks.forEach((h, i) => {
    const range = ranges[i] ?? { start: h.newStart, end: h.newStart + h.newLines - 1 }
    const grown = grow(h, range.start, range.end, head)
    const prev = hunks.at(-1)
    if (prev && grown.newStart <= prev.newStart + prev.newLines) hunks[hunks.length - 1] = merge(prev, grown)
    else hunks.push(grown)
  })
  return { ...file, hunks }
}

/** The nearest definition line above `line` whose indent is not deeper than the changed code. */
function definitionAbove(head: readonly string[], line: number, hunkStart: number, maxUp: number): number {
  const changed = head[line - 1] ?? ''
  const limit = Math.max(1, line - maxUp)
  for (let n = line; n >= limit; n--) {
    const text = head[n - 1] ?? ''
    if (text.trim() !== '' && DEFINITION.test(text) && indentOf(text) <= indentOf(changed)) return n
  }
  return hunkStart
}

/** Where the definition starting at `start` ends: braces balance, or the indent returns. */
function definitionEnd(head: readonly string[], start: number, hunkEnd: number, maxDown: number): number {
  const opener = head[start - 1] ?? ''
  const limit = Math.min(head.length, hunkEnd + maxDown)
  let depth = 0
  let sawBrace = false
  for (let n = start; n <= limit; n++) {
    const text = head[n - 1] ?? ''
    for (const c of text.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
      if (c === '{') {
        depth++
        sawBrace = true
      } else if (c === '}') depth--
    }
    if (sawBrace && depth <= 0 && n >= hunkEnd) return n
    if (!sawBrace && n > start && n > hunkEnd && text.trim() !== '' && indentOf(text) <= indentOf(opener)) {
      let last = n - 1
      while (last > hunkEnd && (head[last - 1] ?? '').trim() === '') last--
      return last
    }
  }
  return Math.max(hunkEnd, Math.min(limit, hunkEnd))
}

function grow(h: Hunk, start: number, end: number, head: readonly string[]): Hunk {
  const offset = h.newStart - h.oldStart // new = old + offset outside the hunk
  const ctx = (n: number): DiffLine => ({ kind: 'ctx', text: head[n - 1] ?? '', oldLine: n - offset, newLine: n, extended: true })
  const lastNew = h.newStart + h.newLines - 1
  const endOffset = lastNew - (h.oldStart + h.oldLines - 1)
  const before = range(start, h.newStart - 1).map(ctx)
  const after = range(lastNew + 1, end).map((n): DiffLine => ({
    kind: 'ctx',
    text: head[n - 1] ?? '',
    oldLine: n - endOffset,
    newLine: n,
    extended: true,
  }))
  return {
    oldStart: h.oldStart - before.length,
    oldLines: h.oldLines + before.length + after.length,
    newStart: h.newStart - before.length,
    newLines: h.newLines + before.length + after.length,
    section: h.section,
    lines: [...before, ...h.lines, ...after],
  }
}

/** Two grown hunks that overlap or touch become one; lines the first already has are not repeated. */
function merge(a: Hunk, b: Hunk): Hunk {
  const lastNew = a.newStart + a.newLines - 1
  const lastOld = a.oldStart + a.oldLines - 1
  const tail = b.lines.filter((l) => (l.newLine === undefined ? (l.oldLine ?? 0) > lastOld : l.newLine > lastNew))
  const lines = [...a.lines, ...tail]
  return {
    oldStart: a.oldStart,
    oldLines: lines.filter((l) => l.oldLine !== undefined).length,
    newStart: a.newStart,
    newLines: lines.filter((l) => l.newLine !== undefined).length,
    section: a.section,
    lines,
  }
}

const range = (from: number, to: number): number[] => (to < from ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i))

/** The extension, unless it would push a file that fitted the bundle cap over it. */
export function extendWithinCap(file: FileDiff, headText: string, capBytes: number, numbered: boolean): FileDiff {
  const extended = extendToDefinitions(file, headText)
  return sizeOf(extended, numbered) > capBytes && sizeOf(file, numbered) <= capBytes ? file : extended
}

const sizeOf = (file: FileDiff, numbered: boolean): number => Buffer.byteLength(formatFile(file, numbered), 'utf8')

/** `context: none`: only the changed lines, each run of them its own hunk (like `git diff -U0`). */
export function withoutContext(file: FileDiff): FileDiff {
  return {
    ...file,
    hunks: file.hunks.flatMap((h) => {
      const runs: DiffLine[][] = []
      let run: DiffLine[] = []
      for (const l of h.lines) {
        if (l.kind !== 'ctx') run.push(l)
        else if (run.length > 0) {
          runs.push(run)
          run = []
        }
      }
      return rehunk(h, [...runs, run])
    }),
  }
}
