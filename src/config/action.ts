// Inputs, environment and event → the action's configuration as a value: ok,
// skip (on-missing-key: skip with no key) or invalid (with every problem, and
// the GitHub part when it is valid, so the failure can still be reported on
// the pull request). The only place the action's inputs are interpreted; pure.
import { targetFrom, type ReviewTarget } from './event.ts'
import { likelyGuidanceFiles } from './guidance-files.ts'
import { isHttpUrl, type Env } from './inputs.ts'
import { readPolicySettings, type PolicyLookup } from './policy.ts'
import { readEndpoints, type ReviewSettings } from './settings.ts'
import { ACTION_NAMING, INPUTS, readInputs, type INLINE_COMMENTS, type InputName, type InputReader, type InputValues } from './spec.ts'

export interface GitHubSetup {
  readonly token: string
  readonly apiUrl: string
  /** Where people see the repository (GITHUB_SERVER_URL; a GitHub Enterprise host), for links to the lines of a finding. */
  readonly serverUrl: string
  readonly owner: string
  readonly repo: string
  readonly eventName: string
  readonly target: ReviewTarget
  readonly checkName: string
  readonly tallyDir: string
  /** Convergent findings on changed lines as review threads, or none. */
  readonly inlineComments: (typeof INLINE_COMMENTS)[number]
  readonly maxInlineComments: number
  /** The comment command (e.g. /review): a re-review, and `dismiss`/`undismiss` after it. */
  readonly command: string
}

/**
 * `ok` holds the inputs, not yet the settings: those need the policy file at the
 * change's base commit (actionSettings), known once the change is resolved.
 * `keys` are the reviewers' API keys, to mask from the start.
 */
export type ActionConfig =
  | {
      readonly kind: 'ok'
      readonly github: GitHubSetup
      readonly inputs: InputReader
      readonly keys: readonly string[]
      /** An input only (never the file's), so the previous run can be read while the file is. */
      readonly forceFullReview: boolean
      /** The guidance files the inputs name (or the default): read alongside the policy file, which may change the list. */
      readonly likelyGuidanceFiles: readonly string[]
    }
  /** Re-tally an evidence directory: no GitHub, no model, no key. */
  | { readonly kind: 'replay'; readonly dir: string; readonly review: ReviewSettings; readonly tallyDir: string }
  | { readonly kind: 'skip'; readonly reasons: readonly string[] }
  | { readonly kind: 'invalid'; readonly problems: readonly string[]; readonly github?: GitHubSetup }

export function readActionConfig(input: InputReader, env: Env, event: unknown): ActionConfig {
  const problems: string[] = []
  const raw = new Map((Object.keys(INPUTS) as InputName[]).map((name) => [name, input(name)]))
  const inputs: InputReader = (name) => raw.get(name) ?? ''
  const values = readInputs(inputs, problems, ACTION_NAMING)
  if (values.replay !== '') return readReplay(values.replay, inputs, env, problems)
  const github = readGitHubSetup(values, env, event, problems)
  const keyProblems: string[] = []
  // A dismissal re-tallies stored replies: it calls no model, so it needs no key.
  const requireKeys = github?.target.kind !== 'dismissal-command'
  const reviewers = readEndpoints(values, env, problems, { requireKeys, keyProblems, naming: ACTION_NAMING })
  if (problems.length === 0 && github !== undefined) {
    return Object.freeze({
      kind: 'ok',
      github,
      inputs,
      keys: reviewers.map((r) => r.apiKey),
      forceFullReview: values['force-full-review'],
      likelyGuidanceFiles: likelyGuidanceFiles(values['guidance-files']),
    })
  }
  const onlyKeys = keyProblems.length > 0 && keyProblems.length === problems.length
  if (onlyKeys && values['on-missing-key'] === 'skip') {
    const skipped =
      'on-missing-key is skip: no model was called and no check was posted; a required check stays pending until a run with the key (e.g. workflow_dispatch by a maintainer).'
    return { kind: 'skip', reasons: [...problems, skipped] }
  }
  return { kind: 'invalid', problems, ...(github ? { github } : {}) }
}

/** A replay needs no token, event or key: only settings to re-tally with (the inputs; there is no repository to read a policy from). */
function readReplay(dir: string, inputs: InputReader, env: Env, problems: string[]): ActionConfig {
  const review = readPolicySettings(inputs, undefined, env, problems, { requireKeys: false, naming: ACTION_NAMING })
  if (review === undefined || problems.length > 0) return { kind: 'invalid', problems }
  return Object.freeze({ kind: 'replay', dir, review, tallyDir: env.RUNNER_TEMP ?? '.' })
}

/** The review settings: the inputs over the policy file at the change's base (`lookup.text` undefined: there is none). */
/** `requireKeys`: false for a run that calls no model (a dismissal's re-tally). */
export function actionSettings(
  inputs: InputReader,
  env: Env,
  lookup: PolicyLookup,
  problems: string[],
  requireKeys = true,
): ReviewSettings | undefined {
  return readPolicySettings(inputs, lookup, env, problems, { requireKeys, naming: ACTION_NAMING })
}

/** Several problems as one message, for the log and thrown errors. */
export function problemsMessage(problems: readonly string[]): string {
  return problems.length === 1 ? (problems[0] ?? '') : `Invalid configuration:\n- ${problems.join('\n- ')}`
}

// A host, an optional port and plain path segments: it goes into every link of the report.
const SERVER_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/

function readGitHubSetup(v: InputValues, env: Env, event: unknown, problems: string[]): GitHubSetup | undefined {
  const before = problems.length
  const token = v['github-token']
  if (token === '') {
    problems.push(
      'Input `github-token` is empty. Leave it unset to use `${{ github.token }}`, or pass a token with `checks: write` and `pull-requests: write`.',
    )
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (owner === '' || repo === '') {
    problems.push('The GITHUB_REPOSITORY environment variable must look like "owner/repo"; run inside GitHub Actions or set it.')
  }
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const prText = v['pr-number']
  const prNumber = /^[1-9]\d{0,9}$/.test(prText) ? Number(prText) : undefined
  if (prText !== '' && prNumber === undefined) problems.push(`Input \`pr-number\` must be a pull request number like 42, got "${prText}".`)
  const command = v['comment-command']
  if (!/^\/[\w-]{1,40}$/.test(command)) problems.push(`Input \`comment-command\` must look like /review, got "${command}".`)
  const target =
    prText !== '' && prNumber === undefined
      ? undefined
      : targetFrom(
          eventName,
          event,
          { ...(prNumber !== undefined ? { prNumber } : {}), reviewDrafts: v['review-drafts'], command },
          problems,
        )
  const checkName = v['check-name']
  if (checkName.length > 100) problems.push('Input `check-name` must be at most 100 characters.')
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  if (!isHttpUrl(apiUrl)) problems.push(`The GITHUB_API_URL environment variable must be an http(s) URL, got "${apiUrl}".`)
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')
  if (!SERVER_URL.test(serverUrl))
    problems.push(`The GITHUB_SERVER_URL environment variable must be an http(s) URL like https://github.com, got "${serverUrl}".`)
  if (problems.length > before || target === undefined) return undefined
  const inline = { inlineComments: v['inline-comments'], maxInlineComments: v['max-inline-comments'] }
  return Object.freeze({
    token,
    apiUrl,
    serverUrl,
    owner,
    repo,
    eventName,
    target,
    checkName,
    tallyDir: env.RUNNER_TEMP ?? '.',
    command,
    ...inline,
  })
}
