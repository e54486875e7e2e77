// The .gitattributes reading that decides whether a file GitHub shows as
// binary is binary by the base's own policy, held to git's check-attr.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { attributesFilesFor, markedBinary, type AttributesFile } from '../../src/core/diff/attributes.ts'
import { hiddenChange } from '../../src/core/diff/binary.ts'

const FILES: AttributesFile[] = [
  {
    dir: '',
    text: [
      '# generated code is not diffed',
      '[attr]nodiff -diff',
      '*.pb.ts nodiff',
      '*.png binary',
      '/top.ts -diff',
      'docs/**/*.svg -diff',
      'src/keep.svg diff',
      'vendor -diff',
      '*.lock -diff',
      'yarn.lock !diff',
      '"with space.txt" -diff',
    ].join('\n'),
  },
  { dir: 'src', text: '*.gen.ts -diff\nkeep.gen.ts diff\n' },
  { dir: 'src/deep', text: '*.svg -diff\n' },
]

const PATHS = [
  'app.ts',
  'api.pb.ts',
  'src/api.pb.ts',
  'logo.png',
  'a/b/logo.png',
  'top.ts',
  'src/top.ts',
  'docs/x/y.svg',
  'docs/y.svg',
  'src/keep.svg',
  'src/deep/keep.svg',
  'vendor/lib.js',
  'vendor',
  'Cargo.lock',
  'yarn.lock',
  'with space.txt',
  'src/a.gen.ts',
  'src/keep.gen.ts',
  'a.gen.ts',
  '.hidden/x.png',
]

describe('markedBinary', () => {
  it('agrees with git check-attr on every path', () => {
    const repo = mkdtempSync(join(tmpdir(), 'clr-attr-'))
    execFileSync('git', ['init', '-q'], { cwd: repo })
    for (const f of FILES) {
      const path = join(repo, f.dir, '.gitattributes')
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, f.text)
    }
    const out = execFileSync('git', ['check-attr', '-z', 'diff', '--', ...PATHS], { cwd: repo, encoding: 'utf8' }).split('\0')
    const git = new Map<string, boolean>()
    for (let i = 0; i + 2 < out.length; i += 3) git.set(out[i] ?? '', out[i + 2] === 'unset')
    expect(Object.fromEntries(PATHS.map((p) => [p, markedBinary(p, FILES)]))).toEqual(Object.fromEntries(git))
    expect([...git.values()].filter(Boolean).length).toBeGreaterThan(5)
  })

  it('counts a file stored with Git LFS as binary by the base (GitHub may show its pointer so), until a later rule takes it back', () => {
    const lfs = [{ dir: '', text: '*.psd filter=lfs diff=lfs merge=lfs -text\nkeep.psd -filter\n' }]
    expect(markedBinary('art/a.psd', lfs)).toBe(true)
    expect(markedBinary('keep.psd', lfs)).toBe(false)
    expect(markedBinary('a.ts', lfs)).toBe(false)
  })

  it('lists the files git reads for a path, root first', () => {
    expect(attributesFilesFor('a/b/c.ts').map((f) => f.file)).toEqual(['.gitattributes', 'a/.gitattributes', 'a/b/.gitattributes'])
    expect(attributesFilesFor('c.ts')).toEqual([{ dir: '', file: '.gitattributes' }])
  })
})

describe('hiddenChange: a file shown as binary is a gap unless the base says it is binary', () => {
  const shown = { path: 'a.ts', oldPath: 'a.ts', status: 'modified', binary: true, hunks: [] } as const
  it.each([
    ['binary content at the base', { markedByBase: false, binaryContent: true }, undefined],
    ["the base's attributes", { markedByBase: true, binaryContent: false }, undefined],
    ['text at the base', { markedByBase: false, binaryContent: false }, /it was text at the base/],
    ['unread', { markedByBase: false, unread: 'HTTP 500 reading it' }, /could not be checked \(HTTP 500 reading it\)/],
    ['no facts at all', undefined, /could not be checked$/],
  ])('%s', (_, facts, gap) => {
    const reason = hiddenChange(shown, facts)
    if (gap === undefined) expect(reason).toBeUndefined()
    else expect(reason).toMatch(gap)
  })

  it('leaves a file shown as text alone, and says "it is text" of an added one', () => {
    expect(hiddenChange({ ...shown, binary: false }, undefined)).toBeUndefined()
    expect(hiddenChange({ ...shown, status: 'added' }, { markedByBase: false, binaryContent: false })).toMatch(/but it is text and/)
  })
})
