// Hunk arithmetic shared by the stages: cutting a hunk into runs with right
// headers, and the new-side lines a file shows.
import type { DiffLine, FileDiff, Hunk } from './types.ts'

/**
 * Hunks for runs of a hunk's lines, in order, each with a header that keeps
 * line numbers right. Lines left out between runs only move the anchors: a
 * run with no old (or new) lines sits after the line before it, as git writes it.
 */
export function rehunk(hunk: Hunk, runs: readonly (readonly DiffLine[])[]): Hunk[] {
  const anchors = new Map<DiffLine, { nextOld: number; nextNew: number }>()
  let nextOld = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart
  let nextNew = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart
  for (const line of hunk.lines) {
    anchors.set(line, { nextOld, nextNew })
    if (line.oldLine !== undefined) nextOld = line.oldLine + 1
    if (line.newLine !== undefined) nextNew = line.newLine + 1
  }
  return runs.flatMap((lines) => {
    const first = lines[0]
    const at = first && anchors.get(first)
    if (!at) return []
    const olds = lines.filter((l) => l.oldLine !== undefined)
    const news = lines.filter((l) => l.newLine !== undefined)
    return [
      {
        oldStart: olds[0]?.oldLine ?? at.nextOld - 1,
        oldLines: olds.length,
        newStart: news[0]?.newLine ?? at.nextNew - 1,
        newLines: news.length,
        section: hunk.section,
        lines: [...lines],
      },
    ]
  })
}

/** New-side line numbers of the diff itself: added and context lines (not extended context). */
export function newSideLines(file: FileDiff): Set<number> {
  return linesWhere(file, (l) => !l.extended)
}

/** Lines shown to reviewers only as enclosing context (`context: function`). */
export function extendedLines(file: FileDiff): Set<number> {
  return linesWhere(file, (l) => l.extended === true)
}

function linesWhere(file: FileDiff, keep: (l: DiffLine) => boolean): Set<number> {
  const lines = new Set<number>()
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) if (line.newLine !== undefined && keep(line)) lines.add(line.newLine)
  }
  return lines
}
