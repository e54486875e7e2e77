// Does a repository's .gitattributes mark a path not to be diffed (`-diff`,
// or the `binary` macro), or keep its content out of git (Git LFS, whose
// pointer GitHub may show as binary)? Read as git reads them (gitattributes(5)):
// patterns as in .gitignore, relative to the file's directory (one without a
// slash matches the name at any depth), later lines and deeper files winning,
// macros defined with [attr] in the top-level file.
import picomatch from 'picomatch'

/** A .gitattributes file: the directory it sits in ('' for the root) and its text. */
export interface AttributesFile {
  readonly dir: string
  readonly text: string
}

const BUILTIN_MACROS: Readonly<Record<string, readonly string[]>> = { binary: ['-diff', '-merge', '-text'] }

/** The `.gitattributes` paths git reads for a path, root first. */
export function attributesFilesFor(path: string): { dir: string; file: string }[] {
  const parts = path.split('/').slice(0, -1)
  return [{ dir: '', file: '.gitattributes' }].concat(
    parts.map((_, i) => {
      const dir = parts.slice(0, i + 1).join('/')
      return { dir, file: `${dir}/.gitattributes` }
    }),
  )
}

/** `diff` is unset for the path (git and GitHub show it as binary whatever its content), or it is stored with Git LFS. */
export function markedBinary(path: string, files: readonly AttributesFile[]): boolean {
  const sorted = [...files].sort((a, b) => depth(a.dir) - depth(b.dir))
  const macros = new Map<string, readonly string[]>(Object.entries(BUILTIN_MACROS))
  let state: 'set' | 'unset' | 'unspecified' = 'unspecified'
  let lfs = false
  for (const file of sorted) {
    for (const { pattern, tokens } of rules(file.text)) {
      if (pattern.startsWith('[attr]')) {
        if (file.dir === '') macros.set(pattern.slice('[attr]'.length), tokens)
        continue
      }
      if (!matches(pattern, file.dir, path)) continue
      for (const token of expand(tokens, macros)) {
        const name = token.replace(/^[-!]/, '').replace(/=.*$/, '')
        if (name === 'diff') state = token.startsWith('-') ? 'unset' : token.startsWith('!') ? 'unspecified' : 'set'
        if (name === 'filter') lfs = token === 'filter=lfs'
      }
    }
  }
  return state === 'unset' || lfs
}

const depth = (dir: string): number => (dir === '' ? 0 : dir.split('/').length)

function rules(text: string): { pattern: string; tokens: string[] }[] {
  return text.split(/\r?\n/).flatMap((raw) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return []
    const quoted = /^"((?:[^"\\]|\\.)*)"\s*(.*)$/.exec(line)
    const [pattern = '', rest = ''] = quoted
      ? [quoted[1]?.replace(/\\(.)/g, '$1'), quoted[2]]
      : [line.split(/\s/, 1)[0], line.replace(/^\S+\s*/, '')]
    return [{ pattern, tokens: rest.split(/\s+/).filter((t) => t !== '') }]
  })
}

function expand(tokens: readonly string[], macros: ReadonlyMap<string, readonly string[]>, level = 0): string[] {
  return tokens.flatMap((t) => {
    const macro = macros.get(t)
    return macro === undefined || level > 4 ? [t] : [t, ...expand(macro, macros, level + 1)]
  })
}

function matches(pattern: string, dir: string, path: string): boolean {
  // Negative patterns are forbidden; a trailing slash matches only directories, never a file.
  if (pattern === '' || pattern.startsWith('!') || pattern.endsWith('/')) return false
  if (dir !== '' && !path.startsWith(`${dir}/`)) return false
  const relative = dir === '' ? path : path.slice(dir.length + 1)
  if (!pattern.includes('/')) return picomatch.isMatch(relative.slice(relative.lastIndexOf('/') + 1), pattern, { dot: true })
  return picomatch.isMatch(relative, pattern.replace(/^\//, ''), { dot: true })
}
