// A spending limit per run. Before any call, the cost of every (reviewer,
// bundle) is estimated; when the total is over the limit, the riskiest bundles
// (most changed lines outside tests) are reviewed first and the rest are
// reported as not reviewed, failing the check unless the user accepts that.
import { testedStem } from './components.ts'
import type { Bundle, SkippedFile } from './types.ts'

/** USD per million input/output tokens for one model. */
export interface ModelPrice {
  readonly inputPerMillion: number
  readonly outputPerMillion: number
}

/** What a run would cost at most, before any call: shown first, and what the CLI's cost guard weighs. */
export interface RunEstimate {
  readonly bundles: number
  readonly reviewers: number
  /** bundles × reviewers: one call each (more with retry-thin). */
  readonly calls: number
  readonly inputTokens: number
  /** max-tokens per call: an upper bound, reviewers usually write far less. */
  readonly maxOutputTokens: number
  /** Upper bound in USD, set only when every reviewer's model has a price. */
  readonly maxCostUsd?: number
  /** Models without a price, so no cost can be given. */
  readonly unpriced: readonly string[]
}

export interface BudgetLimits {
  readonly maxTokensPerRun?: number
  readonly maxCostUsd?: number
  /** Output tokens charged per call: max-tokens, the most a call can use. */
  readonly maxTokens: number
  /** USD per million input/output tokens for each reviewer's model, when known. */
  readonly prices: readonly (ModelPrice | undefined)[]
  /** Accept bundles left out by the budget without failing the check. */
  readonly passOverBudget: boolean
  /** Characters of instructions sent with every bundle (the system prompt and the bundle's label; its brief is counted apart). */
  readonly promptChars: number
  /** The limits and the way to accept partial reviews as the caller spells them (inputs in the action, flags in the CLI). */
  readonly wording?: BudgetWording
}

export interface BudgetWording {
  readonly maxTokensPerRun: string
  readonly maxCost: string
  /** e.g. "set `over-budget: pass`" or "pass `--over-budget pass`". */
  readonly acceptPartial: string
}

const INPUT_WORDING: BudgetWording = {
  maxTokensPerRun: 'max-tokens-per-run',
  maxCost: 'max-cost',
  acceptPartial: 'set over-budget: pass',
}

export interface BudgetOutcome {
  readonly kept: readonly Bundle[]
  readonly dropped: readonly SkippedFile[]
  /** One line for the report: the estimate, the limit and what was cut. */
  readonly note?: string
}

// About four bytes of code or diff per token, for the estimate only.
const BYTES_PER_TOKEN = 4

// The lines that introduce and fence the repository's guidance files (prompt.ts), about.
const GUIDANCE_FRAME_CHARS = 700

export function estimateInputTokens(bundle: Bundle, promptChars: number): number {
  const guidance = bundle.guidance?.length ? bundle.guidance.reduce((n, g) => n + g.text.length + 80, GUIDANCE_FRAME_CHARS) : 0
  return Math.ceil((promptChars + (bundle.brief?.length ?? 0) + guidance + bundle.bytes) / BYTES_PER_TOKEN)
}

/** Every reviewer on every bundle: calls, tokens and, when every model is priced, cost. */
export function estimateRun(
  bundles: readonly Bundle[],
  reviewers: readonly { readonly model: string }[],
  prices: ReadonlyMap<string, ModelPrice>,
  maxTokens: number,
  promptChars: number,
): RunEstimate {
  const perCallInput = bundles.reduce((n, b) => n + estimateInputTokens(b, promptChars), 0)
  const unpriced = [...new Set(reviewers.map((r) => r.model).filter((m) => !prices.has(m)))]
  const cost = reviewers.reduce((usd, r) => usd + callsCost(bundles, prices.get(r.model), maxTokens, promptChars), 0)
  return {
    bundles: bundles.length,
    reviewers: reviewers.length,
    calls: bundles.length * reviewers.length,
    inputTokens: perCallInput * reviewers.length,
    maxOutputTokens: bundles.length * reviewers.length * maxTokens,
    ...(unpriced.length === 0 && reviewers.length > 0 ? { maxCostUsd: cost } : {}),
    unpriced,
  }
}

/** One model's calls on these bundles, at most (output = max-tokens); 0 without a price. */
function callsCost(bundles: readonly Bundle[], price: ModelPrice | undefined, maxTokens: number, promptChars: number): number {
  if (!price) return 0
  return bundles.reduce(
    (usd, b) => usd + (estimateInputTokens(b, promptChars) * price.inputPerMillion + maxTokens * price.outputPerMillion) / 1e6,
    0,
  )
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
  const costOf = (b: Bundle): number => limits.prices.reduce((usd, p) => usd + callsCost([b], p, limits.maxTokens, limits.promptChars), 0)
  const words = limits.wording ?? INPUT_WORDING
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
    ...(limits.maxTokensPerRun !== undefined ? [`${words.maxTokensPerRun} ${limits.maxTokensPerRun}`] : []),
    ...(limits.maxCostUsd !== undefined ? [`${words.maxCost} $${limits.maxCostUsd}`] : []),
  ].join(', ')
  const estimate = `estimated ${totalTokens} tokens${limits.maxCostUsd !== undefined ? `, $${totalCost.toFixed(2)}` : ''} for ${bundles.length} bundle(s) (${limitText})`
  if (left.length === 0) return { kept, dropped: [], note: `Budget: ${estimate}; every bundle fits` }
  return {
    kept,
    dropped: left.flatMap((b) =>
      b.paths.map((path) => ({
        path,
        reason: `over budget: bundle ${b.id} was not sent (${limitText})`,
        ...(limits.passOverBudget ? {} : { gap: `raise the budget, or ${words.acceptPartial} to accept partial reviews` }),
      })),
    ),
    note: `Budget: ${estimate}; reviewed the ${kept.length} riskiest bundle(s), left out ${left.length}`,
  }
}
