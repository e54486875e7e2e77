// Locations inside a line of prose, for findings written on one line:
// `path:42`, `path:10-12`, `path#L7`, `path (line 42)`, `path, lines 10-12`,
// `path at line 88`, `path:symbol`, a markdown link to a file, or a bare file name.
import type { Where } from './types.ts'

export interface FoundLocation {
  readonly text: string
  readonly where: Where
  /** Where it sits in `FoundLocations.line`. */
  readonly start: number
  readonly end: number
}

export interface FoundLocations {
  /** The line with links to files written as `path:line` and backticks around locations removed. */
  readonly line: string
  /** `line` with code spans and the locations blanked: where to look for anything else. */
  readonly masked: string
  readonly found: readonly FoundLocation[]
}

// Longer lines are not one finding; the cap also bounds regex work on hostile replies.
const LINE_MAX_CHARS = 2000

// A segment may start with a dot (`.github`, `.eslintrc.js`) or underscores (`__tests__`).
const SEGMENT = String.raw`\.?[\w@+~-](?:[\w@.+~-]*[\w@+~-])?`
const PATH = String.raw`(?:\.{1,2}/)?${SEGMENT}(?:/${SEGMENT})*`
const TO = String.raw`(?:\s*[-–]\s*|\s+to\s+)L?`
/** "line" in the languages replies come in: `path, Zeile 141`, `path, ligne 3`. */
export const LINE_WORDS = String.raw`(?:[Ll]ines?|[Zz]eilen?|[Ll]ignes?|[Ll][ií]neas?|[Rr]ighe|[Rr]iga)`
const SPECS = [
  String.raw`:L?(\d+)(?:${TO}(\d+))?(?::\d+)?`,
  String.raw`#L(\d+)(?:-L?(\d+))?`,
  String.raw`\s*\(\s*(?:lines?|L)\s*(\d+)(?:${TO}(\d+))?\s*\)`,
  // `path, line 42`, `path at line 42`, `path L42-L45`
  String.raw`,?\s+(?:at\s+|on\s+)?(?:${LINE_WORDS}\s+|L(?=\d))(\d+)(?:${TO}(\d+))?`,
  // `path 88行目`, `path 第88行`
  String.raw`[\s,，、]*(?:第\s*)?(\d+)\s*(?:[-–~〜]\s*(\d+)\s*)?行目?`,
  // Qodo's `path[R124-127]`, `path[82-93]`: lines in brackets, the R of the new side optional.
  String.raw`\[R?(\d+)(?:-R?(\d+))?\]`,
  // A symbol; Go's `(*Pool).Get` is read as Pool.Get.
  String.raw`::?((?:\(\*?[A-Za-z_$][\w$]*\)\.)?[A-Za-z_$][\w$]*(?:(?:::|\.)[A-Za-z_$][\w$]*)*)(?:\(\))?`,
]
const LOCATION = new RegExp(String.raw`(?<![\w@.+~/-])(${PATH})(?:${SPECS.join('|')})?(?![\w/])`, 'g')
// `line 42 of path`, `lines 10 to 12 in path`: the line before the file.
const LINE_OF = new RegExp(String.raw`(?<![\w-])[Ll]ines?\s+(\d+)(?:${TO}(\d+))?\s+(?:of|in)\s+(${PATH})(?![\w/])`, 'g')
const WHOLE = new RegExp(`^${LOCATION.source}$`)
const PERMALINK = /(?<!\w)https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/blob\/[^\s/]+\/([^\s#?'"<>()[\]]+?)\/?#L(\d+)(?:-L(\d+))?(?![\w-])/g

const CODE_EXT =
  /\.(?:[cm]?[jt]sx?|py|pyi|go|rs|java|kts?|rb|php|cs|c|cc|cpp|h|hpp|m|mm|swift|scala|sh|bash|zsh|ps1|ya?ml|json|toml|ini|cfg|conf|env|md|mdx|rst|txt|sql|html?|css|s[ac]ss|less|vue|svelte|tf|hcl|proto|gradle|xml|lock|graphql|gql|dart|ex|exs|erl|hs|lua|pl|r|jl|zig|nix|cmake|mk|dockerfile)$/i
const FILE_NAMES = /(?:^|\/)(?:Makefile|Dockerfile|Gemfile|Rakefile|Procfile|Jenkinsfile|Vagrantfile|LICENSE|CODEOWNERS)$/

/** A file name worth taking for a location on its own, without a line. */
const isFileName = (path: string): boolean => CODE_EXT.test(path) || FILE_NAMES.test(path)
/** With a line or symbol, a path needs a directory or an extension (not `10:30`, not `localhost:8080`). */
const isPathLike = (path: string): boolean => path.includes('/') || /\.[A-Za-z][\w-]*$/.test(path)

export function findLocations(text: string): FoundLocations {
  const line = text
    .slice(0, LINE_MAX_CHARS)
    .replace(/\[([^\]\n]{0,300})\]\(([^)\s]{0,500})\)/g, (_, label: string, url: string) => linkTarget(label, url))
    // A bare permalink (Claude Code's `https://github.com/o/r/blob/<sha>/path#L72-L74`): its file and lines.
    .replace(PERMALINK, (_, path: string, start: string, end?: string) => `${path}:${start}${end ? `-${end}` : ''}`)
    .replace(/(?<!\w)https?:\/\/\S+/g, (url) => ' '.repeat(url.length))
    .replace(/`([^`\n]{1,300})`/g, (span, inner: string) => (isLocationText(inner) ? inner : span))
    // `lru.go：88`: a full-width colon before a line.
    .replace(/(?<=\w)：(?=L?\d)/g, ':')
  let masked = line.replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length))
  const found: FoundLocation[] = []
  for (const m of masked.matchAll(LINE_OF)) {
    const [, start = '', end, path = ''] = m
    if (!isPathLike(path)) continue
    const startLine = Number(start)
    found.push({
      text: m[0],
      where: { path, startLine, endLine: Math.max(startLine, Number(end ?? start)) },
      start: m.index,
      end: m.index + m[0].length,
    })
  }
  for (const f of found) masked = masked.slice(0, f.start) + ' '.repeat(f.end - f.start) + masked.slice(f.end)
  for (const m of masked.matchAll(LOCATION)) {
    const where = toWhere(m)
    if (!where) continue
    const start = m.index
    found.push({ text: m[0].trim(), where, start, end: start + m[0].length })
  }
  found.sort((a, b) => a.start - b.start)
  for (const f of found) masked = masked.slice(0, f.start) + ' '.repeat(f.end - f.start) + masked.slice(f.end)
  return { line, masked, found }
}

function toWhere(m: RegExpMatchArray): Where | undefined {
  const path = m[1] ?? ''
  const groups = m.slice(2)
  const symbol = groups[12]
  const lineAt = [0, 2, 4, 6, 8, 10].find((i) => groups[i] !== undefined)
  if (lineAt !== undefined) {
    // Brackets follow an index in code too (`items.list[2]`): only a path with a directory takes them.
    if (!isPathLike(path) || (lineAt === 10 && !path.includes('/'))) return undefined
    const startLine = Number(groups[lineAt])
    const end = groups[lineAt + 1]
    return { path, startLine, endLine: end === undefined ? startLine : Math.max(startLine, Number(end)) }
  }
  if (symbol !== undefined) return isFileName(path) ? { path, symbol: symbol.replace(/^\(\*?([^)]*)\)/, '$1') } : undefined
  return isFileName(path) ? { path } : undefined
}

function isLocationText(inner: string): boolean {
  const m = WHOLE.exec(inner.trim())
  return m !== null && toWhere(m) !== undefined
}

/** A link's label when it names the location, else the file (and lines) its URL points at, else the label. */
function linkTarget(label: string, url: string): string {
  const clean = label.replace(/`/g, '').trim()
  const fromLabel = WHOLE.exec(clean)
  const labelWhere = fromLabel ? toWhere(fromLabel) : undefined
  if (labelWhere?.startLine !== undefined || labelWhere?.symbol !== undefined) return clean
  const path = url
    .replace(/^[a-z][\w+.-]*:\/\/[^/]+/i, '')
    .replace(/^\/[^/]+\/[^/]+\/(?:blob|tree)\/[^/]+\//, '')
    .replace(/^\.?\//, '')
    .replace(/\/(?=[?#])/, '') // Qodo's `path/#L13-L18`
  // A files-tab link review.ts resolved to `path:12-15`.
  const resolved = WHOLE.exec(path)
  if (resolved && toWhere(resolved)?.startLine !== undefined) return path
  const anchor = /^([^#?]+)(?:\?[^#]*)?#L(\d+)(?:-L?(\d+))?$/.exec(path)
  if (anchor?.[1] && isPathLike(anchor[1])) return `${anchor[1]}:${anchor[2] ?? ''}${anchor[3] ? `-${anchor[3]}` : ''}`
  if (labelWhere) return clean
  const bare = path.replace(/[?#].*$/, '')
  return isFileName(bare) ? bare : label
}
