// Inputs → frozen, typed Config. The only module that looks at inputs and
// environment values; everything here is pure (values are passed in).
import type { ComponentRule } from './core/components.ts'
import { DEFAULT_EXCLUDE } from './core/select.ts'
import { DEFAULT_LINE_WINDOW } from './core/tally.ts'
import type { FailOn, Reviewer } from './core/types.ts'

export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1'
export const DEFAULT_REVIEWERS = [
  'opus|anthropic/claude-opus-4.7',
  'kimi|moonshotai/kimi-k2-0905',
  'qwen|qwen/qwen3-coder',
].join('\n')
export const DEFAULT_CHECK_NAME = 'cross-lineage review'
const FAIL_ON: readonly FailOn[] = ['convergent-block', 'convergent-warn', 'any-block', 'never']

/** A reviewer with its key; the key stays in the shell and is never rendered. */
export interface ReviewerEndpoint extends Reviewer {
  readonly apiKey: string
}

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
  /** Problems worth a warning that do not stop the run. */
  readonly warnings: readonly string[]
}

export interface GitHubTarget {
  readonly token: string
  readonly apiUrl: string
  readonly owner: string
  readonly repo: string
  readonly prNumber: number
  readonly eventName: string
  readonly checkName: string
  readonly tallyDir: string
}

export interface ActionConfig {
  readonly github: GitHubTarget
  readonly review: ReviewConfig
}

export type InputReader = (name: string) => string
export type Env = Readonly<Record<string, string | undefined>>

/** What to do when a reviewer's key is empty (fork pull requests get no secrets). */
export type OnMissingKey = 'fail' | 'skip'

export class ConfigError extends Error {
  readonly problems: readonly string[]
  /** Set when the GitHub part was valid, so the failure can still be reported on the PR. */
  readonly github?: GitHubTarget
  /** Only keys are missing and `on-missing-key: skip` asks to skip the review. */
  readonly skip: boolean
  constructor(problems: readonly string[], github?: GitHubTarget, skip = false) {
    super(problems.length === 1 ? problems[0] : `Invalid configuration:\n- ${problems.join('\n- ')}`)
    this.name = 'ConfigError'
    this.problems = problems
    this.skip = skip
    if (github) this.github = github
  }
}

export function readActionConfig(input: InputReader, env: Env, event: unknown): ActionConfig {
  const problems: string[] = []
  const github = readGitHubTarget(input, env, event, problems)
  const onMissingKeyText = opt(input('on-missing-key')) ?? 'fail'
  if (onMissingKeyText !== 'fail' && onMissingKeyText !== 'skip') {
    problems.push(`Input \`on-missing-key\` must be fail or skip, got "${onMissingKeyText}".`)
  }
  const keyProblems: string[] = []
  const review = readReviewConfig(input, env, problems, { requireKeys: true, keyProblems })
  if (problems.length > 0 || github === undefined || review === undefined) {
    const onlyKeys = keyProblems.length > 0 && keyProblems.length === problems.length
    throw new ConfigError(problems, github, onlyKeys && onMissingKeyText === 'skip')
  }
  return Object.freeze({ github, review })
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
    problems.push(`Input \`min-reviewers\` is ${minReviewers} but only ${reviewers.length} reviewer(s) are configured; lower it or add reviewers.`)
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
    warnings,
  })
}

const MISSING_KEY_FIX =
  'Store the endpoint\'s key as a repository secret and pass it with `api-key: ${{ secrets.OPENROUTER_API_KEY }}`. ' +
  'Pull requests from forks receive no secrets: see "Fork pull requests" in the README.'

interface ReviewerDefaults {
  keyProblems?: string[]
  missingKeyHint?: string
  missingKeyFix?: string
  baseURL: string
  apiKey: string
  env: Env
  problems: string[]
  requireKeys: boolean
}

/** `name|model` or `name|model|base-url|api-key-env`, one per line. */
export function parseReviewers(text: string, d: ReviewerDefaults): ReviewerEndpoint[] {
  const reviewers: ReviewerEndpoint[] = []
  const missingSharedKey: string[] = []
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
  for (const line of lines) {
    const fields = line.split('|').map((f) => f.trim())
    const [name = '', model = '', baseURL = '', keyEnv = ''] = fields
    const bad = (why: string): void => {
      d.problems.push(`Input \`reviewers\`: line "${line}" ${why}. Expected \`name|model\` or \`name|model|base-url|api-key-env\`.`)
    }
    if (fields.length !== 2 && fields.length !== 4) { bad(`has ${fields.length} field(s)`); continue }
    if (!/^[A-Za-z0-9][\w.-]{0,39}$/.test(name)) { bad('has an invalid name (letters, digits, . _ -; at most 40)'); continue }
    if (!/^\S+$/.test(model)) { bad('has no model id'); continue }
    if (baseURL !== '' && !isHttpUrl(baseURL)) { bad('has a base-url that is not an http(s) URL'); continue }
    if (keyEnv !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) { bad('has an api-key-env that is not an environment variable name'); continue }
    if (reviewers.some((r) => r.name === name)) { bad(`repeats the reviewer name "${name}"`); continue }
    const apiKey = keyEnv === '' ? d.apiKey : (d.env[keyEnv] ?? '').trim()
    if (apiKey === '' && d.requireKeys) {
      if (keyEnv === '') missingSharedKey.push(name)
      else keyProblem(d, `Reviewer "${name}" reads its key from the environment variable ${keyEnv}, which is empty or unset. Set it on the step: \`env: { ${keyEnv}: \${{ secrets.${keyEnv} }} }\`.`)
      continue
    }
    reviewers.push(Object.freeze({
      name,
      model,
      lineage: lineageOf(model),
      baseURL: baseURL || d.baseURL,
      keySource: keyEnv === '' ? 'api-key' : keyEnv,
      apiKey,
    }))
  }
  if (missingSharedKey.length > 0) {
    keyProblem(d, `${d.missingKeyHint ?? 'Input `api-key` is empty'}, so ${missingSharedKey.length === 1 ? 'reviewer' : 'reviewers'} ${missingSharedKey.join(', ')} cannot call ${d.baseURL}. ${d.missingKeyFix ?? MISSING_KEY_FIX}`)
  }
  if (lines.length === 0) d.problems.push('Input `reviewers` lists no reviewer; give one `name|model` per line or leave it empty for the defaults.')
  return reviewers
}

function keyProblem(d: ReviewerDefaults, problem: string): void {
  d.problems.push(problem)
  d.keyProblems?.push(problem)
}

/** `name: glob, glob` per line: files matching a line's globs form that component. */
export function parseComponents(text: string, problems: string[]): ComponentRule[] {
  const rules: ComponentRule[] = []
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const m = /^([A-Za-z0-9][\w./@ -]{0,59}?)\s*:\s*(.+)$/.exec(line)
    const globs = m?.[2]!.split(',').map((g) => g.trim()).filter(Boolean) ?? []
    if (!m || globs.length === 0) {
      problems.push(`Input \`components\`: line "${line}" is not \`name: glob, glob\` (for example \`api: services/api/**, proto/api/**\`).`)
      continue
    }
    rules.push({ name: m[1]!.trim(), globs })
  }
  return rules
}

/** The vendor prefix of an OpenRouter-style id ("anthropic/claude-…" → "anthropic"), else the id. */
export function lineageOf(model: string): string {
  const slash = model.indexOf('/')
  return (slash > 0 ? model.slice(0, slash) : model).toLowerCase()
}

function readGitHubTarget(input: InputReader, env: Env, event: unknown, problems: string[]): GitHubTarget | undefined {
  const before = problems.length
  const token = input('github-token').trim()
  if (token === '') problems.push('Input `github-token` is empty. Leave it unset to use `${{ github.token }}`, or pass a token with `checks: write` and `pull-requests: write`.')
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (owner === '' || repo === '') problems.push('The GITHUB_REPOSITORY environment variable must look like "owner/repo"; run inside GitHub Actions or set it.')
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const prNumber = prNumberFrom(input('pr-number').trim(), eventName, event, problems)
  const checkName = opt(input('check-name')) ?? DEFAULT_CHECK_NAME
  if (checkName.length > 100) problems.push('Input `check-name` must be at most 100 characters.')
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  if (!isHttpUrl(apiUrl)) problems.push(`The GITHUB_API_URL environment variable must be an http(s) URL, got "${apiUrl}".`)
  if (problems.length > before || prNumber === undefined) return undefined
  return Object.freeze({
    token, apiUrl, owner, repo, prNumber, eventName, checkName,
    tallyDir: env.RUNNER_TEMP ?? '.',
  })
}

function prNumberFrom(text: string, eventName: string, event: unknown, problems: string[]): number | undefined {
  if (text !== '') {
    if (/^[1-9]\d{0,9}$/.test(text)) return Number(text)
    problems.push(`Input \`pr-number\` must be a pull request number like 42, got "${text}".`)
    return undefined
  }
  const fromEvent = (event as { pull_request?: { number?: unknown } } | null)?.pull_request?.number
  if (typeof fromEvent === 'number' && fromEvent > 0) return fromEvent
  problems.push(
    `No pull request to review: the ${eventName || 'current'} event carries none and input \`pr-number\` is empty. ` +
      'Run on `pull_request`, or pass `pr-number` (for example from a workflow_dispatch input).',
  )
  return undefined
}

function opt(value: string): string | undefined {
  const v = value.trim()
  return v === '' ? undefined : v
}

function list(value: string): string[] | undefined {
  const items = value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean)
  return items.length === 0 ? undefined : items
}

function int(input: InputReader, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const text = input(name).trim()
  if (text === '') return fallback
  const n = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(n >= min && n <= max)) {
    problems.push(`Input \`${name}\` must be a whole number from ${min} to ${max}, got "${text}".`)
    return fallback
  }
  return n
}

// YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts.
function bool(input: InputReader, name: string, fallback: boolean, problems: string[]): boolean {
  const text = input(name).trim()
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  problems.push(`Input \`${name}\` must be true or false, got "${text}".`)
  return fallback
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
