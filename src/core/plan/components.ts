// Path → component: the unit a bundle covers. Explicit rules first, then the
// repository layout; a test file joins the component of the code it tests
// when the diff shows that code.
import picomatch from 'picomatch'

export interface ComponentRule {
  readonly name: string
  readonly globs: readonly string[]
}

// First path segments under which each child directory is its own component.
const MONOREPO_ROOTS = new Set(['packages', 'services', 'crates', 'cmd', 'apps', 'libs', 'modules', 'plugins', 'internal', 'pkg'])

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'testing'])

export function componentOf(path: string): string {
  const parts = path.split('/')
  const [top = '', second = ''] = parts
  if (parts.length >= 3 && MONOREPO_ROOTS.has(top)) return `${top}/${second}`
  return parts.length >= 2 ? top : '(root)'
}

/** `diff.test.ts`, `test_diff.py`, `diff_test.go`, `diff.spec.js` → `diff`; undefined for non-test files. */
export function testedStem(path: string): string | undefined {
  const parts = path.split('/')
  const stem = (parts.at(-1) ?? '').replace(/\.[^.]+$/, '')
  const marked = /^(.+?)(?:[._-](?:test|spec)s?)$/i.exec(stem)?.[1] ?? /^test_(.+)$/i.exec(stem)?.[1]
  if (marked !== undefined) return marked.toLowerCase()
  return parts.slice(0, -1).some((p) => TEST_DIRS.has(p)) ? stem.toLowerCase() : undefined
}

const stemOf = (path: string): string => (path.split('/').at(-1) ?? '').replace(/\.[^.]+$/, '').toLowerCase()

export function assignComponents(paths: readonly string[], rules: readonly ComponentRule[] = []): Map<string, string> {
  const matchers = rules.map((r) => ({ name: r.name, match: picomatch([...r.globs], { dot: true }) }))
  const assigned = new Map<string, string>()
  const explicit = new Set<string>()
  for (const path of paths) {
    const rule = matchers.find((m) => m.match(path))
    if (rule) explicit.add(path)
    assigned.set(path, rule?.name ?? componentOf(path))
  }
  // Code files by stem, to pull their tests in; ambiguous stems are left alone.
  const codeByStem = new Map<string, string | null>()
  for (const path of paths) {
    if (testedStem(path) !== undefined) continue
    const stem = stemOf(path)
    codeByStem.set(stem, codeByStem.has(stem) ? null : path)
  }
  for (const path of paths) {
    const stem = testedStem(path)
    if (stem === undefined || explicit.has(path)) continue
    const component = assigned.get(codeByStem.get(stem) ?? '')
    if (component !== undefined) assigned.set(path, component)
  }
  return assigned
}
