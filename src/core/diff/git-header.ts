// git's extended header lines (rename, copy, mode, binary) and its C-style
// quoted paths: what parse-diff does not read, or reads wrong.
export const DEV_NULL = '/dev/null'

export interface SegmentHeader {
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

export const emptyHeader = (): SegmentHeader => ({ binary: false, newFile: false, deletedFile: false })

// Header lines whose value is a (possibly quoted) path, and the field each fills.
const PATH_FIELDS = {
  'rename from': 'renameFrom',
  'rename to': 'renameTo',
  'copy from': 'copyFrom',
  'copy to': 'copyTo',
} as const

/** Reads git's extended header lines (everything before the first hunk). */
export function headerOf(segment: string): SegmentHeader {
  const h = emptyHeader()
  const firstHunk = segment.indexOf('\n@@')
  for (const line of (firstHunk < 0 ? segment : segment.slice(0, firstHunk)).split('\n')) {
    const [key, value] = splitHeaderLine(line)
    if (key in PATH_FIELDS) {
      h[PATH_FIELDS[key as keyof typeof PATH_FIELDS]] = unquotePath(value)
      continue
    }
    switch (key) {
      case 'diff --git': {
        const paths = splitGitPaths(value)
        if (paths) h.gitPaths = paths
        break
      }
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

const HEADER_KEYS = ['diff --git', ...Object.keys(PATH_FIELDS), 'new file mode', 'deleted file mode', 'old mode', 'new mode']

function splitHeaderLine(line: string): [string, string] {
  const key = HEADER_KEYS.find((k) => line.startsWith(`${k} `))
  return key === undefined ? ['', line] : [key, line.slice(key.length + 1)]
}

/** `a/x b/y`, possibly quoted; when unquoted and ambiguous, assumes equal halves. */
function splitGitPaths(value: string): { from: string; to: string } | undefined {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(value)
  if (quoted && (value.startsWith('"') || value.endsWith('"'))) {
    return { from: stripSide(unquotePath(quoted[1] ?? '')), to: stripSide(unquotePath(quoted[2] ?? '')) }
  }
  const half = (value.length - 1) / 2
  if (Number.isInteger(half) && value[half] === ' ' && value.slice(2, half) === value.slice(half + 3)) {
    return { from: value.slice(2, half), to: value.slice(half + 3) }
  }
  const m = /^a\/(.*) b\/(.*)$/.exec(value)
  return m ? { from: m[1] ?? '', to: m[2] ?? '' } : undefined
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
    const c = body.charAt(i)
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
export function decodeParsedPath(p: string | undefined): string | undefined {
  if (p === undefined || p === DEV_NULL) return p
  return p.includes('\\') ? decodeEscapes(p) : p
}
