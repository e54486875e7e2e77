// Is this text a whole unified diff? Checked before anything else, so an
// empty file (a failed `git diff > x.diff`), a binary, prose or a diff cut
// short is refused instead of passing the gate with less than it shows.
import { safeJson } from '../text/json.ts'
import { parseUnifiedDiff } from './parse.ts'
import { diffShapeProblem, type ShapeKind } from './shape.ts'
import type { FileDiff, Hunk } from './types.ts'

export type DiffProblemKind = 'empty' | 'binary' | 'not-a-diff' | 'broken-hunk' | ShapeKind

export type DiffCheck =
  { readonly ok: true; readonly files: FileDiff[] } | { readonly ok: false; readonly kind: DiffProblemKind; readonly problem: string }

// git's own heuristic: a NUL in the first 8000 bytes means binary.
const SNIFF = 8000
const FILE_HEADER = /^diff --git |^--- .*\r?\n\+\+\+ /m

export function readUnifiedDiff(text: string): DiffCheck {
  if (text.trim() === '') return { ok: false, kind: 'empty', problem: 'is empty: there is no change to review' }
  if (text.slice(0, SNIFF).includes('\0')) return { ok: false, kind: 'binary', problem: 'is a binary file, not a diff' }
  const shape = diffShapeProblem(text)
  if (shape) return { ok: false, ...shape }
  const files = FILE_HEADER.test(text) ? parseUnifiedDiff(text) : []
  if (files.length === 0) {
    const first = text.trimStart().split('\n', 1)[0] ?? ''
    const shown = first.length > 60 ? `${first.slice(0, 60)}…` : first
    return {
      ok: false,
      kind: 'not-a-diff',
      problem: `is not a unified diff: no "diff --git" or "---"/"+++" file header (it starts with ${safeJson(shown)})`,
    }
  }
  const broken = files.flatMap((f) => f.hunks.filter(miscounted).map((h) => ({ path: f.path, h })))[0]
  if (broken) {
    const { path, h } = broken
    return {
      ok: false,
      kind: 'broken-hunk',
      problem: `is cut short or edited by hand: in ${path}, the hunk "@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@" does not hold the lines its header counts`,
    }
  }
  const twice = namedTwice(files)
  if (twice !== undefined) {
    return {
      ok: false,
      kind: 'several-patches',
      problem: `names ${twice} twice: it holds several patches one after another (a later one counts its lines from the earlier one's result), not one diff`,
    }
  }
  return { ok: true, files }
}

/** A path changed twice; a type change (file to symlink) is a deletion and an addition of one path, as git writes it. */
function namedTwice(files: readonly FileDiff[]): string | undefined {
  const seen = new Set<string>()
  for (const f of files) {
    const key = `${f.status === 'deleted' ? 'deleted' : 'kept'} ${f.path}`
    if (seen.has(key)) return f.path
    seen.add(key)
  }
  return undefined
}

/**
 * Old or new lines other than the header counts: the text stops inside the
 * hunk, or lines were cut from it (then parse-diff reads the next "@@" header
 * as a line of this hunk). Reviewers would see part of a change, misnumbered.
 */
function miscounted(h: Hunk): boolean {
  const olds = h.lines.filter((l) => l.oldLine !== undefined).length
  const news = h.lines.filter((l) => l.newLine !== undefined).length
  return olds !== h.oldLines || news !== h.newLines
}
