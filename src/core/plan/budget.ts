// A spending limit per run. Before any call, the cost of every (reviewer,
// bundle) is estimated; when the total is over the limit, the riskiest bundles
// (most changed lines outside tests) are reviewed first and the rest are
// reported as not reviewed, failing the check unless the user accepts that.
import { testedStem } from './components.ts'
import type { Bundle, SkippedFile } from './types.ts'

export interface BudgetLimits {
  readonly maxTokensPerRun?: number
  readonly maxCostUsd?: number
  /** Output tokens charged per call: max-tokens, the most a call can use. */
  readonly maxTokens: number
  /** USD per million input/output tokens for each reviewer's model, when known. */
  readonly prices: readonly ({ readonly inputPerMillion: number; readonly outputPerMillion: number } | undefined)[]
  /** Accept bundles left out by the budget without failing the check. */
  readonly passOverBudget: boolean
  /** Characters of instructions sent with every bundle (the system prompt and the bundle's label; its brief is counted apart). */
  readonly promptChars: number
}

export interface BudgetOutcome {
  readonly kept: readonly Bundle[]
  readonly dropped: readonly SkippedFile[]
  /** One line for the report: the estimate, the limit and what was cut. */
  readonly note?: string
}

// About four bytes of code or diff per token, for the estimate only.
const BYTES_PER_TOKEN = 4

export function estimateInputTokens(bundle: Bundle, promptChars: number): number {
  return Math.ceil((promptChars + (bundle.brief?.length ?? 0) + bundle.bytes) / BYTES_PER_TOKEN)
}

/** Changed lines outside test files: what a reviewer should see first. */
export function riskOf(bundle: Bundle): number {
  return bundle.files
    .filter((f) => testedStem(f.path) === undefined)
    .reduce((n, f) => n + f.hunks.reduce((m, h) => m + h.lines.filter((l) => l.kind !== 'ctx').length, 0), 0)
}

export function applyBudget(bundles: readonly Bundle[], limits: BudgetLimits): BudgetOutcome {
  if (limits.maxTokensPerRun === undefined && limits.maxCostUsd === undefined) return { kept: bundles, dropped: [] }
  const reviewers = limits.prices.length
  const tokensOf = (b: Bundle): number => reviewers * (estimateInputTokens(b, limits.promptChars) + limits.maxTokens)
  const costOf = (b: Bundle): number =>
    limits.prices.reduce(
      (usd, p) =>
        usd + (p ? (estimateInputTokens(b, limits.promptChars) * p.inputPerMillion + limits.maxTokens * p.outputPerMillion) / 1e6 : 0),
      0,
    )
  const ranked = bundles.map((b, i) => ({ b, i, risk: riskOf(b) })).sort((x, y) => y.risk - x.risk || x.i - y.i)
  const keptIdx = new Set<number>()
  let tokens = 0
  let cost = 0
  for (const { b, i } of ranked) {
    const t = tokensOf(b)
    const c = costOf(b)
    if (
      (limits.maxTokensPerRun !== undefined && tokens + t > limits.maxTokensPerRun) ||
      (limits.maxCostUsd !== undefined && cost + c > limits.maxCostUsd)
    )
      continue
    keptIdx.add(i)
    tokens += t
    cost += c
  }
  const totalTokens = bundles.reduce((n, b) => n + tokensOf(b), 0)
  const totalCost = bundles.reduce((n, b) => n + costOf(b), 0)
  const kept = bundles.filter((_, i) => keptIdx.has(i))
  const left = bundles.filter((_, i) => !keptIdx.has(i))
  const limitText = [
    ...(limits.maxTokensPerRun !== undefined ? [`max-tokens-per-run ${limits.maxTokensPerRun}`] : []),
    ...(limits.maxCostUsd !== undefined ? [`max-cost $${limits.maxCostUsd}`] : []),
  ].join(', ')
  const estimate = `estimated ${totalTokens} tokens${limits.maxCostUsd !== undefined ? `, $${totalCost.toFixed(2)}` : ''} for ${bundles.length} bundle(s) (${limitText})`
  if (left.length === 0) return { kept, dropped: [], note: `Budget: ${estimate}; every bundle fits` }
  return {
    kept,
    dropped: left.flatMap((b) =>
      b.paths.map((path) => ({
        path,
        reason: `over budget: bundle ${b.id} was not sent (${limitText})`,
        ...(limits.passOverBudget ? {} : { gap: 'raise the budget, or set over-budget: pass to accept partial reviews' }),
      })),
    ),
    note: `Budget: ${estimate}; reviewed the ${kept.length} riskiest bundle(s), left out ${left.length}`,
  }
}
