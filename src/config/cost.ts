// Money and tokens: the `prices` input and the per-run budget. Pure.
import type { BudgetLimits } from '../core/plan/budget.ts'
import { PROMPT_CHARS } from '../core/reply/prompt.ts'
import { meaningfulLines } from './inputs.ts'
import type { InputValues, Naming } from './spec.ts'

export interface Price {
  readonly inputPerMillion: number
  readonly outputPerMillion: number
}

export function readBudget(
  v: InputValues,
  models: readonly string[],
  prices: ReadonlyMap<string, Price>,
  problems: string[],
  naming: Naming,
): BudgetLimits | undefined {
  const maxTokensPerRun = v['max-tokens-per-run']
  const costText = v['max-cost']
  const maxCostUsd = costText === '' ? undefined : /^\$?\d+(\.\d+)?$/.test(costText) ? Number(costText.replace('$', '')) : NaN
  if (Number.isNaN(maxCostUsd)) problems.push(`${naming.input('max-cost')} must be an amount in USD like 2.50, got "${costText}".`)
  const unpriced = models.filter((m) => !prices.has(m))
  if (maxCostUsd !== undefined && !Number.isNaN(maxCostUsd) && unpriced.length > 0) {
    problems.push(
      `${naming.input('max-cost')} needs a price for every reviewer's model; add ${naming.ref('prices')} lines for ${unpriced.join(', ')} (USD per million tokens, e.g. \`${unpriced[0] ?? ''}: 3/15\`).`,
    )
  }
  if (maxTokensPerRun === undefined && maxCostUsd === undefined) return undefined
  return {
    ...(maxTokensPerRun !== undefined ? { maxTokensPerRun } : {}),
    ...(maxCostUsd !== undefined && !Number.isNaN(maxCostUsd) ? { maxCostUsd } : {}),
    maxTokens: v['max-tokens'],
    prices: models.map((m) => prices.get(m)),
    passOverBudget: v['over-budget'] === 'pass',
    promptChars: PROMPT_CHARS,
    wording: {
      maxTokensPerRun: naming.plain('max-tokens-per-run'),
      maxCost: naming.plain('max-cost'),
      acceptPartial: naming.setting('over-budget', 'pass'),
    },
  }
}

/** `model: IN/OUT` per line, USD per million input/output tokens. */
export function parsePrices(text: string, problems: string[], label: string): Map<string, Price> {
  const prices = new Map<string, Price>()
  for (const line of meaningfulLines(text)) {
    const m = /^(\S+)\s*:\s*\$?(\d+(?:\.\d+)?)\s*\/\s*\$?(\d+(?:\.\d+)?)$/.exec(line)
    if (!m?.[1]) {
      problems.push(
        `${label}: line "${line}" is not \`model: IN/OUT\` in USD per million tokens (for example \`qwen/qwen3-coder: 0.22/0.95\`).`,
      )
      continue
    }
    if (prices.has(m[1])) problems.push(`${label}: ${m[1]} is priced twice; give each model one price.`)
    prices.set(m[1], { inputPerMillion: Number(m[2]), outputPerMillion: Number(m[3]) })
  }
  return prices
}
