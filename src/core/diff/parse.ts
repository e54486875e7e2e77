// Unified diff → FileDiff[].
// parse-diff does the hunk arithmetic; this module repairs what it gets wrong:
// binary/rename/copy flags, git's quoted octal paths, "\ No newline" markers
// recorded as changes, and CRLF line endings.
import parseDiff from 'parse-diff'
import { decodeParsedPath, DEV_NULL, emptyHeader, headerOf, type SegmentHeader } from './git-header.ts'
import type { DiffLine, FileDiff, FileStatus, Hunk } from './types.ts'

export function parseUnifiedDiff(raw: string): FileDiff[] {
  const text = raw.includes('\r') ? raw.replace(/\r\n/g, '\n') : raw
  return splitFileSegments(text).flatMap(parseSegment)
}

/** Splits at each "diff --git" header; plain `diff -u` output stays one segment. */
function splitFileSegments(text: string): string[] {
  const starts: number[] = []
  const re = /^diff --git /gm
  for (let m = re.exec(text); m !== null; m = re.exec(text)) starts.push(m.index)
  if (starts.length === 0) return text.trim() === '' ? [] : [text]
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length))
}

function parseSegment(segment: string): FileDiff[] {
  const parsed = parseDiff(segment)
  const header = headerOf(segment)
  const [only, ...more] = parsed
  if (only === undefined || more.length > 0 || !segment.startsWith('diff --git ')) {
    return parsed.map((f) => toFileDiff(f, emptyHeader()))
  }
  return [toFileDiff(only, header)]
}

function toFileDiff(f: parseDiff.File, h: SegmentHeader): FileDiff {
  const from = h.renameFrom ?? h.copyFrom ?? decodeParsedPath(f.from) ?? h.gitPaths?.from
  const to = h.renameTo ?? h.copyTo ?? decodeParsedPath(f.to) ?? h.gitPaths?.to
  const deleted = h.deletedFile || f.deleted === true || to === DEV_NULL
  const added = h.newFile || f.new === true || from === DEV_NULL
  const path = (deleted ? from : to) ?? from ?? to ?? ''
  const oldPath = added ? path : (from ?? path)
  const status: FileStatus = added
    ? 'added'
    : deleted
      ? 'deleted'
      : h.copyFrom !== undefined
        ? 'copied'
        : oldPath !== path
          ? 'renamed'
          : 'modified'
  return {
    path,
    oldPath,
    status,
    binary: h.binary,
    ...(h.oldMode !== undefined || f.oldMode !== undefined ? { oldMode: h.oldMode ?? f.oldMode } : {}),
    ...(h.newMode !== undefined || f.newMode !== undefined ? { newMode: h.newMode ?? f.newMode } : {}),
    hunks: f.chunks.map(toHunk),
  }
}

export function toHunk(chunk: parseDiff.Chunk): Hunk {
  const lines: DiffLine[] = []
  for (const change of chunk.changes) {
    if (change.content.startsWith('\\')) {
      // "\ No newline at end of file" belongs to the line before it.
      const prev = lines.pop()
      if (prev) lines.push({ ...prev, noNewline: true })
      continue
    }
    const text = change.content.slice(1)
    if (change.type === 'add') lines.push({ kind: 'add', text, newLine: change.ln })
    else if (change.type === 'del') lines.push({ kind: 'del', text, oldLine: change.ln })
    else lines.push({ kind: 'ctx', text, oldLine: change.ln1, newLine: change.ln2 })
  }
  const section = /^@@[^@]*@@ ?(.*)$/.exec(chunk.content)?.[1] ?? ''
  return {
    oldStart: chunk.oldStart,
    oldLines: chunk.oldLines,
    newStart: chunk.newStart,
    newLines: chunk.newLines,
    section,
    lines,
  }
}
