// The cost guard: above --max-calls, nothing is sent until a person says yes
// (on a terminal) or --yes says it for them (off a terminal). The plan has
// been printed already, so the question can be short.
import type { RunEstimate } from '../core/plan/budget.ts'
import { tokens, usd } from '../core/render/plan.ts'
import { inputError } from './errors.ts'
import type { Terminal } from './terminal.ts'

export interface GuardFlags {
  readonly maxCalls: number
  readonly yes: boolean
}

/** Resolves when the calls may be made; throws (exit 2, nothing sent) when they may not. */
export async function approveCalls(estimate: RunEstimate, flags: GuardFlags, term: Terminal): Promise<void> {
  if (estimate.calls <= flags.maxCalls || flags.yes) return
  const cost = estimate.maxCostUsd === undefined ? '' : `, at most ${usd(estimate.maxCostUsd)}`
  const what = `${estimate.calls} model calls (≈ ${tokens(estimate.inputTokens)} input tokens${cost})`
  if (term.ask === undefined) {
    throw inputError(
      `Stopped before any model call: this review needs ${what}, more than --max-calls ${flags.maxCalls}. ` +
        'Pass --yes to make them, raise --max-calls, or review less (a narrower range, --exclude).',
    )
  }
  const answer = await term.ask(`This review needs ${what}, more than --max-calls ${flags.maxCalls}. Make them? [y/N] `)
  if (!/^\s*y(es)?\s*$/i.test(answer)) throw inputError('Stopped before any model call: nothing was sent.')
}
