// Benchmarks against loopback endpoints: figures only, no assertion.
// 0. Fan-out: 3 bundles × 3 reviewers, each call answered after 2 s. Parallel
//    calls should finish near 2 s, not 18 s.
// 1. Rate limits: the action on 30 bundles × 3 reviewers; one model serves 2
//    calls at once, the others 6; beyond that HTTP 429 with retry-after-ms
//    400; each accepted call takes 1.5 s. The floor is the slowest
//    provider's: ceil(30/2) × 1.5 s.
// 2. Fixed overhead on a one-bundle pull request: action start → check
//    completed, minus the slowest model call, with the real write throttling
//    (GitHub wants writes ≥ 1 s apart) against the loopback GitHub.
// 3. The wait before the first model call: a one-file pull request against a
//    3,000-file one whose diff GitHub refuses (HTTP 406, read from the files
//    API, 100 files a page), in the same run, alternating.
import { readReviewSettings } from '../src/config/settings.ts'
import { ACTION_NAMING, readInputs, type InputName } from '../src/config/spec.ts'
import type { Bundle } from '../src/core/plan/types.ts'
import { reviewAll } from '../src/shell/fanout.ts'
import { createModelClient } from '../src/shell/models.ts'
import { readFileSync } from 'node:fs'
import { HEAD_SHA, runAgainst } from '../__tests__/helpers/action-run.ts'
import { componentsDiff } from '../__tests__/helpers/diffs.ts'
import { startFakeGitHub, type FakeFile } from '../__tests__/helpers/fake-github.ts'
import { startFakeModels } from '../__tests__/helpers/fake-models.ts'
import { runnerEnv, runnerFiles, startAction } from '../__tests__/helpers/runner-process.ts'

const MODELS = ['a/opus', 'b/kimi', 'c/qwen']
const ship = (): { reply: string } => ({ reply: 'VERDICT: ship' })

function settingsFor(baseURL: string): NonNullable<ReturnType<typeof readReviewSettings>> {
  const problems: string[] = []
  const inputs: Partial<Record<InputName, string>> = {
    reviewers: MODELS.map((m) => `${m.slice(2)}|${m}`).join('\n'),
    'base-url': baseURL,
    'api-key': 'sk-bench',
  }
  const values = readInputs((n) => inputs[n] ?? '', problems, ACTION_NAMING)
  const settings = readReviewSettings(values, {}, problems, { requireKeys: true, naming: ACTION_NAMING })
  if (!settings) throw new Error(problems.join('\n'))
  return settings
}

export function syntheticBundles(count: number): Bundle[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}.1-x`,
    component: `c${i}`,
    part: 1,
    parts: 1,
    files: [],
    paths: [`c${i}/a.ts`],
    bytes: 10,
    text: `diff --git a/c${i}/a.ts b/c${i}/a.ts\n`,
    numbered: false,
  }))
}

export async function benchFanout(): Promise<void> {
  const delayMs = 2000
  const models = await startFakeModels(Object.fromEntries(MODELS.map((m) => [m, ship])), { delayMs })
  const settings = settingsFor(models.baseURL)
  const bundles = syntheticBundles(3)
  const started = performance.now()
  const results = await reviewAll({ ...settings, bundles, client: createModelClient(settings), secrets: [] })
  const wall = (performance.now() - started) / 1000
  await models.close()
  console.log(
    `fan-out: ${bundles.length} bundles × ${settings.reviewers.length} reviewers, ${delayMs / 1000} s per call, concurrency ${settings.concurrency}`,
  )
  console.log(
    `  wall time ${wall.toFixed(2)} s (sequential would be ${(results.length * delayMs) / 1000} s); ${results.filter((r) => r.complete).length}/${results.length} complete`,
  )
}

export async function benchRateLimit(): Promise<void> {
  const serviceMs = 1500
  const bundles = 30
  const limits = { 'anthropic/opus': 2, 'moonshotai/kimi': 6, 'qwen/qwen3-coder': 6 }
  const models = await startFakeModels(Object.fromEntries(Object.keys(limits).map((m) => [m, ship])), {
    delayMs: serviceMs,
    limits,
    refusalHeaders: { 'retry-after-ms': '400' },
  })
  const github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Thirty components', diff: componentsDiff(bundles) })
  const started = performance.now()
  const run = await runAgainst(github, models, { github: { throttle: true } })
  const wall = (performance.now() - started) / 1000
  await Promise.all([github.close(), models.close()])
  const calls = run.outputs['tally-json']
    ? (JSON.parse(readFileSync(run.outputs['tally-json'], 'utf8')) as { calls: { outcome: string; reason?: string }[] }).calls
    : []
  const floor = (Math.ceil(bundles / Math.min(...Object.values(limits))) * serviceMs) / 1000
  const failed = calls.filter((c) => c.outcome !== 'answered')
  const reasons = new Map<string, number>()
  for (const c of failed) reasons.set(c.reason ?? '?', (reasons.get(c.reason ?? '?') ?? 0) + 1)
  console.log(
    `rate limits: the action on ${bundles} bundles × 3 reviewers, limits ${JSON.stringify(limits)}, 429 retry-after-ms 400, ${serviceMs / 1000} s per call`,
  )
  console.log(
    `  wall ${wall.toFixed(2)} s = ${(wall / floor).toFixed(2)} × floor (${floor} s); ${calls.length - failed.length}/${calls.length} answered; check ${github.checkRuns[0]?.conclusion ?? 'none'}; ` +
      `429s ${models.refusals()} (${(models.refusals() / bundles).toFixed(2)} per bundle: ${Object.keys(limits)
        .map((m) => `${m} ${models.refusals(m)}`)
        .join(', ')})`,
  )
  for (const [reason, n] of reasons) console.log(`  incomplete ×${n}: ${reason}`)
}

/** One run of the action on a one-file pull request: seconds beyond the slowest model call, and where they go. */
async function overheadOnce(serviceMs: number): Promise<{ overhead: number; toFirstCall: number; afterLastReply: number }> {
  const github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'One file', diff: componentsDiff(1) })
  const models = await startFakeModels(
    { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship },
    { delayMs: serviceMs },
  )
  const started = performance.now()
  const run = await runAgainst(github, models, { github: { throttle: true } })
  const ended = performance.now()
  const served = models.served()
  await Promise.all([github.close(), models.close()])
  if (run.result?.conclusion !== 'success' || github.checkRuns[0]?.status !== 'completed') {
    throw new Error(`overhead bench: the run did not succeed: ${run.error?.message ?? JSON.stringify(run.result)}`)
  }
  const slowest = Math.max(...served.map((c) => c.endedAt - c.startedAt))
  return {
    overhead: (ended - started - slowest) / 1000,
    toFirstCall: (Math.min(...served.map((c) => c.startedAt)) - started) / 1000,
    afterLastReply: (ended - Math.max(...served.map((c) => c.endedAt))) / 1000,
  }
}

/** The same, as a runner runs the action: `node dist/index.js` in a fresh process, from spawn to exit (module load and JIT included). */
async function overheadProcess(serviceMs: number): Promise<{ overhead: number; toFirstCall: number; afterLastReply: number }> {
  const github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'One file', diff: componentsDiff(1) })
  const models = await startFakeModels(
    { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship },
    { delayMs: serviceMs },
  )
  const files = runnerFiles({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: HEAD_SHA } } })
  const inputs = {
    'github-token': 'ghs_loopbacktoken000000000000000000000',
    'api-key': 'sk-bench',
    reviewers: 'opus|anthropic/opus\nkimi|moonshotai/kimi\nqwen|qwen/qwen3-coder',
    'base-url': models.baseURL,
  }
  const started = performance.now()
  const ended = await startAction(runnerEnv(inputs, files, github)).ended
  const done = performance.now()
  const served = models.served()
  await Promise.all([github.close(), models.close()])
  if (ended.code !== 0 || github.checkRuns[0]?.conclusion !== 'success')
    throw new Error(`overhead bench: the process run failed: ${ended.stderr}`)
  const slowest = Math.max(...served.map((c) => c.endedAt - c.startedAt))
  return {
    overhead: (done - started - slowest) / 1000,
    toFirstCall: (Math.min(...served.map((c) => c.startedAt)) - started) / 1000,
    afterLastReply: (done - Math.max(...served.map((c) => c.endedAt))) / 1000,
  }
}

export async function benchOverhead(): Promise<void> {
  const serviceMs = 2000
  const runs = []
  for (let i = 0; i < 5; i++) {
    runs.push(await overheadOnce(serviceMs))
    // Spaced so that no run's first write could wait on the previous run's last one.
    await new Promise((r) => setTimeout(r, 1100))
  }
  const sorted = runs.map((r) => r.overhead).sort((a, b) => a - b)
  console.log(
    `fixed overhead, one-bundle pull request (${serviceMs / 1000} s model calls, write throttling on), ${runs.length} runs in one process:`,
  )
  for (const [i, r] of runs.entries()) {
    console.log(
      `  ${r.overhead.toFixed(2)} s beyond the slowest model call: first model call ${r.toFirstCall.toFixed(2)} s after start, end ${r.afterLastReply.toFixed(2)} s after the last reply${i === 0 ? ' (first: cold, as in the action, when run alone)' : ''}`,
    )
  }
  console.log(
    `  median ${sorted[2]?.toFixed(2)} s, first ${runs[0]?.overhead.toFixed(2)} s (target ≤ 1.4 s; the floor is the 1 s between the two final writes)`,
  )
  const fresh = []
  for (let i = 0; i < 3; i++) fresh.push(await overheadProcess(serviceMs))
  console.log('  as a runner runs it (node dist/index.js, a fresh process each, spawn to exit):')
  for (const r of fresh) {
    console.log(
      `  ${r.overhead.toFixed(2)} s beyond the slowest model call: first model call ${r.toFirstCall.toFixed(2)} s after spawn, exit ${r.afterLastReply.toFixed(2)} s after the last reply`,
    )
  }
  console.log(`  median ${[...fresh.map((r) => r.overhead)].sort((a, b) => a - b)[1]?.toFixed(2)} s`)
}

/** A pull request of `count` small files in one component; from 2 files on, GitHub refuses its diff and the files API lists them. */
function manyFiles(count: number): { diff: string; files: FakeFile[] } {
  const patch = (i: number): string => `@@ -1,2 +1,2 @@\n-export const v${i} = ${i}\n+export const v${i} = ${i + 1}\n export default v${i}`
  const files = Array.from({ length: count }, (_, i): FakeFile => ({
    filename: `services/api/src/f${i}.ts`,
    status: 'modified',
    additions: 1,
    deletions: 1,
    patch: patch(i),
  }))
  const diff = files
    .map((f, i) => `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n${patch(i)}\n`)
    .join('')
  return { diff, files }
}

/** Seconds from the action's start to its first model call; every GitHub read answered `latencyMs` late, as GitHub's are. */
async function firstCallOnce(count: number, latencyMs: number): Promise<number> {
  // Unchecked: the fake's OpenAPI checks of 30 listing pages would be timed as the action's work (the tests check them).
  const github = await startFakeGitHub('octo', 'widgets', { checked: false })
  const { diff, files } = manyFiles(count)
  github.pulls.set(7, {
    number: 7,
    headSha: HEAD_SHA,
    baseSha: 'b'.repeat(40),
    title: `${count} files`,
    diff,
    files,
    diffTooLarge: count > 1,
  })
  if (latencyMs > 0) github.holdUntil('GET', /./, () => new Promise((r) => setTimeout(r, latencyMs)))
  const models = await startFakeModels({ 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship })
  const started = performance.now()
  const run = await runAgainst(github, models, { github: { throttle: true } })
  const served = models.served()
  const pages = github.requests.filter((r) => r.path.endsWith('/pulls/7/files')).length
  await Promise.all([github.close(), models.close()])
  if (run.result === undefined || served.length === 0) throw new Error(`first-call bench: the run failed: ${run.error?.message ?? ''}`)
  if (count > 1 && pages < Math.ceil(count / 100)) throw new Error(`first-call bench: only ${pages} files API page(s) read`)
  return (Math.min(...served.map((c) => c.startedAt)) - started) / 1000
}

export async function benchFirstCall(): Promise<void> {
  const runs = 5
  const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
  await firstCallOnce(1, 0) // warm-up: module loading and JIT, which a runner's fresh process pays on every pull request alike
  console.log(`first model call after the action starts (loopback GitHub, write throttling on; ${runs} runs each, alternating):`)
  for (const latencyMs of [0, 150]) {
    const times = { one: [] as number[], many: [] as number[] }
    for (let i = 0; i < runs; i++) {
      times.one.push(await firstCallOnce(1, latencyMs))
      times.many.push(await firstCallOnce(3000, latencyMs))
    }
    const [one, many] = [median(times.one), median(times.many)]
    const [fastOne, fastMany] = [Math.min(...times.one), Math.min(...times.many)]
    const list = (xs: number[]): string => xs.map((t) => t.toFixed(3)).join(', ')
    console.log(`  GitHub answering ${latencyMs === 0 ? 'at once (in-process loopback)' : `each read ${latencyMs} ms late`}:`)
    console.log(`       1 file (diff):               median ${one.toFixed(3)} s, fastest ${fastOne.toFixed(3)} s  [${list(times.one)}]`)
    console.log(`    3000 files (406, files API):    median ${many.toFixed(3)} s, fastest ${fastMany.toFixed(3)} s  [${list(times.many)}]`)
    console.log(`    ratio ${(many / one).toFixed(2)} of medians, ${(fastMany / fastOne).toFixed(2)} of the fastest (target ≤ 2)`)
  }
}
