// Finding.where → a Location checked against the diff. A cited line that the
// diff does not show is labelled off-diff (listed, never annotated); a path the
// diff does not contain is unknown. Labels, never drops.
import { extendedLines, newSideLines } from '../diff/hunks.ts'
import type { FileDiff } from '../diff/types.ts'
import type { Where } from '../reply/types.ts'
import type { Location } from './types.ts'

export interface DiffIndex {
  readonly byPath: ReadonlyMap<string, FileDiff>
  /** New-side lines of the diff itself. */
  readonly lines: ReadonlyMap<string, ReadonlySet<number>>
  /** Lines reviewers saw only as enclosing context (`context: function`). */
  readonly context: ReadonlyMap<string, ReadonlySet<number>>
}

export function indexDiff(files: readonly FileDiff[]): DiffIndex {
  return {
    byPath: new Map(files.map((f) => [f.path, f])),
    lines: new Map(files.map((f) => [f.path, newSideLines(f)])),
    context: new Map(files.map((f) => [f.path, extendedLines(f)])),
  }
}

export function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/^\.\//, '')
    .replace(/^[ab]\//, '')
    .replace(/^\/+/, '')
}

/** Exact path, else a unique suffix match (`handler.go` → `services/api/handler.go`). */
export function resolvePath(path: string, index: DiffIndex): string | undefined {
  const p = normalizePath(path)
  if (index.byPath.has(p)) return p
  if (index.byPath.has(path.trim())) return path.trim()
  const matches = [...index.byPath.keys()].filter((k) => k.endsWith(`/${p}`))
  return matches.length === 1 ? matches[0] : undefined
}

export function locate(where: Where | undefined, whereText: string, index: DiffIndex): Location {
  const path = where === undefined ? undefined : resolvePath(where.path, index)
  const file = path === undefined ? undefined : index.byPath.get(path)
  if (where === undefined || path === undefined || file === undefined) {
    return { path: normalizePath(where?.path ?? whereText), label: 'unknown-path' }
  }
  const lines = index.lines.get(path)
  if (file.status === 'deleted') return { path, label: 'file-level' }

  if (where.startLine !== undefined) {
    const end = where.endLine ?? where.startLine
    const shown = clipTo(lines, where.startLine, end)
    if (shown) return { path, ...shown, label: 'in-diff' }
    const context = clipTo(index.context.get(path), where.startLine, end)
    if (context) return { path, ...context, label: 'in-context' }
    return { path, startLine: where.startLine, endLine: end, label: 'off-diff' }
  }
  if (where.symbol !== undefined) {
    const line = findSymbolLine(file, where.symbol)
    if (line !== undefined) return { path, startLine: line, endLine: line, label: 'in-diff' }
  }
  return { path, label: 'file-level' }
}

/**
 * The first and last of `lines` within [start, end]. Walks the range or the
 * set, whichever is smaller: a reply may cite a range of a billion lines, and
 * a file may have thousands of findings of a line or two each.
 */
export function clipTo(
  lines: ReadonlySet<number> | undefined,
  start: number,
  end: number,
): { startLine: number; endLine: number } | undefined {
  if (lines === undefined || end < start) return undefined
  let first = Infinity
  let last = -Infinity
  if (end - start < lines.size) {
    for (let l = start; l <= end; l++) if (lines.has(l)) [first, last] = [Math.min(first, l), l]
  } else {
    for (const l of lines) {
      if (l < start || l > end) continue
      first = Math.min(first, l)
      last = Math.max(last, l)
    }
  }
  return first === Infinity ? undefined : { startLine: first, endLine: last }
}

/** The first added, then context, line naming the symbol; else a hunk whose @@ context names it. */
function findSymbolLine(file: FileDiff, symbol: string): number | undefined {
  const name = symbol
    .split(/::|\.|#/)
    .filter(Boolean)
    .at(-1)
  if (name === undefined || !/^[\w$]+$/.test(name)) return undefined
  const word = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`)
  for (const kind of ['add', 'ctx'] as const) {
    for (const hunk of file.hunks) {
      const hit = hunk.lines.find((l) => l.kind === kind && l.newLine !== undefined && word.test(l.text))
      if (hit) return hit.newLine
    }
  }
  const hunk = file.hunks.find((h) => word.test(h.section))
  return hunk?.lines.find((l) => l.newLine !== undefined)?.newLine
}
