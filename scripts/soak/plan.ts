// What each soak run does, drawn from (seed, run index) alone: any run can be
// replayed on its own. A run is a push (a new head) or a re-run of the last
// head, three scripted reviewers with faults on their successive calls,
// GitHub faults on reads and writes, perhaps a duplicate sticky comment left
// by a racing run, and perhaps a cancellation at some moment.
import { createHash } from 'node:crypto'
import { prng } from '../../__tests__/helpers/random-diff.ts'

export const MODELS = ['anthropic/opus', 'moonshotai/kimi', 'qwen/qwen3-coder'] as const
export type Model = (typeof MODELS)[number]

/** What a reviewer says when its call is answered cleanly. */
export type Reply = 'block' | 'warn' | 'ship'

/** One call's answer: a fault, or a clean reply (`slow` is clean, only late). */
export type ModelFault =
  | { readonly kind: '429'; readonly retryAfterMs: number }
  | { readonly kind: '429-no-hint' }
  | { readonly kind: '500' }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: '200-with-error' }
  | { readonly kind: 'truncated' }

export const GITHUB_FAULTS = ['read-5xx', 'check-create-5xx', 'check-update-5xx', 'comment-write-5xx', 'secondary-rate-limit'] as const
export type GitHubFaultKind = (typeof GITHUB_FAULTS)[number]
export interface GitHubFault {
  readonly kind: GitHubFaultKind
  /** Consecutive matching requests that get it (4 outlasts octokit's 3 retries). */
  readonly times: number
}

export const MOMENTS = [
  'spawn',
  'timed',
  'first-output',
  'first-read',
  'check-create',
  'supersede',
  'model-call',
  'comment-write',
  'check-complete',
  'after-verdict',
] as const
export type Moment = (typeof MOMENTS)[number]

export interface Cancellation {
  readonly moment: Moment
  /** For `timed`: milliseconds after the process starts. */
  readonly afterMs?: number
  /** SIGINT is what the runner sends first (SIGTERM 7.5 s later, then SIGKILL 2.5 s later); SIGTERM alone as after a newer push. */
  readonly signal: 'SIGINT' | 'SIGTERM'
}

export interface RunPlan {
  readonly index: number
  /** A new head commit (a push); false: a re-run of the last head. */
  readonly push: boolean
  readonly replies: Readonly<Record<Model, Reply>>
  /** Faults on each reviewer's successive calls; calls past the list are answered cleanly. */
  readonly modelFaults: Readonly<Record<Model, readonly ModelFault[]>>
  readonly githubFaults: readonly GitHubFault[]
  /** A racing run left a second sticky comment before this one starts. */
  readonly duplicateComment: boolean
  readonly cancel?: Cancellation
}

export function planRun(seed: number, index: number): RunPlan {
  const rand = prng(seed * 1_000_003 + index)
  const chance = (p: number): boolean => rand() < p
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rand() * items.length)]
    if (item === undefined) throw new Error('nothing to pick from')
    return item
  }
  const between = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))

  const modelFault = (): ModelFault => {
    const kind = pick(['429', '429', '429-no-hint', '500', '500', 'slow', 'slow', '200-with-error', 'truncated'] as const)
    if (kind === '429') return { kind, retryAfterMs: between(20, 400) }
    if (kind === 'slow') return { kind, ms: between(100, 1500) }
    return { kind }
  }
  const replies = Object.fromEntries(MODELS.map((m) => [m, pick(['block', 'block', 'warn', 'ship', 'ship'] as const)]))
  const modelFaults = Object.fromEntries(MODELS.map((m) => [m, chance(0.45) ? Array.from({ length: between(1, 3) }, modelFault) : []]))
  const cancel = chance(0.45) ? cancellation(pick(MOMENTS), pick(['SIGINT', 'SIGTERM'] as const), between(0, 2500)) : undefined
  const githubFaults: GitHubFault[] = []
  for (const kind of GITHUB_FAULTS) {
    // An outage past every retry (4), except on the check's completion in a cancelled run: nothing can complete a check
    // in the grace period while GitHub refuses every update (the next run on that commit supersedes it).
    const outage = chance(0.15) && !(kind === 'check-update-5xx' && cancel)
    if (chance(0.15)) githubFaults.push({ kind, times: outage ? 4 : between(1, 2) })
  }
  return {
    index,
    push: index === 0 || chance(0.8),
    replies: replies as Record<Model, Reply>,
    modelFaults: modelFaults as Record<Model, ModelFault[]>,
    githubFaults,
    duplicateComment: chance(0.15),
    ...(cancel ? { cancel } : {}),
  }
}

function cancellation(moment: Moment, signal: 'SIGINT' | 'SIGTERM', afterMs: number): Cancellation {
  return moment === 'timed' ? { moment, signal, afterMs } : { moment, signal }
}

/** The run whose head run `index` reviews (itself when it pushed). */
export function headRun(seed: number, index: number): number {
  let i = index
  while (i > 0 && !planRun(seed, i).push) i--
  return i
}

export function headSha(seed: number, run: number): string {
  return createHash('sha1').update(`soak ${seed} ${run}`).digest('hex')
}

/** One line saying what the plan injects, for the per-run log and for replaying a failure. */
export function describePlan(plan: RunPlan): string {
  const faults = MODELS.flatMap((m) =>
    plan.modelFaults[m].length > 0 ? [`${m.split('/')[1] ?? m}:${plan.modelFaults[m].map(faultLabel).join(',')}`] : [],
  )
  const gh = plan.githubFaults.map((f) => `${f.kind}×${f.times}`)
  return [
    plan.push ? 'push' : 're-run',
    `replies ${MODELS.map((m) => plan.replies[m]).join('/')}`,
    ...(faults.length > 0 ? [`models ${faults.join(' ')}`] : []),
    ...(gh.length > 0 ? [`github ${gh.join(' ')}`] : []),
    ...(plan.duplicateComment ? ['duplicate comment'] : []),
    ...(plan.cancel
      ? [`${plan.cancel.signal} at ${plan.cancel.moment}${plan.cancel.afterMs === undefined ? '' : ` +${plan.cancel.afterMs}ms`}`]
      : []),
  ].join('; ')
}

export function faultLabel(f: ModelFault): string {
  return f.kind === '429' ? `429(${f.retryAfterMs}ms)` : f.kind === 'slow' ? `slow(${f.ms}ms)` : f.kind
}
