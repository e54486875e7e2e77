// What a model endpoint receives and what GitHub makes public (SECURITY.md),
// held against loopback GitHub and model servers: the diff's text and paths,
// the policy's instructions; never files the pull request does not change,
// lines outside its hunks (unless `context: function`), excluded files, the
// pull request's metadata, or the run's keys, even where the diff quotes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeReuse } from '../src/core/reply/reuse.ts'
import { API_KEY, HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'

const BASE_SHA = 'b'.repeat(40)
const GITHUB_TOKEN = 'ghs_loopbacktoken000000000000000000000'
const POLICY = '.github/cross-lineage-review.yml'
const FILE = 'packages/config/src/load.ts'

/** The head version of the changed file: the function the hunk changes, and another one it does not touch. */
const HEAD_FILE = [
  'export function loadConfig(env: NodeJS.ProcessEnv): Config {',
  '  return {',
  '    port: Number(env.PORT ?? 8080),',
  "    logLevel: env.LOG_LEVEL ?? 'info',",
  "    rateLimit: parseInt(env.RATE_LIMIT ?? '600'),",
  '  }',
  '}',
  '',
  'export function untouchedHelper(): string {',
  "  return 'CANARY_UNCHANGED_FUNCTION'",
  '}',
].join('\n')

const CHANGE = [
  `diff --git a/${FILE} b/${FILE}`,
  `--- a/${FILE}`,
  `+++ b/${FILE}`,
  '@@ -4,2 +4,3 @@ export function loadConfig(env: NodeJS.ProcessEnv): Config {',
  "     logLevel: env.LOG_LEVEL ?? 'info',",
  "+    rateLimit: parseInt(env.RATE_LIMIT ?? '600'),",
  '   }',
  // A file the policy excludes, and one whose added line quotes the run's own key and token.
  'diff --git a/docs/internal/plan.md b/docs/internal/plan.md',
  '--- a/docs/internal/plan.md',
  '+++ b/docs/internal/plan.md',
  '@@ -1 +1,2 @@',
  ' # Plan',
  '+CANARY_EXCLUDED_FILE',
  'diff --git a/deploy/env.sh b/deploy/env.sh',
  '--- a/deploy/env.sh',
  '+++ b/deploy/env.sh',
  '@@ -1 +1,3 @@',
  ' set -e',
  `+export OPENROUTER_API_KEY=${API_KEY}`,
  `+export GH_TOKEN=${GITHUB_TOKEN}`,
  '',
].join('\n')

const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  github = await startFakeGitHub('canary-owner', 'canary-repository')
  github.pulls.set(7, {
    number: 7,
    headSha: HEAD_SHA,
    baseSha: BASE_SHA,
    title: 'CANARY_TITLE',
    author: 'canary-author',
    headRef: 'canary-branch',
    diff: CHANGE,
  })
  github.contents.set(`${HEAD_SHA}:${FILE}`, HEAD_FILE)
  github.contents.set(`${HEAD_SHA}:packages/config/src/other.ts`, 'CANARY_UNCHANGED_FILE')
  github.contents.set(`${BASE_SHA}:packages/config/src/other.ts`, 'CANARY_UNCHANGED_FILE')
  github.contents.set(
    `${BASE_SHA}:${POLICY}`,
    'exclude: [docs/internal/**]\nlanguage: German\ninstructions:\n  - paths: [packages/**]\n    text: CANARY_INSTRUCTION for config code.\n',
  )
  models = await startFakeModels({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

const sentToModels = (): string => models.requests.map((r) => r.body).join('\n')
/** Which of these texts some model request carried (a list, so that a failure names them, not the bodies). */
const sent = (...texts: string[]): string[] => texts.filter((t) => sentToModels().includes(t))
/** Files read through the contents API, as path@ref. Configuration is read at the base (the policy file, guidance files); the pull request's files at the head. */
const contentsRead = (): string[] =>
  github.requests
    .filter((r) => r.path.includes('/contents/'))
    .map((r) => `${decodeURIComponent(r.path.replace(/^.*\/contents\//, ''))}@${r.query.get('ref') ?? ''}`)

describe('what a model endpoint receives', () => {
  it("sends the changed lines with the diff's context, the paths and the policy's instructions and language, in the system message", async () => {
    await runAgainst(github, models)
    const calls = models.calls('anthropic/opus')
    const bundle = calls.find((c) => c.messages[1]!.content.includes(`+++ b/${FILE}`))!
    expect(bundle.messages[1]!.content).toContain("rateLimit: parseInt(env.RATE_LIMIT ?? '600')")
    expect(bundle.messages[0]!.content).toContain('CANARY_INSTRUCTION for config code.')
    expect(bundle.messages[0]!.content).toContain('in German')
    expect(bundle.messages[1]!.content).not.toContain('CANARY_INSTRUCTION')
  })

  it("with context: hunk (the default) reads none of the pull request's files and sends no line outside the hunks, nor any file it does not change", async () => {
    await runAgainst(github, models)
    expect(contentsRead()).toContain(`${POLICY}@${BASE_SHA}`)
    expect(contentsRead().filter((read) => read.endsWith(`@${HEAD_SHA}`))).toEqual([])
    expect(sent('port: Number(env.PORT', 'CANARY_UNCHANGED')).toEqual([])
  })

  it('with context: function reads only the changed files at the head, and sends only the enclosing function', async () => {
    await runAgainst(github, models, { inputs: { context: 'function' } })
    expect(
      contentsRead()
        .filter((read) => read.endsWith(`@${HEAD_SHA}`))
        .sort(),
    ).toEqual([`deploy/env.sh@${HEAD_SHA}`, `${FILE}@${HEAD_SHA}`])
    expect(sent('port: Number(env.PORT', 'CANARY_UNCHANGED')).toEqual(['port: Number(env.PORT'])
  })

  it('sends no excluded file, by content or by path', async () => {
    await runAgainst(github, models)
    expect(github.comments[0]!.body).toContain('docs/internal/plan.md: matches exclude')
    expect(sent('CANARY_EXCLUDED_FILE', 'docs/internal')).toEqual([])
  })

  it("sends none of the pull request's metadata: title, author, branch, repository", async () => {
    await runAgainst(github, models)
    expect(sent('CANARY_TITLE', 'canary-author', 'canary-branch', 'canary-owner', 'canary-repository')).toEqual([])
  })

  it("replaces the run's own key and token by [redacted] where the diff quotes them, before any model sees the diff", async () => {
    await runAgainst(github, models)
    expect(sent('export OPENROUTER_API_KEY=[redacted]', 'export GH_TOKEN=[redacted]', API_KEY, GITHUB_TOKEN)).toEqual([
      'export OPENROUTER_API_KEY=[redacted]',
      'export GH_TOKEN=[redacted]',
    ])
  })
})

describe('what becomes public on the pull request', () => {
  it("carries the reviewers' replies in the sticky comment's hidden block, readable by anyone who can read the pull request, keys redacted", async () => {
    const leaky: ModelScript = () => ({ reply: `VERDICT: ship - the key ${API_KEY} is fine` })
    await models.close()
    models = await startFakeModels({ 'anthropic/opus': leaky, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
    await runAgainst(github, models)
    const body = github.comments[0]!.body
    const stored = [...decodeReuse(body).values()]
    expect(stored.map((s) => s.reviewer).sort()).toEqual(['kimi', 'kimi', 'opus', 'opus', 'qwen', 'qwen'])
    expect(stored.find((s) => s.reviewer === 'opus')!.reply).toBe('VERDICT: ship - the key [redacted] is fine')
    expect(stored.map((s) => s.reply).join('\n')).not.toContain(API_KEY)
  })
})
