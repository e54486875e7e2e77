// A big pull request against providers that accept only so many calls at once
// (issue 13): a rate limit that says when to come back is not a failure.
// Speed is measured by `npm run bench -- rate-limit`; here only counts.
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { componentsDiff } from './helpers/diffs.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'

const BUNDLES = 30
const ship = (): { reply: string } => ({ reply: 'VERDICT: ship - nothing found' })

let github: FakeGitHub
let models: FakeModels | undefined

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Rename everything', diff: componentsDiff(BUNDLES) })
})

afterEach(async () => {
  await github.close()
  await models?.close()
  models = undefined
})

describe('a big pull request under provider rate limits', () => {
  it('completes every review when one model serves 2 calls at once and the others 6, without hammering', async () => {
    models = await startFakeModels(
      { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship },
      {
        delayMs: 150,
        limits: { 'anthropic/opus': 2, 'moonshotai/kimi': 6, 'qwen/qwen3-coder': 6 },
        refusalHeaders: { 'retry-after-ms': '40' },
      },
    )
    const run = await runAgainst(github, models)

    expect(run.error).toBeUndefined()
    const tally = JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8')) as { calls: { reviewer: string; outcome: string }[] }
    expect(tally.calls.filter((c) => c.outcome !== 'answered')).toEqual([])
    expect(tally.calls).toHaveLength(BUNDLES * 3)
    expect(run.result?.conclusion).toBe('success')
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' })
    expect(models.refusals()).toBeLessThanOrEqual(3 * BUNDLES)
    // The fake's own invariant: no model ever served more than its limit.
    expect(models.calls()).toHaveLength(BUNDLES * 3 + models.refusals())
  })
})
