// Issue 14, problems 5–9: the cost guard, repeatable flags, output made for a
// terminal, the CLI's own wording, and the flags that only --pr uses.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { cli, diffOfComponents, KEY, tempDir, tempFile } from './helpers/cli-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { startLoopback } from './helpers/http.ts'
import { demoDiff, fixturePath } from './helpers/fixtures.ts'

const demoDir = fileURLToPath(new URL('../examples/demo', import.meta.url))
const small = fixturePath('diffs/git-zero-context.diff')
const env = { OPENROUTER_API_KEY: KEY }
let models: FakeModels | undefined
let github: FakeGitHub | undefined
afterEach(async () => {
  await models?.close()
  await github?.close()
  models = undefined
  github = undefined
})

/** Reviewers a, b, c on a loopback endpoint that approves everything. */
async function shippingModels(): Promise<string[]> {
  const ship = () => ({ reply: 'VERDICT: ship' })
  models = await startFakeModels({ 'a/m': ship, 'b/m': ship, 'c/m': ship })
  return ['--reviewer', 'a|a/m', '--reviewer', 'b|b/m', '--reviewer', 'c|c/m', '--base-url', models.baseURL]
}

describe('5. the cost guard: the plan first, then nothing above --max-calls without a yes', () => {
  const big = (): string => tempFile('big.diff', diffOfComponents(25)) // 25 bundles × 3 reviewers = 75 calls

  it('off a terminal, refuses without --yes: exit 2, the plan printed, no call made', async () => {
    const flags = await shippingModels()
    const run = await cli(['review', big(), ...flags], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/25 file\(s\), 0 not reviewed → 25 bundle\(s\) × 3 reviewer\(s\) = 75 review\(s\), ≈ [\d.]+k input tokens/)
    expect(run.stderr).toMatch(
      /Stopped before any model call: this review needs 75 model calls \(≈ [\d.]+k input tokens\), more than --max-calls 60\. Pass --yes/,
    )
    expect(run.stdout).toBe('')
    expect(models?.calls()).toEqual([])
  })

  it('on a terminal, asks; "n" sends nothing, "y" makes the calls', async () => {
    const flags = await shippingModels()
    const no = await cli(['review', big(), ...flags], env, { answer: 'n' })
    expect(no.asked).toEqual([expect.stringMatching(/^This review needs 75 model calls .* Make them\? \[y\/N\] $/)])
    expect(no.code).toBe(2)
    expect(models?.calls()).toEqual([])
    const yes = await cli(['review', big(), ...flags], env, { answer: 'y' })
    expect(yes.code).toBe(0)
    expect(models?.calls()).toHaveLength(75)
  })

  it('--yes, or a higher --max-calls, makes the calls without asking', async () => {
    const flags = await shippingModels()
    expect((await cli(['review', big(), ...flags, '--yes'], env)).code).toBe(0)
    const raised = await cli(['review', big(), ...flags, '--max-calls', '75'], env, { answer: 'n' })
    expect(raised).toMatchObject({ code: 0, asked: [] })
    expect(models?.calls()).toHaveLength(150)
  })

  it('guards a pull request the same way (--pr)', async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    const flags = await shippingModels()
    const run = await cli(['review', '--pr', 'octo/widgets#7', '--dry-run', ...flags, '--max-calls', '5'], {
      ...env,
      GITHUB_TOKEN: 'ghp_clitest000000000000000000000000',
      GITHUB_API_URL: github.url,
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Stopped before any model call: this review needs 6 model calls')
    expect(models?.calls()).toEqual([])
    expect(github.writes()).toEqual([])
  })

  it('prints the estimate with the cost when --prices covers every model, without any budget flag', async () => {
    const flags = await shippingModels()
    const run = await cli(['review', small, ...flags, '--prices', 'a/m: 3/15', '--prices', 'b/m: 1/2', '--prices', 'c/m: 1/2'], env)
    expect(run.stderr).toMatch(/= 3 review\(s\), ≈ [\d.]+k input tokens \+ at most 12\.3k output tokens, at most \$0\.\d{4}\n/)
  })
})

describe('6. repeatable flags accumulate; single ones given twice are refused', () => {
  it('--reviewers and --reviewer add up, --exclude and --prices too', async () => {
    const flags = await shippingModels()
    const twoFiles = tempFile('two.diff', diffOfComponents(3))
    const run = await cli(
      [
        'review',
        twoFiles,
        '--reviewers',
        'a|a/m',
        '--reviewer',
        'b|b/m',
        '--base-url',
        flags[7] ?? '',
        '--exclude',
        'c0/**',
        '--exclude',
        'c1/**',
      ],
      env,
    )
    expect(run.code).toBe(0)
    expect(models?.calls('a/m')).toHaveLength(1)
    expect(models?.calls('b/m')).toHaveLength(1)
    expect(run.stdout).toContain('Files not reviewed (2)\n  c0/f.txt: matches exclude\n  c1/f.txt: matches exclude')
    const priced = await cli(['review', small, ...flags, '--prices', 'a/m: 3/15', '--prices', 'b/m: 1/2', '--json'], env)
    const reviewers = (JSON.parse(priced.stdout) as { reviewers: { costUsd?: number }[] }).reviewers
    expect(reviewers.map((r) => r.costUsd !== undefined)).toEqual([true, true, false])
  })

  it('a flag that takes one value, given twice, is an error naming both values', async () => {
    const run = await cli(['review', small, '--fail-on', 'never', '--fail-on', 'any-block'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('error: --fail-on was given 2 times ("never", "any-block"); it takes one value\nRun with --help for usage.\n')
  })
})

describe('7. output made for a terminal', () => {
  it('text by default: no markdown escapes, tables or HTML, and no colour off a TTY', async () => {
    const { code, stdout } = await cli(['demo'])
    expect(code).toBe(0)
    for (const markdown of ['\\(', '\\+', 'RATE\\_LIMIT', '<br>', '**', '|---|', '<details>', '\u001b'])
      expect(stdout).not.toContain(markdown)
    expect(stdout).toContain('opus (WARN): `parseInt` of a malformed RATE_LIMIT yields NaN')
  })

  it('colour on a TTY, unless NO_COLOR is set', async () => {
    expect((await cli(['demo'], {}, { stdoutIsTTY: true })).stdout).toContain('\u001b[31m')
    expect((await cli(['demo'], { NO_COLOR: '1' }, { stdoutIsTTY: true })).stdout).not.toContain('\u001b')
  })

  it('--format markdown is what the action posts; --format json is --json', async () => {
    const md = await cli(['demo', '--format', 'markdown'])
    expect(md.stdout).toContain('**4 convergent / 9 distinct**')
    expect(md.stdout).toContain('RATE\\_LIMIT')
    const json = await cli(['demo', '--format', 'json'])
    expect(json.stdout).toBe((await cli(['demo', '--json'])).stdout)
    expect((await cli(['demo', '--json', '--format', 'text'])).stderr).toMatch(/^error: --json and --format text disagree/)
    const pr = await cli(['review', '--pr', 'octo/widgets#7', '--dry-run', '--json'], { GITHUB_TOKEN: 'x' })
    expect(pr).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--format and --json apply to a diff, range or evidence/) })
  })

  it('reviewer text cannot send escape sequences to the terminal', async () => {
    const reply = 'SEVERITY: BLOCK\nWHERE: numbers.txt:13\nWHAT: \u001b[2J\u001b]0;pwned\u0007cleared\nWHY: x\nVERDICT: hold'
    models = await startFakeModels({ 'a/m': () => ({ reply }), 'b/m': () => ({ reply }) })
    const run = await cli(['review', small, '--reviewers', 'a|a/m\nb|b/m', '--base-url', models.baseURL], env, { stdoutIsTTY: true })
    expect(run.stdout).toContain('cleared')
    for (const sequence of ['\u001b[2J', '\u001b]0', '\u0007']) expect(run.stdout).not.toContain(sequence)
  })

  it('the exit codes are in --help, saying the demo exits 0 whatever its gate', async () => {
    const help = (await cli(['--help'])).stdout
    expect(help).toContain('1  the gate failed (findings, or too few complete reviews); the demo exits 0 whatever its gate')
    expect(help).toContain('3  runtime failure')
  })
})

describe('8. the CLI speaks of flags, shell and URLs', () => {
  it('names flags, not inputs, and negative numbers after a space reach validation', async () => {
    const run = await cli(['review', small, '--reviewers', 'a|a/m\nb|b/m', '--min-reviewers', '3', '--line-window', '-1'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'Invalid configuration:\n- --line-window must be a whole number from 0 to 50, got "-1".\n- --min-reviewers is 3 but only 2 reviewer(s) are configured; lower it or add reviewers.\n',
    )
  })

  it('a bad number alone stops the run before any call (it used to fall back to the default)', async () => {
    const flags = await shippingModels()
    const run = await cli(['review', small, ...flags, '--min-reviewers', '-1'], env)
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: '--min-reviewers must be a whole number from 1 to 20, got "-1".\n' })
    expect(models?.calls()).toEqual([])
  })

  it('--api-key-env takes a variable name, not a key', async () => {
    const run = await cli(['review', small, '--api-key-env', 'sk-or-v1-abc'], env)
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toBe(
      '--api-key-env takes the name of an environment variable (like OPENROUTER_API_KEY); the key itself is never a flag.\n',
    )
  })

  it('a key given as a flag is refused without being echoed', async () => {
    for (const args of [
      ['--api-key=sk-or-v1-typedintoshell0000'],
      ['--api-key', 'sk-or-v1-typedintoshell0000'],
      ['--nope=sk-or-v1-typedintoshell0000'],
    ]) {
      const run = await cli(['review', small, ...args], env)
      expect(run.code).toBe(2)
      expect(run.stderr).not.toContain('typedintoshell')
    }
    expect((await cli(['review', small, '--api-key', 'x'], env)).stderr).toMatch(
      /^error: the key is not a flag .*: export it in OPENROUTER_API_KEY/,
    )
  })

  it('gives shell advice for a reviewer key variable, not YAML', async () => {
    const run = await cli(['review', small, '--reviewer', 'a|a/m|http://models.internal:9/v1|A_KEY', '--reviewer', 'b|b/m'], env)
    expect(run.stderr).toContain(
      'Reviewer "a" reads its key from the environment variable A_KEY, which is empty or unset. Export it before running: export A_KEY=…',
    )
    expect(run.stderr).not.toMatch(/env:|secrets\./)
  })

  it('says how to accept partial reviews with the flag', async () => {
    const flags = await shippingModels()
    const run = await cli(['review', small, ...flags, '--max-tokens-per-run', '1000'], env)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('over budget: bundle root.1-')
    expect(run.stdout).toContain('(--max-tokens-per-run 1000); raise the budget, or pass --over-budget pass to accept partial reviews')
    expect(run.stdout).not.toContain('tally-json')
  })

  it('names the URL when no endpoint answers, and exits 3: no verdict', async () => {
    const closed = await startLoopback(() => undefined)
    await closed.close()
    const run = await cli(['review', small, '--reviewers', 'a|a/m\nb|b/m', '--base-url', `${closed.url}/v1`, '--timeout-seconds', '1'], env)
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(
      `No model call returned a usable answer, so there is no verdict (first reason: connection failed: ${closed.url}/v1: connect ECONNREFUSED`,
    )
  })

  it('refuses reviewers of one lineage before any call, in flags', async () => {
    const run = await cli(['review', small, '--reviewers', 'a|x/m1', '--reviewers', 'b|x/m2'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      '--fail-on is convergent-block, but the reviewers span 1 lineage (x): no finding can be convergent, so no finding could fail the check. Add a reviewer of another lineage, or pass --fail-on any-block.',
    )
  })

  it('refuses an empty --label (the report would name nothing)', async () => {
    const run = await cli(['review', small, '--label', ' '], env)
    expect(run).toMatchObject({ code: 2, stderr: '--label was given an empty name; name the run, or leave --label out.\n' })
  })

  it('names the URL when an endpoint refuses with an HTTP status, too', async () => {
    models = await startFakeModels({ 'a/m': () => ({ status: 401, error: { message: 'No auth credentials found', code: 401 } }) })
    const run = await cli(
      ['review', small, '--reviewers', 'a|a/m\nb|a/m', '--base-url', models.baseURL, '--fail-on', 'any-block', '--min-reviewers', '1'],
      env,
    )
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(`HTTP 401 from ${models.baseURL} (check the API key): 401 No auth credentials found`)
  })

  it('a garbage reply file or a damaged header is ✗ in replay, never ✓ or NaN', async () => {
    const dir = join(tempDir(), 'demo')
    cpSync(demoDir, dir, { recursive: true })
    writeFileSync(join(dir, 'bundles/packages-config.1/opus.md'), 'VERDICT: ship\n')
    const kimi = join(dir, 'bundles/packages-config.1/kimi.md')
    writeFileSync(kimi, readFileSync(kimi, 'utf8').replace(/latency_ms: \d+/, 'latency_ms: soon'))
    const run = await cli(['review', '--replay', dir])
    expect(run.stderr).toMatch(
      /✗ opus +packages-config\.1-\w+ +0\.0s not a recorded reply: \S+\/bundles\/packages-config\.1\/opus\.md has no <!-- … --> header/,
    )
    expect(run.stderr).toMatch(
      /✗ kimi +packages-config\.1-\w+ +0\.0s recorded reply \S+\/bundles\/packages-config\.1\/kimi\.md has a damaged header: latency_ms is "soon", not a number/,
    )
    expect(run.stderr).not.toContain('NaN')
  })
})

describe('9. flags for every input, the --pr-only ones refused without --pr', () => {
  it('--check-name, --force-full-review and --on-missing-key say they need --pr', async () => {
    const run = await cli(['review', small, '--check-name', 'gate', '--force-full-review'], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^--force-full-review, --check-name apply only with --pr/)
    const help = (await cli(['--help'])).stdout
    expect(help).toMatch(/With --pr only:\n {2}--on-missing-key fail\|skip .*\n {2}--\[no-\]force-full-review .*\n {2}--check-name NAME /)
    // A description's first sentence does not end at "e.g.".
    expect(help).toMatch(
      /--language LANGUAGE +Language of the findings' text \(WHAT, WHY and the verdict's words\), e\.g\. German or pt-BR\n/,
    )
  })

  it("with --pr, --on-missing-key skip without a key skips in the CLI's words, asking GitHub nothing", async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    const run = await cli(['review', '--pr', 'octo/widgets#7', '--on-missing-key', 'skip', '--check-name', 'gate'], {
      GITHUB_TOKEN: 'ghp_clitest000000000000000000000000',
      GITHUB_API_URL: github.url,
    })
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^The environment variable OPENROUTER_API_KEY is empty/)
    expect(run.stderr).toContain('--on-missing-key skip: nothing was reviewed, and nothing was posted on octo/widgets#7.')
    expect(run.stderr).not.toMatch(/Input `|secrets\./)
    expect(github.requests).toEqual([])
  })

  it('with --pr and a key they reach the action: --check-name names the check', async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    models = await startFakeModels({ 'a/m': () => ({ reply: 'VERDICT: ship' }), 'b/m': () => ({ reply: 'VERDICT: ship' }) })
    const out = mkdtempSync(join(tmpdir(), 'clr-pr-'))
    const flags = ['--reviewers', 'a|a/m\nb|b/m', '--base-url', models.baseURL, '--check-name', 'gate', '--out', out]
    const run = await cli(['review', '--pr', 'octo/widgets#7', ...flags], {
      GITHUB_TOKEN: 'ghp_clitest000000000000000000000000',
      GITHUB_API_URL: github.url,
      OPENROUTER_API_KEY: KEY,
    })
    expect(run.code).toBe(0)
    expect(github.checkRuns.map((c) => [c.name, c.conclusion])).toEqual([['gate', 'success']])
    expect(readdirSync(out)).toEqual(['cross-lineage-review-tally.json'])
  })
})

describe('progress on stderr while the reviews run', () => {
  /** Reviewer b fails on every bundle: its reply is cut off. */
  async function oneFailing(): Promise<string[]> {
    const ship = () => ({ reply: 'VERDICT: ship' })
    models = await startFakeModels({ 'a/m': ship, 'b/m': () => ({ reply: 'SEVERITY: WARN', finishReason: 'length' }), 'c/m': ship })
    return ['--reviewer', 'a|a/m', '--reviewer', 'b|b/m', '--reviewer', 'c|c/m', '--base-url', models.baseURL]
  }
  const diff = (): string => tempFile('two.diff', diffOfComponents(2))

  it('off a terminal: a plain line per review with the count so far', async () => {
    const run = await cli(['review', diff(), ...(await oneFailing())], env)
    const lines = run.stderr.split('\n').filter((l) => /^ {2}[✓✗] /.test(l))
    expect(lines).toHaveLength(6)
    expect(lines.map((l) => / · (\d)\/6 done/.exec(l)?.[1])).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(lines.filter((l) => l.startsWith('  ✗ b ')).every((l) => l.includes('reply cut off at max-tokens'))).toBe(true)
    expect(run.stderr).not.toContain('\r')
  })

  it('on a terminal: one status line rewritten in place, failures printed above it, cleared before the report', async () => {
    const run = await cli(['review', diff(), ...(await oneFailing())], env, { stderrColumns: 60 })
    // The status line is drawn in place (erased, then rewritten), never wider than the terminal.
    const drawn = run.stderr
      .split('\r\u001B[2K')
      .filter((s) => s.startsWith('reviews '))
      .map((s) => s.split('\n')[0] ?? '')
    expect(drawn[0]).toMatch(/^reviews 0\/6 \(a 0\/2, b 0\/2, c 0\/2\) · 0 convergent so far$/)
    expect(drawn.every((s) => s.length <= 59)).toBe(true)
    // Only the failures get a line of their own, the status line drawn again under each; the successes are counted in it.
    const erase = '\r\u001B\\[2K'
    expect(run.stderr.match(new RegExp(` {2}✗ b .*reply cut off at max-tokens.*\\n${erase}reviews \\d/6 `, 'g'))).toHaveLength(2)
    expect(run.stderr).not.toContain('  ✓ ')
    // Every review in: the line is erased and replaced by how long they took, before the report.
    expect(run.stderr).toMatch(new RegExp(`${erase} {2}6 review\\(s\\) in \\d+ s\\n$`))
    expect(run.stdout).toMatch(/^(PASS|FAIL) {2}Cross-lineage review/)
  })
})
