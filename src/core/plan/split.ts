// A file too large for one bundle → pieces that fit: whole hunks where they
// fit, else a hunk cut at line boundaries with recomputed @@ headers. Each
// piece is a FileDiff of its own, so its text carries the file header.
import { rehunk } from '../diff/hunks.ts'
import { formatFile, formatFileHeader, formatHunk, formatHunkHeader, formatLine, numberWidth } from '../diff/text.ts'
import type { DiffLine, FileDiff, Hunk } from '../diff/types.ts'

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8')

export interface Piece {
  readonly file: FileDiff
  readonly text: string
  readonly bytes: number
}

const piece = (file: FileDiff, numbered: boolean): Piece => {
  const text = formatFile(file, numbered)
  return { file, text, bytes: byteLength(text) }
}

/** The file whole when it fits `maxBytes`, else pieces that each fit (unless a single line does not). */
export function splitFile(file: FileDiff, maxBytes: number, numbered: boolean): Piece[] {
  const whole = piece(file, numbered)
  if (whole.bytes <= maxBytes || file.hunks.length === 0) return [whole]

  const budget = Math.max(1, maxBytes - byteLength(formatFileHeader(file)))
  const groups: Hunk[][] = []
  let current: Hunk[] = []
  let bytes = 0
  for (const hunk of file.hunks) {
    const size = byteLength(formatHunk(hunk, numbered))
    for (const part of size <= budget ? [hunk] : splitHunk(hunk, budget, numbered)) {
      const partBytes = part === hunk ? size : byteLength(formatHunk(part, numbered))
      if (current.length > 0 && bytes + partBytes > budget) {
        groups.push(current)
        current = []
        bytes = 0
      }
      current.push(part)
      bytes += partBytes
    }
  }
  if (current.length > 0) groups.push(current)
  return groups.map((hunks) => piece({ ...file, hunks }, numbered))
}

/** Splits a hunk at line boundaries; each piece's header is recomputed so line numbers stay right. */
export function splitHunk(hunk: Hunk, budget: number, numbered: boolean): Hunk[] {
  const headerAllowance = byteLength(formatHunkHeader(hunk)) + 16
  const width = numbered ? numberWidth(hunk) : 0
  const pieces: DiffLine[][] = []
  let current: DiffLine[] = []
  let bytes = headerAllowance
  for (const line of hunk.lines) {
    const size = byteLength(formatLine(line, width))
    if (current.length > 0 && bytes + size > budget) {
      pieces.push(current)
      current = []
      bytes = headerAllowance
    }
    current.push(line)
    bytes += size
  }
  if (current.length > 0) pieces.push(current)
  return rehunk(hunk, pieces)
}
