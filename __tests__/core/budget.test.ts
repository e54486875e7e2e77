import { describe, expect, it } from 'vitest'
import { applyBudget, estimateInputTokens, estimateRun, riskOf } from '../../src/core/plan/budget.ts'
import { PROMPT_CHARS } from '../../src/core/reply/prompt.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { planFiles } from '../helpers/plan.ts'
import { DEFAULT_EXCLUDE } from '../../src/core/plan/select.ts'
import { demoDiff } from '../helpers/fixtures.ts'

const plan = planFiles(parseUnifiedDiff(demoDiff()), { exclude: DEFAULT_EXCLUDE, bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000 })
const [config, gateway] = plan.bundles as [(typeof plan.bundles)[0], (typeof plan.bundles)[0]]
const three = [undefined, undefined, undefined]
const perBundle = (b: typeof config): number => 3 * (estimateInputTokens(b, PROMPT_CHARS) + 1000)

describe('applyBudget', () => {
  it('ranks bundles by changed lines outside tests', () => {
    expect(config.component).toBe('packages/config')
    expect(riskOf(gateway)).toBeGreaterThan(riskOf(config))
    // ratelimit.ts (37) + server.ts (11) changed lines; the test file does not count.
    expect(riskOf(gateway)).toBe(48)
  })

  it('keeps everything, with the estimate in a note, when it fits', () => {
    const out = applyBudget(plan.bundles, {
      maxTokensPerRun: 1_000_000,
      maxTokens: 1000,
      prices: three,
      passOverBudget: false,
      promptChars: PROMPT_CHARS,
    })
    expect(out.kept).toEqual(plan.bundles)
    expect(out.note).toBe(
      `Budget: estimated ${perBundle(config) + perBundle(gateway)} tokens for 2 bundle(s) (max-tokens-per-run 1000000); every bundle fits`,
    )
  })

  it('reviews the riskiest first and reports the rest as gaps that fail the check', () => {
    const out = applyBudget(plan.bundles, {
      maxTokensPerRun: perBundle(gateway) + 10,
      maxTokens: 1000,
      prices: three,
      passOverBudget: false,
      promptChars: PROMPT_CHARS,
    })
    expect(out.kept.map((b) => b.component)).toEqual(['services/gateway'])
    expect(out.dropped).toEqual([
      {
        path: 'packages/config/src/load.ts',
        reason: `over budget: bundle ${config.id} was not sent (max-tokens-per-run ${perBundle(gateway) + 10})`,
        gap: 'raise the budget, or set over-budget: pass to accept partial reviews',
      },
    ])
    expect(out.note).toMatch(/reviewed the 1 riskiest bundle\(s\), left out 1$/)
  })

  it('with over-budget: pass, lists what was left out without failing', () => {
    const out = applyBudget(plan.bundles, {
      maxTokensPerRun: perBundle(gateway) + 10,
      maxTokens: 1000,
      prices: three,
      passOverBudget: true,
      promptChars: PROMPT_CHARS,
    })
    expect(out.dropped[0]!.gap).toBeUndefined()
  })

  it('limits cost from prices', () => {
    const price = { inputPerMillion: 3, outputPerMillion: 15 }
    const out = applyBudget(plan.bundles, {
      maxCostUsd: 0.0001,
      maxTokens: 1000,
      prices: [price, price, price],
      passOverBudget: false,
      promptChars: PROMPT_CHARS,
    })
    expect(out.kept).toEqual([])
    expect(out.note).toMatch(/estimated \d+ tokens, \$0\.\d\d for 2 bundle\(s\) \(max-cost \$0\.0001\)/)
  })

  // Issue 30: the boundaries Stryker showed no test held.
  it('keeps a bundle whose estimate equals what is left of the limit, and counts each kept bundle against it', () => {
    const at = (maxTokensPerRun: number) =>
      applyBudget(plan.bundles, { maxTokensPerRun, maxTokens: 1000, prices: three, passOverBudget: false, promptChars: PROMPT_CHARS })
    expect(at(perBundle(gateway)).kept.map((b) => b.component)).toEqual(['services/gateway'])
    expect(at(perBundle(gateway) - 1).kept.map((b) => b.component)).toEqual(['packages/config'])
    expect(at(perBundle(gateway) + perBundle(config)).kept).toEqual(plan.bundles)
    expect(at(perBundle(gateway) + perBundle(config) - 1).kept.map((b) => b.component)).toEqual(['services/gateway'])
  })

  it('counts the cost of each kept bundle against max-cost, the riskiest first, to the cent of the estimate', () => {
    const price = { inputPerMillion: 3, outputPerMillion: 15 }
    const costOf = (b: typeof config): number => (3 * (estimateInputTokens(b, PROMPT_CHARS) * 3 + 1000 * 15)) / 1e6
    const at = (maxCostUsd: number) =>
      applyBudget(plan.bundles, {
        maxCostUsd,
        maxTokens: 1000,
        prices: [price, price, price],
        passOverBudget: false,
        promptChars: PROMPT_CHARS,
      })
    const both = costOf(gateway) + costOf(config)
    expect(at(both).kept).toEqual(plan.bundles)
    expect(at(both * 0.999).kept.map((b) => b.component)).toEqual(['services/gateway'])
    expect(at(costOf(gateway)).kept.map((b) => b.component)).toEqual(['services/gateway'])
    expect(at(costOf(gateway) * 0.999).kept.map((b) => b.component)).toEqual(['packages/config'])
    expect(at(both).note).toBe(
      `Budget: estimated ${perBundle(config) + perBundle(gateway)} tokens, $${both.toFixed(2)} for 2 bundle(s) (max-cost $${both}); every bundle fits`,
    )
  })

  it('names both limits when both are set, in the words the caller gives', () => {
    const price = { inputPerMillion: 3, outputPerMillion: 15 }
    const out = applyBudget(plan.bundles, {
      maxTokensPerRun: 1,
      maxCostUsd: 100,
      maxTokens: 1000,
      prices: [price, price, price],
      passOverBudget: false,
      promptChars: PROMPT_CHARS,
      wording: { maxTokensPerRun: '--max-tokens-per-run', maxCost: '--max-cost', acceptPartial: 'pass --over-budget pass' },
    })
    expect(out.kept).toEqual([])
    expect(out.dropped[0]!.reason).toMatch(/\(--max-tokens-per-run 1, --max-cost \$100\)$/)
    expect(out.dropped[0]!.gap).toBe('raise the budget, or pass --over-budget pass to accept partial reviews')
  })

  it('does nothing without a limit', () => {
    expect(applyBudget(plan.bundles, { maxTokens: 1000, prices: three, passOverBudget: false, promptChars: PROMPT_CHARS })).toEqual({
      kept: plan.bundles,
      dropped: [],
    })
  })
})

describe('estimateRun: the plan before any call', () => {
  const reviewers = [{ model: 'a/m' }, { model: 'b/m' }, { model: 'c/m' }]
  const input = estimateInputTokens(config, PROMPT_CHARS) + estimateInputTokens(gateway, PROMPT_CHARS)

  it('counts every reviewer on every bundle, output at max-tokens', () => {
    expect(estimateRun(plan.bundles, reviewers, new Map(), 1000, PROMPT_CHARS)).toEqual({
      bundles: 2,
      reviewers: 3,
      calls: 6,
      inputTokens: 3 * input,
      maxOutputTokens: 6000,
      unpriced: ['a/m', 'b/m', 'c/m'],
    })
  })

  it('gives a cost only when every model has a price', () => {
    const price = { inputPerMillion: 1, outputPerMillion: 10 }
    const some = estimateRun(plan.bundles, reviewers, new Map([['a/m', price]]), 1000, PROMPT_CHARS)
    expect(some).not.toHaveProperty('maxCostUsd')
    expect(some.unpriced).toEqual(['b/m', 'c/m'])
    const all = estimateRun(plan.bundles, reviewers, new Map(reviewers.map((r) => [r.model, price])), 1000, PROMPT_CHARS)
    expect(all.maxCostUsd).toBeCloseTo((3 * input * 1 + 6000 * 10) / 1e6, 10)
  })
})
