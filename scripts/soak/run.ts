// One soak run: the committed dist/index.js started as the runner starts it,
// against the world's pull request, cancelled (if the plan says so) the way
// the runner cancels: the signal, then SIGTERM 7.5 s after a SIGINT, then
// SIGKILL 2.5 s after SIGTERM, for as long as the process is still there.
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { FakeCheckRun } from '../../__tests__/helpers/fake-github.ts'
import { runnerEnv, runnerFiles, startAction, type Ended } from '../../__tests__/helpers/runner-process.ts'
import { EXTERNAL_ID } from '../../src/shell/github/check-run.ts'
import type { Moment, RunPlan } from './plan.ts'
import { BOT, PR, type RunLog, type World } from './world.ts'
import { COMMENT_MARKER } from '../../src/core/render/report.ts'

export const TOKEN = 'ghs_soaktoken0000000000000000000000000'
export const API_KEY = 'sk-or-v1-soakkey000000000000000000000000'

// The runner's escalation after a cancellation (actions/runner: SIGINT, 7.5 s, SIGTERM, 2.5 s, kill).
const SIGINT_GRACE_MS = 7500
const SIGTERM_GRACE_MS = 2500
/** A run still going after this long is hung. */
const HUNG_MS = 120_000

const running = new Set<ChildProcess>()

/** Kills the run's process, if one is running (the soak itself was interrupted). */
export function killRunning(): void {
  for (const child of running) child.kill('SIGKILL')
}

export interface RunOutcome {
  readonly plan: RunPlan
  readonly ended: Ended
  readonly log: RunLog
  readonly outputs: Record<string, string>
  /** Signals the runner had to send after the first one (SIGTERM after SIGINT, SIGKILL), and a hang. */
  readonly escalations: string[]
  /** Where the cancellation landed: the moment, and the last GitHub request seen before it. */
  readonly cancelled?: { readonly moment: Moment; readonly after: string }
  /** Checks this run created, as they ended. */
  readonly checks: readonly FakeCheckRun[]
  /** Checks of this action already left in progress before the run (by an earlier one). */
  readonly inProgressBefore: ReadonlySet<number>
  readonly stickyBefore: number
  readonly stickyAfter: number
  readonly violations: readonly string[]
  readonly ms: number
}

export async function soakRun(world: World, seed: number, plan: RunPlan, entry?: string): Promise<RunOutcome> {
  const { github } = world
  const started = performance.now()
  const log = world.begin(seed, plan)
  const checksBefore = new Set(github.checkRuns.map((c) => c.id))
  const inProgressBefore = new Set(
    github.checkRuns.filter((c) => c.external_id === EXTERNAL_ID && c.status !== 'completed').map((c) => c.id),
  )
  const requestsBefore = github.requests.length
  const violationsBefore = github.violations.length
  const stickyBefore = sticky(world)
  const files = runnerFiles({ action: plan.push ? 'synchronize' : 'reopened', number: PR, pull_request: { number: PR } })
  const inputs = {
    'github-token': TOKEN,
    'api-key': API_KEY,
    'base-url': world.models.baseURL,
    reviewers: 'opus|anthropic/opus\nkimi|moonshotai/kimi\nqwen|qwen/qwen3-coder',
    // Slow replies and rate-limit waits stay well inside it; a stuck call would not.
    'deadline-seconds': '60',
  }
  const action = startAction(runnerEnv(inputs, files, github), entry)
  running.add(action.child)
  const escalations: string[] = []
  const timers: NodeJS.Timeout[] = []
  let cancelled: RunOutcome['cancelled']
  const later = (ms: number, fn: () => void): void => {
    timers.push(setTimeout(fn, ms))
  }

  const cancel = (moment: Moment): void => {
    if (!plan.cancel || cancelled || plan.cancel.moment !== moment) return
    const last = github.requests.slice(requestsBefore).at(-1)
    cancelled = { moment, after: last ? `${last.method} ${last.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')}` : 'no request' }
    action.child.kill(plan.cancel.signal)
    const kill = (): void => {
      escalations.push('SIGKILL')
      action.child.kill('SIGKILL')
    }
    if (plan.cancel.signal === 'SIGINT')
      later(SIGINT_GRACE_MS, () => {
        escalations.push('SIGTERM')
        action.child.kill('SIGTERM')
        later(SIGTERM_GRACE_MS, kill)
      })
    else later(SIGTERM_GRACE_MS, kill)
  }
  log.onMoment = cancel
  if (plan.cancel?.moment === 'spawn') cancel('spawn')
  if (plan.cancel?.moment === 'timed') later(plan.cancel.afterMs ?? 0, () => cancel('timed'))
  action.child.stdout?.on('data', () => {
    cancel('first-output')
    if (/\d+ convergent \/ \d+ distinct: (success|failure)/.test(action.stdout())) cancel('after-verdict')
  })
  later(HUNG_MS, () => {
    escalations.push('hung')
    action.child.kill('SIGKILL')
  })

  const ended = await action.ended
  running.delete(action.child)
  timers.forEach(clearTimeout)
  return {
    plan,
    ended,
    log,
    outputs: readOutputs(files.output),
    escalations,
    ...(cancelled ? { cancelled } : {}),
    checks: github.checkRuns.filter((c) => !checksBefore.has(c.id) && c.external_id === EXTERNAL_ID),
    inProgressBefore,
    stickyBefore,
    stickyAfter: sticky(world),
    violations: github.violations.slice(violationsBefore),
    ms: performance.now() - started,
  }
}

function sticky(world: World): number {
  return world.github.comments.filter((c) => c.user.login === BOT && c.body.includes(COMMENT_MARKER)).length
}

/** GITHUB_OUTPUT as @actions/core writes it: name<<delimiter, value, delimiter. */
function readOutputs(path: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of readFileSync(path, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1] ?? ''] = m[3] ?? ''
  return out
}
