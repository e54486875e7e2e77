// The policy file in the action, against loopback GitHub and model servers:
// read at the base commit only, so a pull request cannot loosen its own gate.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type ChatRequest, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import type { RecordedRequest } from './helpers/http.ts'
import { createGitHub } from '../src/shell/github/client.ts'
import { settingsAtBase } from '../src/shell/github/policy-file.ts'

const POLICY = '.github/cross-lineage-review.yml'
const BASE_SHA = 'b'.repeat(40)
const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const loneBlock: ModelScript = (req: ChatRequest) => ({
  reply: fencedDiff(req).includes('+++ b/services/gateway/src/ratelimit.ts')
    ? 'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:30\nWHAT: Off by one.\nWHY: The diff shows it.\n\nVERDICT: hold'
    : 'VERDICT: ship - nothing found',
})

/** The pull request also edits the policy file: its own version must not apply to it. */
const loosening = `diff --git a/${POLICY} b/${POLICY}
index 1111111..2222222 100644
--- a/${POLICY}
+++ b/${POLICY}
@@ -1 +1 @@
-fail-on: any-block
+fail-on: never
`

const guide = `diff --git a/docs/guide.md b/docs/guide.md
index 3333333..4444444 100644
--- a/docs/guide.md
+++ b/docs/guide.md
@@ -1 +1,2 @@
 # Guide
+Rate limits apply per client.
`

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: BASE_SHA, title: 'Loosen the gate', diff: demoDiff() + loosening })
  models = await startFakeModels({ 'anthropic/opus': loneBlock, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

const policyReads = (gh: FakeGitHub): RecordedRequest[] =>
  gh.requests.filter((r) => decodeURIComponent(r.path) === `/repos/${gh.owner}/${gh.repo}/contents/${POLICY}`)

describe('the policy file in the action', () => {
  it("applies the base's version while the pull request's head says otherwise, and never reads it at the head", async () => {
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'fail-on: any-block\n')
    github.contents.set(`${HEAD_SHA}:${POLICY}`, 'fail-on: never\n')
    const run = await runAgainst(github, models)

    expect(run.error).toBeUndefined()
    expect(run.result?.conclusion).toBe('failure')
    expect(run.result?.reasons).toEqual([expect.stringMatching(/^BLOCK at services\/gateway\/src\/ratelimit\.ts:30/)])
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(policyReads(github).map((r) => r.query.get('ref'))).toEqual([BASE_SHA])
    expect(github.requests.filter((r) => r.path.includes('/contents/')).every((r) => r.query.get('ref') === BASE_SHA)).toBe(true)
    // The footer says where the policy came from.
    expect(github.comments[0]!.body).toContain(
      '<sub>Policy: .github/cross-lineage-review.yml at base bbbbbbb \\(fail-on\\) · built-in defaults otherwise.</sub>',
    )
  })

  it('lets an input set in the workflow take precedence over the file', async () => {
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'fail-on: any-block\n')
    const run = await runAgainst(github, models, { inputs: { 'fail-on': 'convergent-block' } })
    expect(run.result?.conclusion).toBe('success')
  })

  it('uses the defaults, with no warning, when the base has no file', async () => {
    const run = await runAgainst(github, models)
    expect(run.result?.conclusion).toBe('success') // a lone BLOCK does not fail convergent-block
    expect(policyReads(github).map((r) => r.query.get('ref'))).toEqual([BASE_SHA])
    expect(run.warnings).toEqual([])
  })

  it('with a bad value calls no model, and completes a failing check naming the file, the base and the key', async () => {
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'fail-on: sometimes\n')
    const run = await runAgainst(github, models)

    const message =
      'Key `fail-on` in `.github/cross-lineage-review.yml` at base bbbbbbb must be one of convergent-block | convergent-warn | any-block | never, got "sometimes".'
    expect(run.error?.message).toContain(message)
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns).toHaveLength(1)
    expect(github.checkRuns[0]).toMatchObject({
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Configuration error: no review ran' },
    })
    expect(github.checkRuns[0]!.output.summary).toContain(message)
    expect(github.checkRuns[0]!.output.summary).toContain('fix it on the base branch')
    expect(github.comments).toHaveLength(0)
  })

  it("adds the file's exclude globs to the built-in list: docs/** is excluded and lockfiles stay excluded", async () => {
    github.pulls.get(7)!.diff = demoDiff() + guide
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'exclude: [docs/**]\n')
    const run = await runAgainst(github, models)

    expect(run.result?.conclusion).toBe('success')
    const sent = models.calls().map(fencedDiff).join('\n')
    expect(sent).toContain('+++ b/services/gateway/src/ratelimit.ts')
    expect(sent).not.toContain('docs/guide.md')
    expect(sent).not.toContain('package-lock.json')
    const tally = JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8')) as { skipped: { path: string; reason: string }[] }
    expect(tally.skipped).toEqual(
      expect.arrayContaining([
        { path: 'docs/guide.md', reason: 'matches exclude' },
        { path: 'package-lock.json', reason: 'matches exclude' },
      ]),
    )
  })

  // The second test of `!glob` (the first is selectFiles', on plain values): from the file at the base to what reviewers are sent.
  it('re-includes with a !glob what the built-in list excludes: the lockfile is reviewed, the other exclusions stand', async () => {
    github.pulls.get(7)!.diff = demoDiff() + guide
    github.contents.set(`${BASE_SHA}:${POLICY}`, 'exclude: ["!package-lock.json", docs/**]\n')
    const run = await runAgainst(github, models)

    expect(run.error).toBeUndefined()
    const sent = models.calls().map(fencedDiff).join('\n')
    expect(sent).toContain('+++ b/package-lock.json')
    expect(sent).not.toContain('docs/guide.md')
    const tally = JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8')) as {
      skipped: { path: string; reason: string }[]
      bundles: { files: string[] }[]
    }
    expect(tally.skipped).toEqual([
      { path: 'docs/logo.png', reason: 'matches exclude' },
      { path: 'docs/guide.md', reason: 'matches exclude' },
    ])
    expect(tally.bundles.flatMap((b) => b.files)).toContain('package-lock.json')
  })

  it("sends the file's instructions in the system message of exactly the bundles whose files match, and reports where", async () => {
    github.contents.set(
      `${BASE_SHA}:${POLICY}`,
      [
        'language: German',
        'instructions:',
        '  - paths: [services/**]',
        '    text: Services must wrap every returned error.',
        '  - paths: [apps/**]',
        '    text: Apps log through the shared logger.',
      ].join('\n'),
    )
    const run = await runAgainst(github, models)

    expect(run.result?.conclusion).toBe('success') // fail-on stays the default: a lone BLOCK does not fail
    const calls = models.calls()
    expect(calls).toHaveLength(9) // three bundles, the policy file's own change among them
    for (const call of calls) {
      const [system, user] = call.messages.map((m) => m.content) as [string, string]
      const gateway = fencedDiff(call).includes('+++ b/services/gateway/')
      expect(system.includes('- Services must wrap every returned error.')).toBe(gateway)
      expect(system).not.toContain('Apps log')
      expect(system).toContain('in German')
      expect(user).not.toMatch(/Services must wrap|German/)
    }
    const tally = JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8')) as {
      bundles: { component: string; instructions?: { number: number }[] }[]
    }
    expect(tally.bundles.map((b) => [b.component, b.instructions?.map((i) => i.number)])).toEqual([
      ['.github', undefined],
      ['packages/config', undefined],
      ['services/gateway', [1]],
    ])
    expect(github.comments[0]!.body).toContain('Repository instructions applied (1)')
  })

  it('asks again only the bundles whose instructions changed since the last run', async () => {
    const policy = (text: string): string => `instructions:\n  - paths: [services/**]\n    text: ${text}\n`
    github.contents.set(`${BASE_SHA}:${POLICY}`, policy('Services must wrap every returned error.'))
    await runAgainst(github, models)
    expect(models.calls()).toHaveLength(9) // three bundles (the policy file's own change is one)

    github.contents.set(`${BASE_SHA}:${POLICY}`, policy('Services must log every returned error.'))
    const second = await runAgainst(github, models)
    expect(models.calls()).toHaveLength(12)
    expect(
      models
        .calls()
        .slice(9)
        .every((c) => fencedDiff(c).includes('+++ b/services/gateway/')),
    ).toBe(true)
    expect(second.summary).toContain('6 of 9 reviews reused from the previous run')
  })

  it('reads a merge queue entry’s policy at the merge group’s base_sha', async () => {
    const queueBase = 'c'.repeat(40)
    const queueHead = 'd'.repeat(40)
    github.compares.set(`${queueBase}...${queueHead}`, { diff: demoDiff() })
    github.contents.set(`${queueBase}:${POLICY}`, 'fail-on: any-block\n')
    github.contents.set(`${queueHead}:${POLICY}`, 'fail-on: never\n')
    const event = {
      action: 'checks_requested',
      merge_group: { head_sha: queueHead, base_sha: queueBase, head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${BASE_SHA}` },
    }
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event })
    expect(run.result?.conclusion).toBe('failure')
    expect(policyReads(github).map((r) => r.query.get('ref'))).toEqual([queueBase])
  })

  it('with more YAML aliases than the parser expands calls no model, and completes a failing check naming the file', async () => {
    const aliases = Array.from({ length: 150 }, () => '*s').join(', ')
    github.contents.set(`${BASE_SHA}:${POLICY}`, `x-anchor: &s docs/**\nexclude: [${aliases}]\n`)
    const run = await runAgainst(github, models)
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns).toHaveLength(1)
    expect(github.checkRuns[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Configuration error: no review ran' },
    })
    expect(github.checkRuns[0]!.output.summary).toContain('`.github/cross-lineage-review.yml` at base bbbbbbb is not valid YAML')
    expect(run.error).toBeDefined()
  })

  it('says the policy path is a directory, not that the token lacks a permission', async () => {
    github.contents.set(`${BASE_SHA}:${POLICY}/fail-on.yml`, 'fail-on: never\n')
    await runAgainst(github, models)
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    const summary = github.checkRuns[0]!.output.summary
    expect(summary).toContain('`.github/cross-lineage-review.yml` at base bbbbbbb is a directory')
    expect(summary).not.toContain('contents: read')
  })

  it('settles an unexpected failure while making the settings as a problem, never a rejection', async () => {
    const gh = createGitHub('token', github.url, { throttle: false, retryBaseMs: 1 })
    const broken = (): string => {
      throw new Error('input reader broke')
    }
    const outcome = await settingsAtBase(gh, { owner: github.owner, repo: github.repo }, BASE_SHA, broken, {})
    expect(outcome.settings).toBeUndefined()
    expect(outcome.problems).toEqual([expect.stringContaining('input reader broke')])
  })

  it('does not review under the defaults when the file cannot be read: no model call, a failing check that says why', async () => {
    github.failNext({ method: 'GET', path: /\/contents\/.*cross-lineage-review\.yml/, status: 502, message: 'Bad Gateway', times: 4 }) // 1 try + 3 retries
    const run = await runAgainst(github, models)
    expect(models.requests).toHaveLength(0)
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(github.checkRuns[0]!.output.summary).toContain('Could not read `.github/cross-lineage-review.yml` at base bbbbbbb (HTTP 502)')
    expect(run.error).toBeDefined()
  })
})
