// The CLI's exit codes at their boundaries (issue 30): 3 only when no call
// answered or something outside failed, with a message and no stack trace;
// the verdict's 0 or 1 as soon as one call answered; 2 for usage, before any
// model call.
import { afterEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { cli, KEY, tempFile, type CliRun } from './helpers/cli-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { failEvery, READ_FAILURES } from './helpers/github-failures.ts'

const AT = 'services/gateway/src/ratelimit.ts'
const block: ModelScript = (req) => ({
  reply: fencedDiff(req).includes(`+++ b/${AT}`)
    ? `SEVERITY: BLOCK\nWHERE: ${AT}:30\nWHAT: Off by one.\nWHY: < 0.\n\nVERDICT: hold`
    : 'VERDICT: ship - nothing found',
})
const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const unauthorized: ModelScript = () => ({ status: 401, error: { message: 'No auth credentials found', code: 401 } })
const REVIEWERS = 'opus|anthropic/opus\nkimi|moonshotai/kimi\nqwen|qwen/qwen3-coder'
const noStackTrace = (run: CliRun): void => expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+[:(]/m)

let models: FakeModels | undefined
let github: FakeGitHub | undefined
afterEach(async () => {
  await models?.close()
  await github?.close()
  models = github = undefined
})

const diffFile = tempFile('pr.diff', demoDiff())
async function review(script: Record<string, ModelScript>, ...flags: string[]): Promise<CliRun> {
  models = await startFakeModels(script)
  return cli(['review', diffFile, '--reviewers', REVIEWERS, '--base-url', models.baseURL, ...flags], { OPENROUTER_API_KEY: KEY })
}

describe('some calls failed is a verdict; every call failed is exit 3', () => {
  it('one reviewer gets HTTP 401, two agree on a BLOCK: exit 1, the verdict', async () => {
    const run = await review({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': block, 'qwen/qwen3-coder': block })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`BLOCK at ${AT}:30 (convergent: kimi + qwen)`)
    expect(run.stderr).not.toContain('No model call returned a usable answer')
  })

  it('one reviewer gets HTTP 401, two ship: exit 0, the verdict', async () => {
    const run = await review({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/✗ opus .*HTTP 401/)
  })

  it('two of three fail: one answer is still a verdict (exit 1, too few reviews), not "no answer"', async () => {
    const run = await review({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': unauthorized, 'qwen/qwen3-coder': ship })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/1 complete review\(s\), 2 needed \(min-reviewers\)/)
    expect(run.stderr).not.toContain('No model call returned a usable answer')
  })

  it('every reviewer gets HTTP 401: exit 3, no verdict, with the first reason', async () => {
    const run = await review({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': unauthorized, 'qwen/qwen3-coder': unauthorized })
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/No model call returned a usable answer, so there is no verdict \(first reason: HTTP 401 from /)
    noStackTrace(run)
  })
})

describe('--pr: anything unexpected from GitHub is exit 3 with a message, never 1 ("the gate failed")', () => {
  const token = 'ghp_cliexittest0000000000000000000000'
  async function reviewPr(script: Record<string, ModelScript>, prepare: (gh: FakeGitHub) => void = () => undefined): Promise<CliRun> {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    prepare(github)
    models = await startFakeModels(script)
    return cli(['review', '--pr', 'octo/widgets#7', '--dry-run', '--reviewers', REVIEWERS, '--base-url', models.baseURL], {
      GITHUB_TOKEN: token,
      GITHUB_API_URL: github.url,
      OPENROUTER_API_KEY: KEY,
    })
  }

  it('a pull request GitHub does not know (404): exit 3, one message naming it, no stack trace, no model call', async () => {
    const run = await reviewPr({ 'anthropic/opus': block, 'moonshotai/kimi': block, 'qwen/qwen3-coder': block }, (gh) => gh.pulls.clear())
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/^Could not read pull request #7 of octo\/widgets \(HTTP 404 from .+\): check the pull request number/m)
    expect(run.stderr).not.toContain(token)
    noStackTrace(run)
    expect(models!.requests).toEqual([])
  })

  // 403 and 404 only: the CLI retries 5xx and dropped connections with GitHub's spacing (1, 4, 9 s); fail-closed.test.ts runs those.
  it.each(READ_FAILURES.filter((f) => f.status === 403 || f.status === 404))(
    'the diff answering $name: exit 3, the reason, no stack trace, no model call',
    async (failure) => {
      const run = await reviewPr({ 'anthropic/opus': block, 'moonshotai/kimi': block, 'qwen/qwen3-coder': block }, (gh) =>
        failEvery(gh, failure, 'GET', /\/pulls\/7$/, (req) => /\.diff\b/.test(req.headers.accept ?? '')),
      )
      expect(run.code).toBe(3)
      expect(run.stderr).toMatch(/^Could not read the diff of pull request #7 of octo\/widgets \(/m)
      expect(run.stderr).toMatch(failure.said)
      noStackTrace(run)
      expect(models!.requests).toEqual([])
    },
  )

  it('every model call failing is exit 3 with --pr too, as without it', async () => {
    const run = await reviewPr({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': unauthorized, 'qwen/qwen3-coder': unauthorized })
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/No model call returned a usable answer, so there is no verdict \(first reason: HTTP 401 from /)
  })

  it('with --pr, one call failing still gives the verdict', async () => {
    const run = await reviewPr({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': block, 'qwen/qwen3-coder': block })
    expect(run.code).toBe(1)
    const passing = await reviewPr({ 'anthropic/opus': unauthorized, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
    expect(passing.code).toBe(0)
  })
})

describe('usage errors: exit 2 and no model call', () => {
  it.each([
    ['an unknown flag', ['--fail-ob', 'never'], /unknown option '--fail-ob'/],
    ['a bad value', ['--fail-on', 'sometimes'], /--fail-on must be one of/],
    ['a second source', ['--replay', 'examples/demo'], /review takes exactly one of/],
    ['--pr beside a diff', ['--pr', 'octo/widgets#7'], /review takes exactly one of/],
    ['a --pr-only flag without --pr', ['--check-name', 'gate'], /--check-name applies only with --pr/],
    ['--dry-run without --pr', ['--dry-run'], /--dry-run goes with --pr/],
  ])('%s', async (_, flags, says) => {
    const run = await review({ 'anthropic/opus': block, 'moonshotai/kimi': block, 'qwen/qwen3-coder': block }, ...flags)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(says)
    expect(run.stdout).toBe('')
    expect(models!.requests).toEqual([])
    noStackTrace(run)
  })
})
