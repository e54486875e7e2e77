// Inputs, environment and event → frozen ActionConfig. The only place the
// action's inputs are interpreted; pure (values are passed in).
import { subjectFrom, type Subject } from './event.ts'
import { bool, isHttpUrl, opt, type Env, type InputReader } from './inputs.ts'
import { readReviewConfig, type ReviewConfig } from './settings.ts'

export const DEFAULT_CHECK_NAME = 'cross-lineage review'
export const DEFAULT_COMMAND = '/review'

export interface GitHubTarget {
  readonly token: string
  readonly apiUrl: string
  readonly owner: string
  readonly repo: string
  readonly eventName: string
  readonly subject: Subject
  readonly checkName: string
  readonly tallyDir: string
}

export interface ActionConfig {
  readonly github: GitHubTarget
  readonly review: ReviewConfig
}

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
  const onMissingKey = opt(input('on-missing-key')) ?? 'fail'
  if (onMissingKey !== 'fail' && onMissingKey !== 'skip') {
    problems.push(`Input \`on-missing-key\` must be fail or skip, got "${onMissingKey}".`)
  }
  const keyProblems: string[] = []
  const review = readReviewConfig(input, env, problems, { requireKeys: true, keyProblems })
  if (problems.length > 0 || github === undefined || review === undefined) {
    const onlyKeys = keyProblems.length > 0 && keyProblems.length === problems.length
    throw new ConfigError(problems, github, onlyKeys && onMissingKey === 'skip')
  }
  return Object.freeze({ github, review })
}

function readGitHubTarget(input: InputReader, env: Env, event: unknown, problems: string[]): GitHubTarget | undefined {
  const before = problems.length
  const token = input('github-token').trim()
  if (token === '')
    problems.push(
      'Input `github-token` is empty. Leave it unset to use `${{ github.token }}`, or pass a token with `checks: write` and `pull-requests: write`.',
    )
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (owner === '' || repo === '')
    problems.push('The GITHUB_REPOSITORY environment variable must look like "owner/repo"; run inside GitHub Actions or set it.')
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const prText = input('pr-number').trim()
  const prNumber = /^[1-9]\d{0,9}$/.test(prText) ? Number(prText) : undefined
  if (prText !== '' && prNumber === undefined) problems.push(`Input \`pr-number\` must be a pull request number like 42, got "${prText}".`)
  const command = opt(input('comment-command')) ?? DEFAULT_COMMAND
  if (!/^\/[\w-]{1,40}$/.test(command)) problems.push(`Input \`comment-command\` must look like /review, got "${command}".`)
  const reviewDrafts = bool(input, 'review-drafts', false, problems)
  const subject =
    prText !== '' && prNumber === undefined
      ? undefined
      : subjectFrom(eventName, event, { ...(prNumber !== undefined ? { prNumber } : {}), reviewDrafts, command }, problems)
  const checkName = opt(input('check-name')) ?? DEFAULT_CHECK_NAME
  if (checkName.length > 100) problems.push('Input `check-name` must be at most 100 characters.')
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  if (!isHttpUrl(apiUrl)) problems.push(`The GITHUB_API_URL environment variable must be an http(s) URL, got "${apiUrl}".`)
  if (problems.length > before || subject === undefined) return undefined
  return Object.freeze({ token, apiUrl, owner, repo, eventName, subject, checkName, tallyDir: env.RUNNER_TEMP ?? '.' })
}
