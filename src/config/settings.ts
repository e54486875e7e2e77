// The review part of the configuration: reviewers, policy, limits. Shared by
// the action and the CLI. Pure: parsed inputs and environment values are passed in.
import type { BudgetLimits } from '../core/plan/budget.ts'
import type { ComponentRule } from '../core/plan/components.ts'
import type { Instruction } from '../core/plan/types.ts'
import { DEFAULT_EXCLUDE, globProblem } from '../core/plan/select.ts'
import type { DismissPermission } from '../core/verdict/dismiss.ts'
import type { FailOn, PolicySource } from '../core/verdict/types.ts'
import { parsePrices, readBudget, type Price } from './cost.ts'
import { parseGuidanceFiles } from './guidance-files.ts'
import { globList, isHttpUrl, meaningfulLines, type Env } from './inputs.ts'
import { DEFAULT_REVIEWERS, parseReviewers, type KeyOptions, type ReviewerEndpoint } from './reviewers.ts'
import type { CONTEXT_MODES, InputValues, Naming } from './spec.ts'

export type ContextMode = (typeof CONTEXT_MODES)[number]

export interface ReviewSettings {
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
  /** The policy file's instructions, for the bundles whose files match their paths. */
  readonly instructions: readonly Instruction[]
  /** The language of the findings' text; undefined: English. */
  readonly language?: string
  /** The repository's guidance files for AI tools to read at the base commit; empty: none. */
  readonly guidanceFiles: readonly string[]
  /** Where the policy came from (the file, inputs), for the report's footer. */
  readonly source?: PolicySource
  /** Who may dismiss a gating finding (the policy file's keys; built-in defaults otherwise). */
  readonly dismissal: DismissalPolicy
}

/** Who may overrule the gate: only the base's policy file says, never a workflow input a pull request can edit. */
export interface DismissalPolicy {
  readonly permission: DismissPermission
  readonly allowSelf: boolean
}

export const DEFAULT_DISMISSAL: DismissalPolicy = { permission: 'write', allowSelf: false }

export interface SettingsOptions extends KeyOptions {
  /** How problems name inputs: `Input \`x\`` in the action, `--x` in the CLI, the key of the policy file it came from. */
  readonly naming: Naming
  readonly instructions?: readonly Instruction[]
  readonly source?: PolicySource
  readonly dismissal?: DismissalPolicy
}

/** A language name: letters, spaces, hyphens and parentheses (it goes into the prompt), e.g. German or pt-BR. */
export const LANGUAGE = /^\p{L}[\p{L}\p{M} ()-]{0,39}$/u
export const LANGUAGE_HINT = 'a language name such as German or pt-BR (letters, spaces, hyphens; at most 40 characters)'

/** Who reviews, where, with which key: workflow inputs only, so known before the policy file is read. */
export function readEndpoints(v: InputValues, env: Env, problems: string[], options: SettingsOptions): ReviewerEndpoint[] {
  const label = options.naming.input
  if (!isHttpUrl(v['base-url']))
    problems.push(`${label('base-url')} must be an http(s) URL of an OpenAI-compatible API, got "${v['base-url']}".`)
  return parseReviewers(v.reviewers || DEFAULT_REVIEWERS, {
    ...options,
    baseURL: v['base-url'],
    apiKey: v['api-key'],
    env,
    problems,
    label: label('reviewers'),
  })
}

export function readReviewSettings(v: InputValues, env: Env, problems: string[], options: SettingsOptions): ReviewSettings | undefined {
  const before = problems.length
  const { input: label, ref } = options.naming
  const reviewers = readEndpoints(v, env, problems, options)
  if (problems.length === before) checkLineages(v, reviewers, problems, options.naming)
  if (v['bundle-hard-max-bytes'] < v['bundle-max-bytes']) {
    problems.push(
      `${label('bundle-hard-max-bytes')} (${v['bundle-hard-max-bytes']}) must be at least ${ref('bundle-max-bytes')} (${v['bundle-max-bytes']}).`,
    )
  }
  const exclude = readExclude(v, problems, label('exclude'))
  if (v.language !== '' && !LANGUAGE.test(v.language)) problems.push(`${label('language')} must be ${LANGUAGE_HINT}, got "${v.language}".`)
  const components = parseComponents(v.components, problems, label('components'))
  const guidanceFiles = parseGuidanceFiles(v['guidance-files'], problems, label('guidance-files'))
  const prices = parsePrices(v.prices, problems, label('prices'))
  const budget = readBudget(
    v,
    reviewers.map((r) => r.model),
    prices,
    problems,
    options.naming,
  )
  if (problems.length > before) return undefined
  return Object.freeze({
    reviewers,
    failOn: v['fail-on'],
    minReviewers: v['min-reviewers'],
    bundleMaxBytes: v['bundle-max-bytes'],
    bundleHardMaxBytes: v['bundle-hard-max-bytes'],
    maxTokens: v['max-tokens'],
    timeoutSeconds: v['timeout-seconds'],
    deadlineSeconds: v['deadline-seconds'],
    concurrency: v.concurrency,
    exclude,
    components,
    lineWindow: v['line-window'],
    retryThin: v['retry-thin'],
    numberedLines: v['numbered-lines'],
    context: v.context,
    prices,
    forceFullReview: v['force-full-review'],
    ...(budget ? { budget } : {}),
    warnings: sharedLineageWarning(reviewers.map((r) => r.lineage)),
    instructions: options.instructions ?? [],
    dismissal: options.dismissal ?? DEFAULT_DISMISSAL,
    ...(v.language === '' ? {} : { language: v.language }),
    guidanceFiles,
    ...(options.source ? { source: options.source } : {}),
  })
}

/** Settings under which the gate could never pass, or never fail on a finding, because of who reviews. */
function checkLineages(v: InputValues, reviewers: readonly ReviewerEndpoint[], problems: string[], naming: Naming): void {
  const label = naming.input
  const lineages = [...new Set(reviewers.map((r) => r.lineage))]
  const span = `the reviewers span ${lineages.length} lineage${lineages.length === 1 ? '' : 's'} (${lineages.join(', ')})`
  if (v['min-reviewers'] > reviewers.length) {
    problems.push(
      `${label('min-reviewers')} is ${v['min-reviewers']} but only ${reviewers.length} reviewer(s) are configured; lower it or add reviewers.`,
    )
  } else if (v['min-reviewers'] > lineages.length) {
    problems.push(
      `${label('min-reviewers')} is ${v['min-reviewers']} but ${span}; two reviewers of one lineage count once. Lower it or add a reviewer of another lineage.`,
    )
  }
  if (lineages.length < 2 && v['fail-on'].startsWith('convergent')) {
    problems.push(
      `${label('fail-on')} is ${v['fail-on']}, but ${span}: no finding can be convergent, so no finding could fail the check. Add a reviewer of another lineage, or ${naming.setting('fail-on', 'any-block')}.`,
    )
  }
}

function sharedLineageWarning(lineages: readonly string[]): string[] {
  const shared = [...new Set(lineages.filter((l, i) => lineages.indexOf(l) !== i))]
  return shared.length === 0 ? [] : [`reviewers share a lineage (${shared.join(', ')}): their agreement counts once toward convergence`]
}

/** The built-in list (unless exclude-defaults is false), then the given globs; a `!glob` re-includes. */
function readExclude(v: InputValues, problems: string[], label: string): string[] {
  const globs = globList(v.exclude)
  checkGlobs(globs, problems, label)
  return [...(v['exclude-defaults'] ? DEFAULT_EXCLUDE : []), ...globs]
}

export function checkGlobs(globs: readonly string[], problems: string[], label: string): void {
  for (const glob of globs) {
    const why = globProblem(glob)
    if (why !== undefined) problems.push(`${label}: "${glob}" is not a valid glob (${why}).`)
  }
}

/** `name: glob, glob` per line: files matching a line's globs form that component. */
export function parseComponents(text: string, problems: string[], label: string): ComponentRule[] {
  return meaningfulLines(text).flatMap((line) => {
    const m = /^([A-Za-z0-9][\w./@ -]{0,59}?)\s*:\s*(.+)$/.exec(line)
    const globs = globList(m?.[2] ?? '')
    if (!m?.[1] || globs.length === 0) {
      problems.push(`${label}: line "${line}" is not \`name: glob, glob\` (for example \`api: services/api/**, proto/api/**\`).`)
      return []
    }
    checkGlobs(globs, problems, label)
    return [{ name: m[1].trim(), globs }]
  })
}
