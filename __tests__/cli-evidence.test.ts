// Issue 28: evidence keeps the input byte for byte, --replay never hangs on
// something that is not a file, and Ctrl-C keeps the replies already paid
// for (a real process, a real SIGINT, sent while a call is held open).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { startFakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelAnswer } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { BLOCK, cli, diffOfComponents, KEY, tempDir, tempFile } from './helpers/cli-run.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let models: FakeModels | undefined
const release: (() => void)[] = []
afterEach(async () => {
  release.splice(0).forEach((r) => r())
  await models?.close()
  models = undefined
})

async function blocking(): Promise<string[]> {
  models = await startFakeModels({ 'a/m': () => ({ reply: BLOCK }), 'b/m': () => ({ reply: BLOCK }) })
  return ['--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--base-url', models.baseURL]
}

// A LF→CRLF-only change (the lines differ by their CR alone) and a Latin-1 byte that is not UTF-8.
const BYTES = Buffer.concat([
  Buffer.from('diff --git a/numbers.txt b/numbers.txt\n--- a/numbers.txt\n+++ b/numbers.txt\n@@ -13 +13 @@\n-13\n+13\r\n'),
  Buffer.from('diff --git a/caf.txt b/caf.txt\n--- a/caf.txt\n+++ b/caf.txt\n@@ -1 +1 @@\n-caf'),
  Buffer.from([0xe9]),
  Buffer.from('\n+cafe\n'),
])

describe('evidence input.diff is the input byte for byte', () => {
  it('from a file and from standard input: CR and bytes that are not UTF-8 are kept, and --replay reads it back', async () => {
    const flags = await blocking()
    const dir = tempDir()
    const file = await cli(['review', tempFile('x.diff', BYTES), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    expect(file.code).toBe(1)
    expect(readFileSync(join(dir, 'input.diff')).equals(BYTES)).toBe(true)
    const piped = tempDir()
    await cli(['review', '-', ...flags, '--out', piped], { OPENROUTER_API_KEY: KEY }, { stdin: BYTES })
    expect(readFileSync(join(piped, 'input.diff')).equals(BYTES)).toBe(true)
    const replay = await cli(['review', '--replay', dir, '--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--json'])
    expect(JSON.parse(replay.stdout)).toMatchObject({ convergent: 1 })
  })

  it('from a git range: a change of line endings alone shows in the evidence', async () => {
    const repo = tempDir('clr-repo-')
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.autocrlf=false', ...args], {
        cwd: repo,
        encoding: 'utf8',
      })
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'numbers.txt'), Array.from({ length: 20 }, (_, i) => `${i + 1}\n`).join(''))
    git('add', '.')
    git('commit', '-qm', 'lf')
    writeFileSync(join(repo, 'numbers.txt'), Array.from({ length: 20 }, (_, i) => `${i + 1}${i === 12 ? '\r' : ''}\n`).join(''))
    git('commit', '-qam', 'crlf')
    const flags = await blocking()
    const dir = tempDir()
    await cli(['review', 'HEAD~1..HEAD', ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY }, { cwd: repo })
    expect(readFileSync(join(dir, 'input.diff'), 'latin1')).toContain('\n-13\n+13\r\n')
  })
})

describe('--replay reads files only', () => {
  function evidence(): string {
    const dir = tempDir()
    mkdirSync(join(dir, 'bundles'))
    return dir
  }

  it('a FIFO as input.diff is refused at once with a clear message, not read until a writer comes', async () => {
    const dir = evidence()
    execFileSync('mkfifo', [join(dir, 'input.diff')])
    const run = await cli(['review', '--replay', dir])
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `--replay ${dir}: ${join(dir, 'input.diff')} is a FIFO (named pipe), not a file; --replay needs a directory written by --out.\n`,
    })
  })

  it('a FIFO as a recorded reply does not count and does not hang', async () => {
    const flags = await blocking()
    const dir = tempDir()
    await cli(['review', tempFile('x.diff', BYTES), ...flags, '--out', dir], { OPENROUTER_API_KEY: KEY })
    const [bundle] = readdirSync(join(dir, 'bundles'))
    const reply = join(dir, 'bundles', bundle ?? '', 'a.md')
    rmSync(reply)
    execFileSync('mkfifo', [reply])
    const run = await cli(['review', '--replay', dir, '--reviewers', 'a|a/m', '--reviewers', 'b|b/m'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`✗ a`)
    expect(run.stderr).toContain(`${reply} is a FIFO (named pipe), not a file; not counted`)
  })
})

describe('Ctrl-C keeps the replies already paid for', () => {
  /** The CLI as a process: reviewer a answers at once, b's calls are held open until the test ends. */
  async function interrupted(out: string[]): Promise<{ code: number | null; stderr: string }> {
    let heldCalls = 0
    let check = (): void => undefined
    const held = (): Promise<ModelAnswer> =>
      new Promise((resolve) => {
        release.push(() => resolve({ reply: 'VERDICT: ship' }))
        heldCalls++
        check()
      })
    models = await startFakeModels({ 'a/m': () => ({ reply: BLOCK.replace('numbers.txt:13', 'c0/f.txt:1') }), 'b/m': held })
    const diff = tempFile('two.diff', diffOfComponents(2))
    const args = ['src/cli.ts', 'review', diff, '--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--base-url', models.baseURL, ...out]
    const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', OPENROUTER_API_KEY: KEY } })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      check()
    })
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve))
    // Both of a's replies are in (their progress lines printed) while both of b's calls are still open.
    await new Promise<void>((resolve) => {
      check = () => {
        if (heldCalls === 2 && (stderr.match(/✓ a /g) ?? []).length === 2) resolve()
      }
      check()
    })
    child.kill('SIGINT')
    return { code: await exit, stderr }
  }

  it('with --out: replies written as they arrived, a message saying what was kept and how to replay it, exit 130', async () => {
    const dir = join(tempDir(), 'evidence')
    const run = await interrupted(['--out', dir])
    expect(run.code).toBe(130)
    expect(run.stderr).toContain(
      `Interrupted (SIGINT): 2 of 4 replies had arrived; they are kept in ${dir}. Replay them offline with: cross-lineage-review review --replay ${dir} (the 2 missing count as failed reviews there; review again to ask for them).`,
    )
    expect(run.stderr).not.toContain('Gate:')
    const bundles = readdirSync(join(dir, 'bundles')).sort()
    expect(bundles.map((b) => readdirSync(join(dir, 'bundles', b)).sort())).toEqual([
      ['a.md', 'bundle.diff'],
      ['a.md', 'bundle.diff'],
    ])
    const replay = await cli(['review', '--replay', dir, '--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--json'])
    const json = JSON.parse(replay.stdout) as { calls: { reviewer: string; outcome: string }[]; groups: unknown[] }
    expect(json.calls.filter((c) => c.reviewer === 'a' && c.outcome === 'answered')).toHaveLength(2)
    expect(json.groups).toHaveLength(1) // a's finding is there, single
    expect(replay.code).toBe(1) // b's reviews are missing
  })

  it('without --out: the replies go to a new directory, named in the message', async () => {
    const run = await interrupted([])
    expect(run.code).toBe(130)
    const dir = /kept in (\S+)\. Replay them offline with: cross-lineage-review review --replay \1 /.exec(run.stderr)?.[1]
    expect(dir).toBeDefined()
    expect(existsSync(join(dir ?? '', 'input.diff'))).toBe(true)
    expect(readFileSync(join(dir ?? '', 'input.diff'), 'utf8')).toBe(diffOfComponents(2))
  })
})

describe('Ctrl-C before any call', () => {
  it('says nothing was sent, exits 130, and nothing more is printed', async () => {
    const flags = await blocking()
    const run = await cli(
      ['review', tempFile('x.diff', BYTES), ...flags],
      { OPENROUTER_API_KEY: KEY },
      { interrupted: Promise.resolve('SIGINT') },
    )
    expect(run).toMatchObject({ code: 130, stdout: '', stderr: 'Interrupted (SIGINT) before any model call: nothing was sent.\n' })
  })
})

describe('Ctrl-C with --pr', () => {
  it('completes the check run it started as cancelled, says so, and exits 130', async () => {
    const github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    let interrupt = (_: string): void => undefined
    const interrupted = new Promise<string>((resolve) => (interrupt = resolve))
    const held = (): Promise<ModelAnswer> =>
      new Promise((resolve) => {
        release.push(() => resolve({ reply: 'VERDICT: ship' }))
        interrupt('SIGINT')
      })
    models = await startFakeModels({ 'a/m': held, 'b/m': held })
    try {
      const run = await cli(
        ['review', '--pr', 'octo/widgets#7', '--reviewers', 'a|a/m', '--reviewers', 'b|b/m', '--base-url', models.baseURL],
        {
          GITHUB_TOKEN: 'ghp_clitest000000000000000000000000',
          GITHUB_API_URL: github.url,
          OPENROUTER_API_KEY: KEY,
          RUNNER_TEMP: tempDir(),
        },
        { interrupted },
      )
      expect(run.code).toBe(130)
      expect(run.stderr).toContain(
        "Interrupted (SIGINT): the pull request's review stops; a check run it started is completed as cancelled.",
      )
      expect(github.checkRuns).toMatchObject([{ status: 'completed', conclusion: 'failure', output: { title: 'Review cancelled' } }])
    } finally {
      await github.close()
    }
  })
})
