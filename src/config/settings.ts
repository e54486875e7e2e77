// The review part of the configuration: reviewers, policy, limits. Shared by
// the action and the CLI. Pure: inputs and environment values are passed in.
import type { BudgetLimits } from '../core/plan/budget.ts'
import { parsePrices, readBudget, type Price } from './cost.ts'
import type { ComponentRule } from '../core/plan/components.ts'
import { DEFAULT_EXCLUDE } from '../core/plan/select.ts'
import { DEFAULT_LINE_WINDOW } from '../core/verdict/tally.ts'
import type { FailOn } from '../core/verdict/types.ts'
import { bool, int, isHttpUrl, list, opt, type Env, type InputReader } from './inputs.ts'
import { DEFAULT_BASE_URL, DEFAULT_REVIEWERS, parseReviewers, type ReviewerEndpoint } from './reviewers.ts'

const FAIL_ON: readonly FailOn[] = ['convergent-block', 'convergent-warn', 'any-block', 'never']
export type ContextMode = 'none' | 'hunk' | 'function'
const CONTEXT_MODES: readonly ContextMode[] = ['none', 'hunk', 'function']

export interface ReviewConfig {
  readonly reviewers: readonly ReviewerEndpoint[]
  readonly failOn: FailOn
  readonly minReviewers: number
  readonly bundleMaxBytes: number
  readonly bundleHardMaxBytes: number
  readonly maxTokens: number
  readonly timeoutSeconds: number
  /** All model calls of a run end by then, so the job can still report before its own timeout. */
  readonly deadlineSeconds: number
  readonly concurrency: number
  readonly exclude: readonly string[]
  readonly components: readonly ComponentRule[]
  /** Citations at most this many lines apart name the same place. */
  readonly lineWindow: number
  /** Ask a reviewer that gave a thin reply again on the bundle split in half. */
  readonly retryThin: boolean
  /** Show reviewers each hunk line's new-side number. */
  readonly numberedLines: boolean
  /** How much context around each change: none, the diff's own (hunk), or the enclosing definition (function). */
  readonly context: ContextMode
  /** USD per million tokens by model, for endpoints that do not report cost. */
  readonly prices: ReadonlyMap<string, Price>
  /** Ask every reviewer again even where the previous run's reply to the same bundle could be reused. */
  readonly forceFullReview: boolean
  /** Set when max-tokens-per-run or max-cost is given. */
  readonly budget?: BudgetLimits
  /** Problems worth a warning that do not stop the run. */
  readonly warnings: readonly string[]
}

export function readReviewConfig(
  input: InputReader,
  env: Env,
  problems: string[],
  options: {
    requireKeys: boolean
    missingKeyHint?: string
    missingKeyFix?: string
    /** Receives the missing-key problems too, so a caller can tell them from the rest. */
    keyProblems?: string[]
  },
): ReviewConfig | undefined {
  const before = problems.length
  const warnings: string[] = []
  const baseURL = opt(input('base-url')) ?? DEFAULT_BASE_URL
  if (!isHttpUrl(baseURL)) problems.push(`Input \`base-url\` must be an http(s) URL of an OpenAI-compatible API, got "${baseURL}".`)
  const apiKey = input('api-key').trim()
  const beforeReviewers = problems.length
  const reviewers = parseReviewers(opt(input('reviewers')) ?? DEFAULT_REVIEWERS, { ...options, baseURL, apiKey, env, problems })
  const reviewersOk = problems.length === beforeReviewers

  const failOnText = opt(input('fail-on')) ?? 'convergent-block'
  const failOn = FAIL_ON.find((f) => f === failOnText)
  if (failOn === undefined) problems.push(`Input \`fail-on\` must be one of ${FAIL_ON.join(' | ')}, got "${failOnText}".`)

  const minReviewers = int(input, 'min-reviewers', 2, 1, 20, problems)
  if (reviewersOk && minReviewers > reviewers.length) {
    problems.push(
      `Input \`min-reviewers\` is ${minReviewers} but only ${reviewers.length} reviewer(s) are configured; lower it or add reviewers.`,
    )
  }
  const bundleMaxBytes = int(input, 'bundle-max-bytes', 60_000, 1_000, 10_000_000, problems)
  const bundleHardMaxBytes = int(input, 'bundle-hard-max-bytes', 100_000, 1_000, 10_000_000, problems)
  if (bundleHardMaxBytes < bundleMaxBytes) {
    problems.push(`Input \`bundle-hard-max-bytes\` (${bundleHardMaxBytes}) must be at least \`bundle-max-bytes\` (${bundleMaxBytes}).`)
  }
  const maxTokens = int(input, 'max-tokens', 4096, 1, 1_000_000, problems)
  const timeoutSeconds = int(input, 'timeout-seconds', 240, 1, 3600, problems)
  const deadlineSeconds = int(input, 'deadline-seconds', 900, 10, 6 * 3600, problems)
  const concurrency = int(input, 'concurrency', 9, 1, 64, problems)
  const components = parseComponents(input('components'), problems)
  const lineWindow = int(input, 'line-window', DEFAULT_LINE_WINDOW, 0, 50, problems)
  const retryThin = bool(input, 'retry-thin', false, problems)
  const numberedLines = bool(input, 'numbered-lines', true, problems)
  const contextText = opt(input('context')) ?? 'hunk'
  const context = CONTEXT_MODES.find((m) => m === contextText) ?? 'hunk'
  if (!CONTEXT_MODES.includes(contextText as ContextMode))
    problems.push(`Input \`context\` must be one of ${CONTEXT_MODES.join(' | ')}, got "${contextText}".`)
  const prices = parsePrices(input('prices'), problems)
  const forceFullReview = bool(input, 'force-full-review', false, problems)
  const budget = readBudget(
    input,
    reviewers.map((r) => r.model),
    prices,
    maxTokens,
    problems,
  )
  const lineages = reviewers.map((r) => r.lineage)
  const shared = [...new Set(lineages.filter((l, i) => lineages.indexOf(l) !== i))]
  if (shared.length > 0) {
    warnings.push(`reviewers share a lineage (${shared.join(', ')}): their agreement counts once toward convergence`)
  }
  if (problems.length > before || failOn === undefined) return undefined
  return Object.freeze({
    reviewers,
    failOn,
    minReviewers,
    bundleMaxBytes,
    bundleHardMaxBytes,
    maxTokens,
    timeoutSeconds,
    deadlineSeconds,
    concurrency,
    exclude: list(input('exclude')) ?? DEFAULT_EXCLUDE,
    components,
    lineWindow,
    retryThin,
    numberedLines,
    context,
    prices,
    forceFullReview,
    ...(budget ? { budget } : {}),
    warnings,
  })
}

/** `name: glob, glob` per line: files matching a line's globs form that component. */
export function parseComponents(text: string, problems: string[]): ComponentRule[] {
  const rules: ComponentRule[] = []
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))) {
    const m = /^([A-Za-z0-9][\w./@ -]{0,59}?)\s*:\s*(.+)$/.exec(line)
    const globs =
      m?.[2]!
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean) ?? []
    if (!m || globs.length === 0) {
      problems.push(
        `Input \`components\`: line "${line}" is not \`name: glob, glob\` (for example \`api: services/api/**, proto/api/**\`).`,
      )
      continue
    }
    rules.push({ name: m[1]!.trim(), globs })
  }
  return rules
}
