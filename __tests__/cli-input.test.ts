// Issue 14, problems 1–4: whatever is wrong with the input is caught before
// any model call, says what it is in one line, and exits 2.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { fixturePath } from './helpers/fixtures.ts'
import { BLOCK, cli, KEY, tempDir, tempFile } from './helpers/cli-run.ts'

const demoDir = fileURLToPath(new URL('../examples/demo', import.meta.url))
let models: FakeModels | undefined
afterEach(async () => {
  await models?.close()
  models = undefined
})

/** Two reviewers on a loopback endpoint that both flag numbers.txt:13; the flags to use them. */
async function blockingModels(): Promise<string[]> {
  models = await startFakeModels({ 'a/m': () => ({ reply: BLOCK }), 'b/m': () => ({ reply: BLOCK }) })
  return ['--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--base-url', models.baseURL]
}

function gitRepo(): string {
  const dir = tempDir('clr-repo-')
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' })
  git('init', '-q')
  writeFileSync(join(dir, 'numbers.txt'), Array.from({ length: 20 }, (_, i) => `${i + 1}`).join('\n') + '\n')
  git('add', '.')
  git('commit', '-qm', 'one')
  writeFileSync(join(dir, 'numbers.txt'), readFileSync(join(dir, 'numbers.txt'), 'utf8').replace('13\n', '13\nthirteen and a half\n'))
  git('commit', '-qam', 'two')
  return dir
}

describe('1. input that is not a diff is refused before anything else', () => {
  it.each([
    ['an empty file (a failed git diff > x.diff)', 'x.diff', '', 'x.diff is empty: there is no change to review'],
    ['a binary', 'ls', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x0a, 0x2b]), 'ls is a binary file, not a diff'],
    [
      'prose',
      'notes.txt',
      'Dear reviewer,\nplease look at my change.\n',
      'notes.txt is not a unified diff: no "diff --git" or "---"/"+++" file header',
    ],
    [
      'a diff cut short (git diff | head -c N > x.diff)',
      'cut.diff',
      'diff --git a/numbers.txt b/numbers.txt\n--- a/numbers.txt\n+++ b/numbers.txt\n@@ -10,7 +10,8 @@\n 10\n 11\n',
      'cut.diff is cut short or edited by hand: in numbers.txt, the hunk "@@ -10,7 +10,8 @@" does not hold the lines its header counts (git apply would refuse it too)',
    ],
  ])('%s: exit 2, one line saying so, no model call, nothing on stdout', async (_, name, content, message) => {
    const flags = await blockingModels()
    const file = tempFile(name, content)
    const run = await cli(['review', name, ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: join(file, '..') })
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr.startsWith(message)).toBe(true)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(models?.calls()).toEqual([])
  })
})

describe('2. a mistyped file name is not taken for a git range', () => {
  it('outside a repository: one line, exit 2', async () => {
    const cwd = tempDir()
    const run = await cli(['review', 'chnage.diff'], { OPENROUTER_API_KEY: KEY }, { cwd })
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toBe(`chnage.diff: no such file, and not a git range here (${cwd} is not inside a git repository).\n`)
  })

  it("inside a repository: one line with git's reason, exit 2", async () => {
    const run = await cli(['review', 'chnage.diff'], { OPENROUTER_API_KEY: KEY }, { cwd: gitRepo() })
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toBe("chnage.diff: no such file, and not a git range here (git: fatal: bad revision 'chnage.diff').\n")
  })

  it('a directory is named as one', async () => {
    const dir = tempDir()
    const run = await cli(['review', dir], { OPENROUTER_API_KEY: KEY })
    expect(run).toMatchObject({
      code: 2,
      stderr: `${dir} is a directory: give a diff file or a git range (or --replay ${dir} for an evidence directory).\n`,
    })
  })

  it('a range git accepts is still reviewed', async () => {
    const flags = await blockingModels()
    const run = await cli(['review', 'HEAD~1..HEAD', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: gitRepo() })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('BLOCK  numbers.txt:13  a + b')
    expect(models?.calls()).toHaveLength(2)
  })
})

describe('a diff on standard input: review -', () => {
  it('reviews what is piped in, names it standard input, and looks for no git range or policy', async () => {
    const flags = await blockingModels()
    const repo = gitRepo()
    const diff = execFileSync('git', ['diff', 'HEAD~1..HEAD'], { cwd: repo, encoding: 'utf8' })
    // Inside a repository, so "-" taken for a range or a merge base would fail.
    const run = await cli(['review', '-', ...flags], { OPENROUTER_API_KEY: KEY }, { cwd: repo, stdin: diff })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^diff from standard input: 1 file\(s\)/)
    expect(run.stdout).toContain('BLOCK  numbers.txt:13  a + b')
    expect(models?.calls()).toHaveLength(2)
  })

  it('refuses when standard input is a terminal, with the pipe to use', async () => {
    const run = await cli(['review', '-'], { OPENROUTER_API_KEY: KEY })
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'review - reads the diff from standard input, which is a terminal here: pipe one in (git diff main...HEAD | cross-lineage-review review -), or name a diff file or git range.\n',
    })
  })

  it('checks what is piped in like a file: nothing piped is an empty diff', async () => {
    const run = await cli(['review', '-'], { OPENROUTER_API_KEY: KEY }, { stdin: '' })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^standard input is empty: there is no change to review/)
  })
})

describe('3. --out is prepared before the first model call', () => {
  it.each([
    [
      'under a file',
      (file: string) => join(file, 'evidence'),
      (file: string) => `--out ${join(file, 'evidence')}: ${file} is a file, not a directory.`,
    ],
    ['a file', (file: string) => file, (file: string) => `--out ${file}: ${file} is a file, not a directory.`],
    ['empty', () => '', () => '--out was given an empty directory name; name a directory, or leave --out out to keep no evidence.'],
    [
      'under /proc',
      () => '/proc/x',
      () => '--out /proc/x: /proc is on a system filesystem (/proc, /sys, /dev); choose an ordinary directory.',
    ],
  ])('refuses --out %s, naming it, with no model call', async (_, out, message) => {
    const flags = await blockingModels()
    const file = tempFile('taken', 'not a directory')
    const run = await cli(['review', fixturePath('diffs/git-zero-context.diff'), ...flags, '--out', out(file)], { OPENROUTER_API_KEY: KEY })
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `${message(file)}\n` })
    expect(models?.calls()).toEqual([])
  })

  it.skipIf(!existsSync('/dev/shm'))('takes /dev/shm, ordinary memory, though /dev is refused', async () => {
    const flags = await blockingModels()
    const dir = `/dev/shm/clr-evidence-${process.pid}`
    const run = await cli(['review', fixturePath('diffs/git-zero-context.diff'), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    expect(run.code).toBe(1)
    expect(readFileSync(join(dir, 'input.diff'), 'utf8')).toContain('numbers.txt')
    rmSync(dir, { recursive: true })
  })

  it('refuses a directory that holds something other than evidence', async () => {
    const flags = await blockingModels()
    const dir = tempDir()
    writeFileSync(join(dir, 'thesis.tex'), 'precious')
    const run = await cli(['review', fixturePath('diffs/git-zero-context.diff'), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    expect(run.stderr).toBe(`--out ${dir} is not empty and holds no evidence (no input.diff); choose a new or empty directory.\n`)
    expect(models?.calls()).toEqual([])
  })

  it('prepares it with --pr too, before reading the pull request or calling a model', async () => {
    const flags = await blockingModels()
    const file = tempFile('taken', 'not a directory')
    for (const [out, message] of [
      [file, `--out ${file}: ${file} is a file, not a directory.`],
      ['/proc/x', '--out /proc/x: /proc is on a system filesystem (/proc, /sys, /dev); choose an ordinary directory.'],
    ] as const) {
      const run = await cli(['review', '--pr', 'octo/widgets#7', ...flags, '--out', out], {
        OPENROUTER_API_KEY: KEY,
        GITHUB_TOKEN: 'ghp_clitest000000000000000000000000',
        GITHUB_API_URL: 'http://127.0.0.1:9',
      })
      expect(run).toMatchObject({ code: 2, stderr: `${message}\n` })
    }
    expect(models?.calls()).toEqual([])
  })

  it('writes into an earlier evidence directory, replacing its bundles', async () => {
    const flags = await blockingModels()
    const dir = tempDir()
    mkdirSync(join(dir, 'bundles', 'old.1'), { recursive: true })
    writeFileSync(join(dir, 'input.diff'), 'old')
    const run = await cli(['review', fixturePath('diffs/git-zero-context.diff'), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    expect(run.code).toBe(1)
    expect(readFileSync(join(dir, 'input.diff'), 'utf8')).toContain('numbers.txt')
    expect(readFileSync(join(dir, 'tally.json'), 'utf8')).toContain('"convergent": 1')
  })
})

describe('4. --replay never counts a reply recorded for other text', () => {
  it('an edited input.diff makes its replies stale: reported, not counted', async () => {
    const flags = await blockingModels()
    const dir = tempDir()
    const live = await cli(['review', fixturePath('diffs/git-zero-context.diff'), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    expect(live.code).toBe(1)
    writeFileSync(join(dir, 'input.diff'), readFileSync(join(dir, 'input.diff'), 'utf8').replace('+inserted a', '+inserted A'))

    const replay = await cli(['review', '--replay', dir, '--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--json'])
    expect(replay.code).toBe(1)
    const json = JSON.parse(replay.stdout) as { groups: unknown[]; reasons: string[] }
    expect(json.groups).toEqual([])
    expect(json.reasons[0]).toMatch(
      /^bundle root\.1-\w+: 0 complete review\(s\), 2 needed .* a: stale: .*a\.md answers root\.1-\w+, not this text/,
    )
    expect(replay.stderr).toMatch(/✗ a +root\.1-\w+ +0\.0s stale: /)
  })

  it('refuses to write the evidence of a replay over the directory it replays', async () => {
    const dir = join(tempDir(), 'demo')
    cpSync(demoDir, dir, { recursive: true })
    const before = readFileSync(join(dir, 'bundles/services-gateway.1/opus.md'), 'utf8')
    const run = await cli(['review', '--replay', dir, '--bundle-max-bytes', '2000', '--out', dir])
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toBe(
      `--out ${dir} is the directory being replayed: writing there would replace its recorded replies. Choose another.\n`,
    )
    expect(readFileSync(join(dir, 'bundles/services-gateway.1/opus.md'), 'utf8')).toBe(before)
  })

  it('changed bundle settings make the demo replies stale too: the removed bug no longer gates', async () => {
    const dir = join(tempDir(), 'demo')
    cpSync(demoDir, dir, { recursive: true })
    const same = await cli(['review', '--replay', dir, '--json'])
    expect(JSON.parse(same.stdout)).toMatchObject({ convergent: 4 })
    const split = await cli(['review', '--replay', dir, '--bundle-max-bytes', '2000', '--json'])
    const json = JSON.parse(split.stdout) as { convergent: number; calls: { outcome: string; reason?: string }[] }
    expect(json.convergent).toBe(1) // only packages/config's bundle is unchanged
    expect(json.calls.filter((c) => c.reason?.startsWith('stale: '))).toHaveLength(3)
    expect(json.calls.filter((c) => c.reason?.startsWith('no recorded reply'))).toHaveLength(3)
  })
})
