// Runs the action the way a GitHub runner does: `node dist/index.js` with
// INPUT_* variables, an event file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
// files; and cancels it the way the runner does, with a signal to the process.
// Each test runs twice: on src/index.ts (Node runs the TypeScript as it is),
// so a change to src is held here before it is built, and on the committed
// dist/index.js, which is what GitHub runs (check-dist keeps the two in step).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { runnerEnv, runnerFiles, startAction, type ActionProcess } from './helpers/runner-process.ts'

const BLOCK = 'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:19\nWHAT: Spoofable key.\nWHY: Header.\nVERDICT: hold'
const KEY = 'sk-or-v1-distbundletest00000000000'
const EVENT = { action: 'opened', number: 7, pull_request: { number: 7 } }

let github: FakeGitHub
let models: FakeModels | undefined
let action: ActionProcess | undefined
beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
})
afterEach(async () => {
  // A process a failed test left running (one whose event loop is kept busy never ends by itself).
  if (action?.child.exitCode === null && action.child.signalCode === null) action.child.kill('SIGKILL')
  await github.close()
  await models?.close()
})

const ENTRIES = ['src/index.ts', 'dist/index.js'] as const
// A ceiling for hangs only: Node strips the types of src/ file by file, which a busy machine makes slow to start.
const PROCESS_TIMEOUT = { timeout: 60_000 }
let entry: (typeof ENTRIES)[number] = 'dist/index.js'

async function start(
  script: Record<string, ModelScript>,
  nodeArgs: string[] = [],
): Promise<{ action: ActionProcess; files: ReturnType<typeof runnerFiles> }> {
  models = await startFakeModels(script)
  const files = runnerFiles(EVENT)
  const inputs = {
    'github-token': 'ghs_distbundletest000000000000000000',
    'api-key': KEY,
    'base-url': models.baseURL,
    reviewers: 'a|a/x\nb|b/y',
    'fail-on': 'convergent-block',
  }
  action = startAction(runnerEnv(inputs, files, github), entry, nodeArgs)
  return { action, files }
}

describe.each(ENTRIES)('%s on a simulated runner', PROCESS_TIMEOUT, (under) => {
  beforeEach(() => {
    entry = under
  })

  it('reviews the PR, writes outputs and summary, masks the key, and exits 1 on a failing gate', async () => {
    const { action, files } = await start({ 'a/x': () => ({ reply: BLOCK }), 'b/y': () => ({ reply: BLOCK }) })
    const { code, stdout } = await action.ended

    expect(code).toBe(1)
    expect(stdout).toContain(`::add-mask::${KEY}`)
    expect(stdout).toMatch(/::error::Cross-lineage review failed:%0A- BLOCK at services\/gateway\/src\/ratelimit.ts:19/)
    const outputs = readFileSync(files.output, 'utf8')
    expect(outputs).toMatch(/conclusion<<ghadelimiter_[\w-]+\nfailure\n/)
    expect(outputs).toMatch(/convergent<<ghadelimiter_[\w-]+\n1\n/)
    expect(readFileSync(files.summary, 'utf8')).toContain('**1 convergent / 1 distinct**')
    expect(github.checkRuns[0]).toMatchObject({ head_sha: HEAD_SHA, conclusion: 'failure' })
  })

  // Found by the soak (SOAK_SEED=18, run 14, on a first version of the fix): a SIGINT landing as the process ended
  // naturally killed it (no exit code) while its check said success. In Node's teardown, after the event loop drains,
  // the signal handlers are gone and a signal cannot be caught. The race is not reproducible on demand; what closes
  // it is: the process ends when the run ends, whatever else would keep the event loop alive.
  it('ends the process when the run ends, with the gate as its exit code, not when the event loop drains', async () => {
    const busy = fileURLToPath(new URL('fixtures/process/busy-event-loop.mjs', import.meta.url))
    const { action } = await start({ 'a/x': () => ({ reply: BLOCK }), 'b/y': () => ({ reply: BLOCK }) }, ['--import', busy])
    const ended = await action.ended

    expect(ended).toMatchObject({ code: 1, signal: null })
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })
})

describe.each(ENTRIES)(
  '%s cancelled by the runner (a signal to the process, sent while a given request is in flight)',
  PROCESS_TIMEOUT,
  (under) => {
    beforeEach(() => {
      entry = under
    })
    const ship: ModelScript = () => ({ reply: 'VERDICT: ship' })

    /** Sends `signal` to the process when the first matching request reaches the fake, which answers it once the signal is sent. */
    function signalOn(method: string, path: RegExp, signal: NodeJS.Signals = 'SIGTERM'): void {
      let sent = false
      github.holdUntil(method, path, () => {
        if (!sent) sent = action!.child.kill(signal)
        return Promise.resolve()
      })
    }

    it('handles SIGTERM that lands while the pull request is first read: exit 1, nothing written', async () => {
      signalOn('GET', /\/pulls\/7$/)
      const ended = await (await start({ 'a/x': ship, 'b/y': ship })).action.ended

      expect(ended).toMatchObject({ code: 1, signal: null })
      expect(github.writes()).toEqual([])
    })

    it('completes the check as cancelled on SIGTERM while its creation is in flight', async () => {
      signalOn('POST', /\/check-runs$/)
      const ended = await (await start({ 'a/x': ship, 'b/y': ship })).action.ended

      expect(ended).toMatchObject({ code: 1, signal: null })
      expect(github.checkRuns).toHaveLength(1)
      expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Review cancelled' } })
      expect(github.comments).toEqual([])
      expect(ended.stdout + ended.stderr).not.toMatch(/^\s+at /m)
    })

    it('completes the check as cancelled on SIGINT during the model calls', async () => {
      let sent = false
      const held: ModelScript = () => {
        if (!sent) sent = action!.child.kill('SIGINT')
        return { reply: 'VERDICT: ship' }
      }
      const ended = await (await start({ 'a/x': held, 'b/y': ship })).action.ended

      expect(ended).toMatchObject({ code: 1, signal: null })
      expect(github.checkRuns.map((c) => [c.status, c.conclusion])).toEqual([['completed', 'failure']])
      expect(github.comments).toEqual([])
    })

    // Either the verdict's completion is answered first (it stands, exit 0) or the cancellation's request lands last (exit 1).
    it('ends with the exit code the check says when SIGTERM lands as the verdict completes the check', async () => {
      signalOn('PATCH', /\/check-runs\/\d+$/)
      const ended = await (await start({ 'a/x': ship, 'b/y': ship })).action.ended

      expect(ended.signal).toBeNull()
      expect(github.checkRuns).toHaveLength(1)
      expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: ended.code === 0 ? 'success' : 'failure' })
    })
  },
)
