// Money and tokens: the `prices` input and the per-run budget. Pure.
import type { BudgetLimits } from '../core/plan/budget.ts'
import { int, opt, type InputReader } from './inputs.ts'

export function readBudget(
  input: InputReader,
  models: readonly string[],
  prices: ReadonlyMap<string, Price>,
  maxTokens: number,
  problems: string[],
): BudgetLimits | undefined {
  const maxTokensPerRun =
    input('max-tokens-per-run').trim() === '' ? undefined : int(input, 'max-tokens-per-run', 0, 1_000, 1_000_000_000, problems)
  const costText = input('max-cost').trim()
  const maxCostUsd = costText === '' ? undefined : /^\$?\d+(\.\d+)?$/.test(costText) ? Number(costText.replace('$', '')) : NaN
  if (Number.isNaN(maxCostUsd)) problems.push(`Input \`max-cost\` must be an amount in USD like 2.50, got "${costText}".`)
  const unpriced = models.filter((m) => !prices.has(m))
  if (maxCostUsd !== undefined && !Number.isNaN(maxCostUsd) && unpriced.length > 0) {
    problems.push(
      `Input \`max-cost\` needs a price for every reviewer's model; add \`prices\` lines for ${unpriced.join(', ')} (USD per million tokens, e.g. \`${unpriced[0]}: 3/15\`).`,
    )
  }
  const overBudget = opt(input('over-budget')) ?? 'fail'
  if (overBudget !== 'fail' && overBudget !== 'pass') problems.push(`Input \`over-budget\` must be fail or pass, got "${overBudget}".`)
  if (maxTokensPerRun === undefined && maxCostUsd === undefined) return undefined
  return {
    ...(maxTokensPerRun !== undefined ? { maxTokensPerRun } : {}),
    ...(maxCostUsd !== undefined && !Number.isNaN(maxCostUsd) ? { maxCostUsd } : {}),
    maxTokens,
    prices: models.map((m) => prices.get(m)),
    passOverBudget: overBudget === 'pass',
  }
}

export interface Price {
  readonly inputPerMillion: number
  readonly outputPerMillion: number
}

/** `model: IN/OUT` per line, USD per million input/output tokens. */
export function parsePrices(text: string, problems: string[]): Map<string, Price> {
  const prices = new Map<string, Price>()
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))) {
    const m = /^(\S+)\s*:\s*\$?(\d+(?:\.\d+)?)\s*\/\s*\$?(\d+(?:\.\d+)?)$/.exec(line)
    if (!m) {
      problems.push(
        `Input \`prices\`: line "${line}" is not \`model: IN/OUT\` in USD per million tokens (for example \`qwen/qwen3-coder: 0.22/0.95\`).`,
      )
      continue
    }
    prices.set(m[1]!, { inputPerMillion: Number(m[2]), outputPerMillion: Number(m[3]) })
  }
  return prices
}
