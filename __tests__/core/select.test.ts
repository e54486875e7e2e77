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
