import { describe, expect, it } from 'vitest'
import type { FileDiff } from '../../src/core/diff/types.ts'
import { DEFAULT_EXCLUDE, globProblem, selectFiles } from '../../src/core/plan/select.ts'

const file = (path: string): FileDiff => ({
  path,
  oldPath: path,
  status: 'modified',
  binary: false,
  hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, section: '', lines: [{ kind: 'add', text: 'x', newLine: 1 }] }],
})
const reviewed = (paths: string[], exclude: readonly string[]): string[] =>
  selectFiles(paths.map(file), exclude).reviewable.map((f) => f.path)

describe('selectFiles', () => {
  const paths = ['package-lock.json', 'dist/index.js', 'dist/schema.json', 'docs/guide.md', 'src/a.ts', 'src/b.js']

  it('excludes what any glob matches', () => {
    expect(reviewed(paths, [...DEFAULT_EXCLUDE, 'docs/**'])).toEqual(['src/a.ts', 'src/b.js'])
  })

  it('re-includes what a !glob matches, wherever it stands in the list', () => {
    expect(reviewed(paths, ['!dist/schema.json', ...DEFAULT_EXCLUDE])).toEqual([
      'dist/schema.json',
      'docs/guide.md',
      'src/a.ts',
      'src/b.js',
    ])
  })

  it('treats a list of only !globs as excluding nothing', () => {
    expect(reviewed(paths, ['!src/**'])).toEqual(paths)
  })
})

describe('globProblem', () => {
  it.each([
    ['[[[', 'Missing closing: "]"'],
    ['src/*.{js,ts', 'Missing closing: "}"'],
    ['/src/**', 'paths are relative to the repository root; drop the leading /'],
    ['./src/**', 'paths are relative to the repository root; drop the leading ./'],
    ['!', 'a ! needs a glob after it'],
  ])('%s', (glob, problem) => {
    expect(globProblem(glob)).toContain(problem)
  })

  it('accepts the built-in list and ordinary globs', () => {
    for (const glob of [...DEFAULT_EXCLUDE, 'docs/**', '!dist/schema.json', '*.md', 'src/**/*.{js,ts}'])
      expect(globProblem(glob)).toBeUndefined()
  })
})

// Issue 30: the cases Stryker showed no test held.
describe('the built-in exclude list', () => {
  it.each([
    'web/package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lockb',
    'Cargo.lock',
    'go.sum',
    'poetry.lock',
    'uv.lock',
    'Pipfile.lock',
    'Gemfile.lock',
    'composer.lock',
    'static/app.min.js',
    'static/app.min.css',
    'static/app.js.map',
    'dist/index.js',
    'src/__snapshots__/a.ts',
    'src/a.test.ts.snap',
    'api/v1/api.pb.go',
    'api/v1/api_pb2.py',
    'src/schema.generated.ts',
    'third_party/vendor/lib.go',
  ])('excludes %s', (path) => {
    expect(reviewed([path], DEFAULT_EXCLUDE)).toEqual([])
    expect(selectFiles([file(path)], DEFAULT_EXCLUDE).skipped).toEqual([{ path, reason: 'matches exclude' }])
  })

  it('reviews what only looks like those', () => {
    expect(reviewed(['src/dist/index.ts', 'src/min.js', 'go.summary.md', 'docs/vendor.md'], DEFAULT_EXCLUDE)).toEqual([
      'src/dist/index.ts',
      'src/min.js',
      'go.summary.md',
      'docs/vendor.md',
    ])
  })
})

describe('files with no hunks', () => {
  const bare = (f: Partial<FileDiff> & { path: string }): FileDiff => ({
    oldPath: f.path,
    status: 'modified',
    binary: false,
    hunks: [],
    ...f,
  })

  it('lists a rename or copy without changes, a mode change and an empty file as not reviewed, with the reason', () => {
    const out = selectFiles(
      [
        bare({ path: 'b.ts', oldPath: 'a.ts', status: 'renamed' }),
        bare({ path: 'c2.ts', oldPath: 'c.ts', status: 'copied' }),
        bare({ path: 'run.sh' }),
      ],
      [],
    )
    expect(out.reviewable).toEqual([])
    expect(out.skipped.map((s) => s.path)).toEqual(['b.ts', 'c2.ts', 'run.sh'])
    expect(out.skipped[0]!.reason).toMatch(/^renamed without content changes/)
    expect(out.skipped[1]!.reason).toMatch(/^copied without content changes/)
    expect(out.skipped[2]!.reason).toBe('no content changes')
    expect(out.skipped.every((s) => s.gap === undefined)).toBe(true)
  })

  it('fails the gate for a file GitHub sent no patch for, whatever else it is', () => {
    const out = selectFiles([bare({ path: 'huge.ts', unreviewable: 'GitHub sent no patch (too large)' })], [])
    expect(out.skipped).toEqual([{ path: 'huge.ts', reason: 'GitHub sent no patch (too large)', gap: expect.stringContaining('exclude') }])
  })
})

describe('globProblem and !globs', () => {
  it('accepts a glob with a ! only in front, and says a blank one after ! is empty', () => {
    expect(globProblem('!dist/schema.json')).toBeUndefined()
    expect(globProblem('!  ')).toBe('a ! needs a glob after it')
    expect(globProblem('docs/!important.md')).toBeUndefined()
  })

  it('matches dotfiles with globs and takes them back with !globs', () => {
    expect(reviewed(['.github/workflows/ci.yml', '.env.example'], ['**/*.yml', '.env*', '!.env.example'])).toEqual(['.env.example'])
  })
})
