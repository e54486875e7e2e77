// The history replay benchmark (scripts/bench-history.ts) on a throwaway
// repository whose commits touch the paths reply parsers get wrong: a test
// directory, dot paths, a `_` prefix, a space. Every agreement of two lineages
// must come out as a convergent BLOCK at its path and line.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { benchHistory, describeTarget, SHAPES, type HistoryBench } from '../scripts/bench-history.ts'

const PATHS = ['__tests__/x.test.ts', '.github/workflows/ci.yml', '_config.yml', 'docs/user guide.md', 'site/config.yml', 'src/app.ts']

let dir: string
// One run with the pairs rotating as on a real history, then one per shape paired with the next: every path meets every shape.
let results: HistoryBench[]

function commit(files: Record<string, string>, message: string): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      stdio: 'ignore',
    })
  }
  git('add', '--all')
  git('commit', '--quiet', '-m', message)
}

const lines = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'history-replay-'))
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir })
  commit(
    {
      '__tests__/x.test.ts': lines('expect(run()).toBe', 6),
      '.github/workflows/ci.yml': lines('# step', 6),
      '_config.yml': lines('key:', 6),
      'docs/user guide.md': lines('Step', 6),
      'site/config.yml': lines('site:', 6),
      'src/app.ts': lines('export const value =', 6),
    },
    'first',
  )
  commit({ 'src/app.ts': lines('export const changed =', 8), '_config.yml': lines('other:', 4) }, 'second')
  commit({ '__tests__/x.test.ts': lines('it("runs") //', 3), 'docs/user guide.md': lines('Read', 9) }, 'third')
  const pairs = SHAPES.map((s, i) => [s, SHAPES[(i + 1) % SHAPES.length] ?? s] as const)
  results = [await benchHistory({ cwd: dir }), ...(await Promise.all(pairs.map((shapes) => benchHistory({ cwd: dir, shapes }))))]
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('history replay', () => {
  it('walks every commit and targets every path the commits touch, in every shape', () => {
    for (const r of results) {
      expect(r.commits).toBe(3)
      expect(new Set(r.targets.map((t) => t.path))).toEqual(new Set(PATHS))
    }
    expect(new Set(results.flatMap((r) => r.targets.flatMap((t) => t.shapes)))).toEqual(new Set(SHAPES))
  })

  it('finds every convergent BLOCK the replies agree on, and none elsewhere', () => {
    const expected = results.reduce((n, r) => n + r.targets.length, 0)
    const found = expected - results.reduce((n, r) => n + r.missed.length, 0)
    const misses = results.flatMap((r) => r.replyMisses.map((m) => `${describeTarget(m.target)} in ${m.shape}: read as ${m.read}`))
    const spurious = results.flatMap((r) => r.spurious)
    expect(
      { found, spurious },
      `${expected - found} of ${expected} missed; replies not read at their target:\n${misses.join('\n')}`,
    ).toEqual({
      found: expected,
      spurious: [],
    })
  })
})
