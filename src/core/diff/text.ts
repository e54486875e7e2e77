// FileDiff → the canonical diff text that reviewers read. Paths are written
// unquoted, exactly as findings must cite them.
import { revealHidden } from '../text/hidden.ts'
import type { DiffLine, FileDiff, Hunk } from './types.ts'

export function formatFileHeader(file: FileDiff): string {
  const lines = [`diff --git a/${file.oldPath} b/${file.path}`]
  if (file.status === 'added') lines.push(`new file mode ${file.newMode ?? '100644'}`)
  if (file.status === 'deleted') lines.push(`deleted file mode ${file.oldMode ?? '100644'}`)
  if (file.status === 'renamed') lines.push(`rename from ${file.oldPath}`, `rename to ${file.path}`)
  if (file.status === 'copied') lines.push(`copy from ${file.oldPath}`, `copy to ${file.path}`)
  if (file.status === 'modified' && file.oldMode !== undefined && file.newMode !== undefined && file.oldMode !== file.newMode) {
    lines.push(`old mode ${file.oldMode}`, `new mode ${file.newMode}`)
  }
  if (file.hunks.length > 0) {
    lines.push(`--- ${file.status === 'added' ? '/dev/null' : `a/${file.oldPath}`}`)
    lines.push(`+++ ${file.status === 'deleted' ? '/dev/null' : `b/${file.path}`}`)
  }
  return revealHidden(lines.join('\n')) + '\n'
}

const MARK = { add: '+', del: '-', ctx: ' ' } as const

/**
 * With `width`, the line carries its new-side number in a column of that
 * width (blank for removed lines), so reviewers cite numbers they can see
 * instead of counting from the @@ header.
 */
export function formatLine(line: DiffLine, width = 0): string {
  return revealHidden(rawLine(line, width))
}

function rawLine(line: DiffLine, width: number): string {
  const column = width === 0 ? '' : `${(line.newLine === undefined ? '' : String(line.newLine)).padStart(width)} `
  const text = `${column}${MARK[line.kind]}${line.text}\n`
  return line.noNewline ? `${text}\\ No newline at end of file\n` : text
}

/** Width of the number column for a hunk: the digits of its last new-side line. */
export function numberWidth(h: Pick<Hunk, 'newStart' | 'newLines'>): number {
  return String(Math.max(1, h.newStart + h.newLines - 1)).length
}

export function formatHunkHeader(h: Pick<Hunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines' | 'section'>): string {
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`)
  const section = h.section === '' ? '' : ` ${revealHidden(h.section)}`
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@${section}\n`
}

export function formatHunk(h: Hunk, numbered: boolean): string {
  const width = numbered ? numberWidth(h) : 0
  return formatHunkHeader(h) + revealHidden(h.lines.map((l) => rawLine(l, width)).join(''))
}

/** A file's whole diff text: header and every hunk. */
export function formatFile(file: FileDiff, numbered: boolean): string {
  return formatFileHeader(file) + file.hunks.map((h) => formatHunk(h, numbered)).join('')
}
