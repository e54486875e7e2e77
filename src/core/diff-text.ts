// FileDiff → the canonical diff text that reviewers read. Paths are written
// unquoted, exactly as findings must cite them.
import { revealHidden } from './hidden.ts'
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

export function formatLine(line: DiffLine): string {
  const text = `${MARK[line.kind]}${revealHidden(line.text)}\n`
  return line.noNewline ? `${text}\\ No newline at end of file\n` : text
}

export function formatHunkHeader(h: Pick<Hunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines' | 'section'>): string {
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`)
  const section = h.section === '' ? '' : ` ${revealHidden(h.section)}`
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@${section}\n`
}

export function formatHunk(h: Hunk): string {
  return formatHunkHeader(h) + h.lines.map(formatLine).join('')
}
