// Issue 28: input that is not a plain diff of one state is refused or read
// for what it means, and a change cannot hide its own text from the CLI's
// review (attributes come from the base, in a real git repository).
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fencedDiff, startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { fixturePath } from './helpers/fixtures.ts'
import { cli, KEY, tempDir } from './helpers/cli-run.ts'

let models: FakeModels | undefined
afterEach(async () => {
  await models?.close()
  models = undefined
})

const block = (where: string): string =>
  `SEVERITY: BLOCK\nWHERE: ${where}\nWHAT: Runs what the environment says.\nWHY: eval.\nVERDICT: hold`

/** Two lineages that BLOCK wherever they see `eval(` (at its new-side line), and ship otherwise. */
async function evalSpotters(): Promise<string[]> {
  const answer = (req: Parameters<typeof fencedDiff>[0]): { reply: string } => {
    const found = fencedDiff(req)
      .split(/^(?=diff --git )/m)
      .flatMap((file) => {
        const line = /^\s*(\d+) \+.*eval\(/m.exec(file)?.[1]
        const path = /^\+\+\+ b\/(.*)$/m.exec(file)?.[1]
        return line === undefined || path === undefined ? [] : [block(`${path}:${line}`)]
      })
    return { reply: found.length === 0 ? 'VERDICT: ship' : found.join('\n\n') }
  }
  models = await startFakeModels({ 'a/m': answer, 'b/m': answer })
  return ['--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--base-url', models.baseURL]
}

function repo(): { dir: string; git: (...args: string[]) => string; write: (path: string, text: string | Buffer) => void } {
  const dir = tempDir('clr-forms-')
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    })
  const write = (path: string, text: string | Buffer): void => {
    mkdirSync(join(dir, dirname(path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  git('init', '-q', '-b', 'main')
  write('app.ts', 'export function f() {\n  return 1\n}\n')
  git('add', '.')
  git('commit', '-qm', 'base')
  return { dir, git, write }
}

const EVAL = 'export function f() {\n  return 1\n}\neval(process.env.PAYLOAD)\n'

describe('diff files in another form than one plain diff: exit 2, naming the form and what to give instead', () => {
  it.each([
    ['merge-cc.diff', 'is a combined diff of a merge', "give the merge's first-parent diff instead"],
    ['word-plain.diff', 'is a word diff (git diff --word-diff)', 'give plain `git diff` output (without --word-diff)'],
    ['word-porcelain.diff', 'is a word diff (git diff --word-diff)', 'give plain `git diff` output'],
    ['word-color.diff', 'holds terminal colour codes', 'give `git diff --no-color` output'],
    ['mbox-two-commits.diff', "holds 2 commits' patches one after another", 'give the whole change as one diff'],
  ])('%s', async (fixture, form, instead) => {
    const flags = await evalSpotters()
    const run = await cli(['review', fixturePath(`diffs/${fixture}`), ...flags], { OPENROUTER_API_KEY: KEY })
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr.startsWith(`${fixturePath(`diffs/${fixture}`)} ${form}`)).toBe(true)
    expect(run.stderr).toContain(instead)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(models?.calls()).toEqual([])
  })
})

describe('a merge given as a range', () => {
  it("M^! (a combined diff in git) is reviewed as the merge's first-parent diff: the eval its resolution added is found", async () => {
    const { dir, git, write } = repo()
    git('checkout', '-q', '-b', 'side')
    write('side.ts', 'export const side = 1\n')
    git('add', '.')
    git('commit', '-qm', 'side')
    git('checkout', '-q', 'main')
    write('app.ts', '// main\nexport function f() {\n  return 1\n}\n')
    git('commit', '-qam', 'main')
    git('merge', '-q', '--no-commit', 'side')
    write('app.ts', `// main\n${EVAL}`)
    git('commit', '-qam', 'merge')
    const flags = await evalSpotters()
    const run = await cli(['review', 'HEAD^!', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(run.stderr).toMatch(/^HEAD\^! is a merge: reviewed as its first-parent diff \([0-9a-f]{7}\.\.[0-9a-f]{7}\)/m)
    expect(run.stdout).toContain('BLOCK  app.ts:5  a + b')
    expect(run.code).toBe(1)
    expect(models?.calls().map(fencedDiff).join('')).toContain('side.ts') // what the merge brought in, not only its resolution
  })
})

describe('attributes come from the base, never from the change or the working tree', () => {
  it.each(['*.ts -diff', '*.ts binary', '/app.ts -diff'])(
    'a change adding "%s" to .gitattributes is still reviewed, with its branch checked out',
    async (rule) => {
      const { dir, git, write } = repo()
      git('checkout', '-q', '-b', 'feature')
      write('.gitattributes', `${rule}\n`)
      write('app.ts', EVAL)
      git('add', '.')
      git('commit', '-qm', 'hide app.ts')
      const flags = await evalSpotters()
      const run = await cli(['review', 'main...feature', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
      expect(run.stdout).toContain('BLOCK  app.ts:4  a + b')
      expect(run.code).toBe(1)
    },
  )

  it('a .gitattributes the change adds in a subdirectory, and uncommitted changes against a revision, are reviewed too', async () => {
    const { dir, git, write } = repo()
    write('src/lib.ts', 'export const x = 1\n')
    git('add', '.')
    git('commit', '-qm', 'lib')
    git('checkout', '-q', '-b', 'feature')
    write('src/.gitattributes', '*.ts -diff\n')
    write('src/lib.ts', 'export const x = 1\neval(process.env.PAYLOAD)\n')
    git('add', '.')
    git('commit', '-qm', 'hide src')
    write('.gitattributes', '*.ts -diff\n') // in the working tree only
    write('app.ts', EVAL)
    const flags = await evalSpotters()
    const committed = await cli(['review', 'main..feature', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(committed.stdout).toContain('BLOCK  src/lib.ts:2  a + b')
    const worktree = await cli(['review', 'main', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(worktree.stdout).toContain('BLOCK  src/lib.ts:2  a + b')
    expect(worktree.stdout).toContain('BLOCK  app.ts:4  a + b')
  })

  it("honours the base's own -diff: that file is listed as binary, not reviewed, and does not fail the gate", async () => {
    const { dir, git, write } = repo()
    write('.gitattributes', 'generated.ts -diff\n')
    write('generated.ts', 'export const table = [1]\n')
    git('add', '.')
    git('commit', '-qm', 'generated')
    git('checkout', '-q', '-b', 'feature')
    write('generated.ts', 'export const table = [1, 2]\n')
    write('app.ts', 'export function f() {\n  return 2\n}\n')
    git('commit', '-qam', 'regenerate')
    const flags = await evalSpotters()
    const run = await cli(['review', 'main...feature', ...flags, '--json'], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(run.code).toBe(0)
    const json = JSON.parse(run.stdout) as { skipped: { path: string; reason: string; gap?: string }[] }
    expect(json.skipped).toEqual([{ path: 'generated.ts', reason: 'binary file' }])
  })

  it('no textconv or external diff rewrites the text reviewers see', async () => {
    const { dir, git, write } = repo()
    write('.gitattributes', '*.ts diff=upper\n')
    git('add', '.')
    git('commit', '-qm', 'driver')
    git('config', 'diff.upper.textconv', 'tr a-z A-Z <')
    git('config', 'diff.external', 'false')
    git('checkout', '-q', '-b', 'feature')
    write('app.ts', EVAL)
    git('commit', '-qam', 'eval')
    const flags = await evalSpotters()
    const run = await cli(['review', 'main...feature', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(run.code).toBe(1)
    expect(models?.calls().map(fencedDiff).join('')).toContain('+eval(process.env.PAYLOAD)')
  })

  it('a text file the change makes binary (a NUL byte) is a change no reviewer saw: a gap that fails the gate', async () => {
    const { dir, git, write } = repo()
    git('checkout', '-q', '-b', 'feature')
    write('app.ts', Buffer.concat([Buffer.from('\0'), Buffer.from(EVAL)]))
    write('README.md', 'hello\n')
    git('add', '.')
    git('commit', '-qm', 'nul')
    const flags = await evalSpotters()
    const run = await cli(['review', 'main...feature', ...flags, '--json'], { OPENROUTER_API_KEY: KEY }, { cwd: dir })
    expect(run.code).toBe(1)
    const json = JSON.parse(run.stdout) as { skipped: { path: string; reason: string; gap?: string }[] }
    expect(json.skipped).toEqual([
      {
        path: 'app.ts',
        reason: "shown as binary, so no reviewer saw it, but it was text at the base and the base's .gitattributes does not mark it binary",
        gap: expect.any(String),
      },
    ])
  })
})
