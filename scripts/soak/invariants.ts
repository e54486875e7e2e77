// What must hold after every soak run, whatever was injected (issue 18).
import { EXTERNAL_ID } from '../../src/shell/github/check-run.ts'
import { MODELS } from './plan.ts'
import { API_KEY, TOKEN, type RunOutcome } from './run.ts'
import type { World } from './world.ts'

// A stack frame as Node prints it: "    at fn (file:line:col)" or "    at file:line:col".
const STACK_FRAME = /^\s+at .*(?::\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m

export function violations(world: World, run: RunOutcome): string[] {
  const found: string[] = []
  const add = (invariant: string, detail: string): void => {
    found.push(`${invariant}: ${detail}`)
  }
  const { ended, checks } = run
  const failed = ended.code !== 0 // killed by a signal counts as failed: the runner reports the step failed or cancelled

  // Counted in the run that left it: an earlier run's stays in progress unless a run on its commit supersedes it.
  const leftNow = world.github.checkRuns.filter(
    (c) => c.external_id === EXTERNAL_ID && c.status !== 'completed' && !run.inProgressBefore.has(c.id),
  )
  for (const c of leftNow) add('check left in progress', `check ${c.id} (${c.head_sha.slice(0, 7)}) is ${c.status}`)

  if (run.stickyAfter > Math.max(1, run.stickyBefore))
    add('sticky comments', `${run.stickyBefore} before the run, ${run.stickyAfter} after`)
  if ((run.outputs['comment-url'] ?? '') !== '' && run.stickyAfter !== 1)
    add('sticky comments', `the run posted its comment and left ${run.stickyAfter} sticky comments`)

  for (const c of checks.filter((c) => c.status === 'completed' && (c.conclusion === 'success') === failed))
    add('exit code vs check', `exit ${ended.code ?? ended.signal ?? '?'} but check ${c.id} concluded ${c.conclusion ?? 'null'}`)
  // Without a check (GitHub refused its creation every time) the exit code is the gate, and the log says so.
  if (!failed && checks.length === 0 && !ended.stdout.includes('Could not create the check run'))
    add('exit code vs check', 'exit 0 without a check run and without the warning that the exit code is the gate')

  const output = `${ended.stdout}\n${ended.stderr}`
  const frame = STACK_FRAME.exec(output)
  if (frame) add('stack trace', frame[0].trim())

  for (const v of run.violations) add('OpenAPI', v)

  if (convergentBlockReviewed(run) && (!failed || checks.some((c) => c.conclusion === 'success')))
    add('convergent BLOCK', `two lineages or more sent the BLOCK and every review completed, yet exit ${ended.code ?? '?'}`)

  const posted = [
    ...world.github.comments.map((c) => c.body),
    ...checks.map((c) => JSON.stringify([c.output, c.annotations])),
    ended.stderr,
    ended.stdout.replace(/^::add-mask::.*$/gm, ''),
  ]
  for (const secret of [API_KEY, TOKEN])
    if (posted.some((text) => text.includes(secret))) add('secret', `${secret.slice(0, 8)}… appears in a post or the log`)

  for (const e of run.escalations) add('grace period', e === 'hung' ? 'the run hung and was killed' : `the runner had to send ${e}`)
  return found
}

/** Every reviewer answered this run, each last answer was clean, and two or more of them carried the BLOCK. */
export function convergentBlockReviewed(run: RunOutcome): boolean {
  const complete = MODELS.every((m) => ['clean', 'slow'].includes(run.log.served[m].at(-1) ?? ''))
  return complete && MODELS.filter((m) => run.plan.replies[m] === 'block').length >= 2
}
