// The plan, before any model call: what will be sent and what it may cost.
// Printed first by the CLI (and logged by the action) so nothing is spent unannounced.
import type { RunEstimate } from '../plan/budget.ts'

export interface PlanFacts {
  readonly label: string
  readonly files: number
  readonly skipped: number
  readonly estimate: RunEstimate
}

/** One line: files → bundles × reviewers = calls, tokens, and the cost when every model has a price (`prices`). */
export function planLine(p: PlanFacts): string {
  const e = p.estimate
  const cost = e.maxCostUsd === undefined ? '' : `, at most ${usd(e.maxCostUsd)}`
  return (
    `${p.label}: ${p.files} file(s), ${p.skipped} not reviewed → ${e.bundles} bundle(s) × ${e.reviewers} reviewer(s) = ${e.calls} review(s), ` +
    `≈ ${tokens(e.inputTokens)} input tokens + at most ${tokens(e.maxOutputTokens)} output tokens${cost}`
  )
}

/** 950, 12.3k, 35.1M: token counts a person can read at a glance. */
export function tokens(n: number): string {
  if (n < 1000) return String(n)
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`
  return `${(n / 1_000_000).toFixed(1)}M`
}

export function usd(n: number): string {
  return `$${n.toFixed(n < 1 ? 4 : 2)}`
}
