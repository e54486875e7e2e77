// Unified diff (or GitHub's files-API entries) → FileDiff[].
// parse-diff does the hunk arithmetic; this module repairs what it gets wrong:
// binary/rename/copy flags, git's quoted octal paths, "\ No newline" markers
// recorded as changes, and CRLF line endings.
import parseDiff from 'parse-diff'
import type { DiffLine, FileDiff, FileStatus, Hunk } from './types.ts'

const DEV_NULL = '/dev/null'

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
  if (parsed.length !== 1 || !segment.startsWith('diff --git ')) {
    return parsed.map((f) => toFileDiff(f, emptyHeader()))
  }
  return [toFileDiff(parsed[0]!, header)]
}

interface SegmentHeader {
  renameFrom?: string
  renameTo?: string
  copyFrom?: string
  copyTo?: string
  binary: boolean
  newFile: boolean
  deletedFile: boolean
  oldMode?: string
  newMode?: string
  gitPaths?: { from: string; to: string }
}

const emptyHeader = (): SegmentHeader => ({ binary: false, newFile: false, deletedFile: false })

/** Reads git's extended header lines (everything before the first hunk). */
function headerOf(segment: string): SegmentHeader {
  const h = emptyHeader()
  const firstHunk = segment.indexOf('\n@@')
  for (const line of (firstHunk < 0 ? segment : segment.slice(0, firstHunk)).split('\n')) {
    const [key, value] = splitHeaderLine(line)
    switch (key) {
      case 'diff --git':
        {
          const paths = splitGitPaths(value)
          if (paths) h.gitPaths = paths
        }
        break
      case 'rename from':
        h.renameFrom = unquotePath(value)
        break
      case 'rename to':
        h.renameTo = unquotePath(value)
        break
      case 'copy from':
        h.copyFrom = unquotePath(value)
        break
      case 'copy to':
        h.copyTo = unquotePath(value)
        break
      case 'new file mode':
        h.newFile = true
        h.newMode = value
        break
      case 'deleted file mode':
        h.deletedFile = true
        h.oldMode = value
        break
      case 'old mode':
        h.oldMode = value
        break
      case 'new mode':
        h.newMode = value
        break
      default:
        if (line.startsWith('Binary files ') || line === 'GIT binary patch') h.binary = true
    }
  }
  return h
}

const HEADER_KEYS = [
  'diff --git',
  'rename from',
  'rename to',
  'copy from',
  'copy to',
  'new file mode',
  'deleted file mode',
  'old mode',
  'new mode',
]

function splitHeaderLine(line: string): [string, string] {
  const key = HEADER_KEYS.find((k) => line.startsWith(`${k} `))
  return key === undefined ? ['', line] : [key, line.slice(key.length + 1)]
}

/** `a/x b/y`, possibly quoted; when unquoted and ambiguous, assumes equal halves. */
function splitGitPaths(value: string): { from: string; to: string } | undefined {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(value)
  if (quoted && (value.startsWith('"') || value.endsWith('"'))) {
    return { from: stripSide(unquotePath(quoted[1]!)), to: stripSide(unquotePath(quoted[2]!)) }
  }
  const half = (value.length - 1) / 2
  if (Number.isInteger(half) && value[half] === ' ' && value.slice(2, half) === value.slice(half + 3)) {
    return { from: value.slice(2, half), to: value.slice(half + 3) }
  }
  const m = /^a\/(.*) b\/(.*)$/.exec(value)
  return m ? { from: m[1]!, to: m[2]! } : undefined
}

const stripSide = (p: string): string => p.replace(/^[ab]\//, '')

/** Decodes git's C-style quoting: "caf\303\251.txt" → café.txt. */
export function unquotePath(value: string): string {
  const trimmed = value.replace(/\t$/, '')
  if (!(trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2)) return trimmed
  return decodeEscapes(trimmed.slice(1, -1))
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  '\\': 92,
  '"': 34,
}

function decodeEscapes(body: string): string {
  const bytes: number[] = []
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'))
      continue
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4))
    if (octal) {
      bytes.push(parseInt(octal[0], 8))
      i += 3
    } else {
      const next = body[i + 1] ?? ''
      bytes.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0))
      i += 1
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** parse-diff keeps git's escapes but drops the quotes; git never leaves a bare backslash. */
function decodeParsedPath(p: string | undefined): string | undefined {
  if (p === undefined || p === DEV_NULL) return p
  return p.includes('\\') ? decodeEscapes(p) : p
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

function toHunk(chunk: parseDiff.Chunk): Hunk {
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

/** One entry of GET /repos/{owner}/{repo}/pulls/{n}/files. */
export interface PullFileEntry {
  readonly filename: string
  readonly previous_filename?: string
  readonly status: string
  readonly additions: number
  readonly deletions: number
  readonly patch?: string
}

const FILES_API_STATUS: Record<string, FileStatus> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'modified',
  unchanged: 'modified',
}

/** Rebuilds FileDiffs from the files API, used when GitHub refuses the whole diff. */
export function fromFilesApi(entries: readonly PullFileEntry[]): FileDiff[] {
  return entries.map((e) => {
    const status = FILES_API_STATUS[e.status] ?? 'modified'
    const hunks =
      e.patch === undefined ? [] : (parseDiff(`--- a/x\n+++ b/x\n${e.patch.replace(/\r\n/g, '\n')}`)[0]?.chunks.map(toHunk) ?? [])
    // GitHub omits the patch of binary files (no line counts) and of text files too large to show.
    const noPatch = e.patch === undefined && !((status === 'renamed' || status === 'copied') && e.additions + e.deletions === 0)
    const lineCounts = e.additions + e.deletions > 0
    return {
      path: e.filename,
      oldPath: e.previous_filename ?? e.filename,
      status,
      binary: noPatch && !lineCounts,
      hunks,
      ...(noPatch && lineCounts
        ? { unreviewable: `GitHub sent no patch for this file (${e.additions + e.deletions} changed lines, too large)` }
        : {}),
    }
  })
}

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
  return runs
    .filter((run) => run.length > 0)
    .map((lines) => {
      const at = anchors.get(lines[0]!)!
      const olds = lines.filter((l) => l.oldLine !== undefined)
      const news = lines.filter((l) => l.newLine !== undefined)
      return {
        oldStart: olds[0]?.oldLine ?? at.nextOld - 1,
        oldLines: olds.length,
        newStart: news[0]?.newLine ?? at.nextNew - 1,
        newLines: news.length,
        section: hunk.section,
        lines: [...lines],
      }
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
