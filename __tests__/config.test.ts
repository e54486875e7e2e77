import { describe, expect, it } from 'vitest'
import { actionSettings, readActionConfig, type ActionConfig, type GitHubSetup } from '../src/config/action.ts'
import { POLICY_PATH } from '../src/config/policy.ts'
import type { ReviewSettings } from '../src/config/settings.ts'
import { DEFAULT_BASE_URL, lineageOf } from '../src/config/reviewers.ts'
import { DEFAULT_EXCLUDE } from '../src/core/plan/select.ts'
import { PROMPT_CHARS } from '../src/core/reply/prompt.ts'

const env = {
  GITHUB_REPOSITORY: 'octo/repo',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_API_URL: 'http://127.0.0.1:1',
  RUNNER_TEMP: '/tmp/rt',
}
const event = { pull_request: { number: 7 } }
const inputs =
  (over: Record<string, string> = {}) =>
  (name: string): string =>
    ({ 'github-token': 'ghs_token', 'api-key': 'sk-test-key', ...over })[name] ?? ''

const noFile = { path: POLICY_PATH, at: 'base 0000000' }

/** Every problem the run reports: the inputs' own, else those of the settings made at the base (no policy file here). */
function problemsOf(config: ActionConfig): readonly string[] {
  if (config.kind === 'skip' || config.kind === 'replay') throw new Error(`expected an invalid configuration, got ${config.kind}`)
  if (config.kind === 'invalid') return config.problems
  const problems: string[] = []
  if (actionSettings(config.inputs, env, noFile, problems) !== undefined) throw new Error('expected an invalid configuration, got ok')
  return problems
}

function ok(config: ActionConfig): { github: GitHubSetup; review: ReviewSettings } {
  if (config.kind !== 'ok') throw new Error(`expected a valid configuration, got ${JSON.stringify(config)}`)
  const problems: string[] = []
  const review = actionSettings(config.inputs, { ...env, B_KEY: 'sk-b-key-0000' }, noFile, problems)
  if (!review) throw new Error(problems.join('\n'))
  return { github: config.github, review }
}

describe('readActionConfig', () => {
  it('takes the server people see the repository on from GITHUB_SERVER_URL (GitHub Enterprise), refusing one that could not be linked to', () => {
    expect(ok(readActionConfig(inputs(), { ...env, GITHUB_SERVER_URL: 'https://ghe.example.com/' }, event)).github.serverUrl).toBe(
      'https://ghe.example.com',
    )
    expect(problemsOf(readActionConfig(inputs(), { ...env, GITHUB_SERVER_URL: 'https://x.test/a b)' }, event))).toEqual([
      'The GITHUB_SERVER_URL environment variable must be an http(s) URL like https://github.com, got "https://x.test/a b)".',
    ])
  })

  it('fills documented defaults', () => {
    const config = readActionConfig(inputs(), env, event)
    const c = ok(config)
    expect(c.github).toEqual({
      token: 'ghs_token',
      apiUrl: 'http://127.0.0.1:1',
      serverUrl: 'https://github.com',
      owner: 'octo',
      repo: 'repo',
      target: { kind: 'pull-request', prNumber: 7 },
      eventName: 'pull_request',
      checkName: 'cross-lineage review',
      tallyDir: '/tmp/rt',
      inlineComments: 'convergent',
      maxInlineComments: 25,
      command: '/review',
    })
    expect(c.review).toMatchObject({
      failOn: 'convergent-block',
      minReviewers: 2,
      bundleMaxBytes: 60_000,
      bundleHardMaxBytes: 100_000,
      maxTokens: 4096,
      timeoutSeconds: 240,
      deadlineSeconds: 900,
      concurrency: 9,
      exclude: DEFAULT_EXCLUDE,
      components: [],
      lineWindow: 3,
      retryThin: false,
      numberedLines: true,
      context: 'hunk',
      prices: new Map(),
      forceFullReview: false,
      warnings: [],
    })
    expect(c.review.reviewers.map((r) => [r.name, r.lineage, r.baseURL, r.keySource])).toEqual([
      ['opus', 'anthropic', DEFAULT_BASE_URL, 'api-key'],
      ['kimi', 'moonshotai', DEFAULT_BASE_URL, 'api-key'],
      ['qwen', 'qwen', DEFAULT_BASE_URL, 'api-key'],
    ])
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(c.review)).toBe(true)
  })

  it('takes pr-number over the event (workflow_dispatch has no pull_request)', () => {
    expect(
      ok(readActionConfig(inputs({ 'pr-number': '42' }), { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' }, { inputs: {} })).github.target,
    ).toEqual({ kind: 'pull-request', prNumber: 42 })
  })

  it('reads per-reviewer endpoints and keys from named environment variables', () => {
    const c = ok(
      readActionConfig(
        inputs({ reviewers: 'a|vendor/m1\n# comment\n\nb|m2|http://127.0.0.1:9/v1|B_KEY' }),
        { ...env, B_KEY: 'sk-b-key-0000' },
        event,
      ),
    )
    expect(c.review.reviewers.map((r) => [r.name, r.baseURL, r.apiKey, r.keySource])).toEqual([
      ['a', DEFAULT_BASE_URL, 'sk-test-key', 'api-key'],
      ['b', 'http://127.0.0.1:9/v1', 'sk-b-key-0000', 'B_KEY'],
    ])
  })

  it('names the api-key input and says what to do when it is empty; keeps the GitHub target to report it', () => {
    const config = readActionConfig(inputs({ 'api-key': '' }), env, event)
    expect(problemsOf(config)[0]).toMatch(
      /^Input `api-key` is empty, so reviewers opus, kimi, qwen cannot call https:\/\/openrouter.ai\/api\/v1\. Store the endpoint's key as a repository secret/,
    )
    expect(problemsOf(config)[0]).toMatch(/Fork pull requests/)
    expect(config).toMatchObject({ kind: 'invalid', github: { target: { kind: 'pull-request', prNumber: 7 } } })
  })

  it('quotes a malformed reviewers line', () => {
    expect(problemsOf(readActionConfig(inputs({ reviewers: 'opus|a/b\njust-a-name' }), env, event))).toEqual([
      'Input `reviewers`: line "just-a-name" has 1 field(s). Expected `name|model` or `name|model|base-url|api-key-env`.',
    ])
    expect(problemsOf(readActionConfig(inputs({ reviewers: 'x|m|ftp://h|K' }), env, event))[0]).toMatch(
      /line "x\|m\|ftp:\/\/h\|K" has a base-url that is not an http\(s\) URL/,
    )
    expect(problemsOf(readActionConfig(inputs({ reviewers: 'x|m\nx|n' }), env, event))[0]).toMatch(/repeats the reviewer name "x"/)
  })

  it('names the variable when a reviewer key variable is unset', () => {
    expect(problemsOf(readActionConfig(inputs({ reviewers: 'a|m|http://h/v1|MISSING_KEY\nb|m2' }), env, event))[0]).toMatch(
      /^Reviewer "a" reads its key from the environment variable MISSING_KEY, which is empty or unset/,
    )
  })

  it('rejects bad enums and numbers, all at once, before anything is read from GitHub', () => {
    expect(
      problemsOf(
        readActionConfig(inputs({ 'fail-on': 'sometimes', 'min-reviewers': '4', 'timeout-seconds': '-1', concurrency: '2.5' }), env, event),
      ),
    ).toEqual([
      'Input `fail-on` must be one of convergent-block | convergent-warn | any-block | never, got "sometimes".',
      'Input `timeout-seconds` must be a whole number from 1 to 3600, got "-1".',
      'Input `concurrency` must be a whole number from 1 to 64, got "2.5".',
    ])
  })

  it('rejects combinations once the policy file is known (it may set the other half)', () => {
    const config = readActionConfig(inputs({ 'min-reviewers': '4', 'bundle-max-bytes': '120000' }), env, event)
    expect(config.kind).toBe('ok')
    expect(problemsOf(config)).toEqual([
      'Input `min-reviewers` is 4 but only 3 reviewer(s) are configured; lower it or add reviewers.',
      'Input `bundle-hard-max-bytes` (100000) must be at least `bundle-max-bytes` (120000).',
    ])
  })

  it('refuses reviewers of one lineage: no finding could be convergent, and min-reviewers counts lineages', () => {
    const oneLineage = 'opus|anthropic/claude-opus-4.7\nsonnet|anthropic/claude-sonnet-4.6'
    expect(problemsOf(readActionConfig(inputs({ reviewers: oneLineage }), env, event))).toEqual([
      'Input `min-reviewers` is 2 but the reviewers span 1 lineage (anthropic); two reviewers of one lineage count once. Lower it or add a reviewer of another lineage.',
      'Input `fail-on` is convergent-block, but the reviewers span 1 lineage (anthropic): no finding can be convergent, so no finding could fail the check. Add a reviewer of another lineage, or set fail-on: any-block.',
    ])
    // Under any-block one lineage can gate, if min-reviewers asks for no more.
    const anyBlock = readActionConfig(inputs({ reviewers: oneLineage, 'fail-on': 'any-block', 'min-reviewers': '1' }), env, event)
    expect(ok(anyBlock).review.reviewers.map((r) => r.lineage)).toEqual(['anthropic', 'anthropic'])
  })

  it('reads the review-thread inputs, and names them when they are wrong', () => {
    expect(ok(readActionConfig(inputs({ 'inline-comments': 'none', 'max-inline-comments': '3' }), env, event)).github).toMatchObject({
      inlineComments: 'none',
      maxInlineComments: 3,
    })
    expect(problemsOf(readActionConfig(inputs({ 'inline-comments': 'all', 'max-inline-comments': '0' }), env, event))).toEqual([
      'Input `inline-comments` must be one of convergent | none, got "all".',
      'Input `max-inline-comments` must be a whole number from 1 to 100, got "0".',
    ])
  })

  it('explains a missing pull request', () => {
    expect(problemsOf(readActionConfig(inputs(), { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' }, { inputs: {} }))).toEqual([
      'No pull request to review: the workflow_dispatch event carries none and input `pr-number` is empty. Pass `pr-number` (for example from a workflow_dispatch input).',
    ])
    expect(problemsOf(readActionConfig(inputs(), { ...env, GITHUB_EVENT_NAME: 'push' }, {}))).toEqual([
      'The push event is not supported. Run on pull_request, pull_request_target, workflow_dispatch, workflow_run, merge_group, issue_comment, pull_request_review_comment (workflow_dispatch and workflow_run with `pr-number`).',
    ])
    expect(problemsOf(readActionConfig(inputs({ 'pr-number': '#5' }), env, event))).toEqual([
      'Input `pr-number` must be a pull request number like 42, got "#5".',
    ])
  })

  it('requires GITHUB_REPOSITORY and a token', () => {
    expect(problemsOf(readActionConfig(inputs({ 'github-token': '' }), { ...env, GITHUB_REPOSITORY: undefined }, event))).toEqual([
      'Input `github-token` is empty. Leave it unset to use `${{ github.token }}`, or pass a token with `checks: write` and `pull-requests: write`.',
      'The GITHUB_REPOSITORY environment variable must look like "owner/repo"; run inside GitHub Actions or set it.',
    ])
  })

  it('warns when reviewers share a lineage', () => {
    const c = ok(readActionConfig(inputs({ reviewers: 'opus|anthropic/opus\nsonnet|anthropic/sonnet\nqwen|qwen/qwen3-coder' }), env, event))
    expect(c.review.warnings).toEqual(['reviewers share a lineage (anthropic): their agreement counts once toward convergence'])
  })
})

describe('exclude input', () => {
  const excludeOf = (over: Record<string, string>): readonly string[] => ok(readActionConfig(inputs(over), env, event)).review.exclude

  it('adds to the built-in list, so lockfiles stay excluded', () => {
    expect(excludeOf({ exclude: 'docs/**, *.md' })).toEqual([...DEFAULT_EXCLUDE, 'docs/**', '*.md'])
  })

  it('keeps a comma inside braces in its glob', () => {
    expect(excludeOf({ exclude: 'gen/*.{js,ts}, *.md\ndocs/**' })).toEqual([...DEFAULT_EXCLUDE, 'gen/*.{js,ts}', '*.md', 'docs/**'])
  })

  it('drops the built-in list with exclude-defaults: false, and keeps !globs that re-include', () => {
    expect(excludeOf({ 'exclude-defaults': 'false', exclude: 'docs/**' })).toEqual(['docs/**'])
    expect(excludeOf({ exclude: '!dist/schema.json' })).toEqual([...DEFAULT_EXCLUDE, '!dist/schema.json'])
  })

  it('names an invalid glob and why', () => {
    expect(problemsOf(readActionConfig(inputs({ exclude: '[[[, docs/**, /src/**' }), env, event))).toEqual([
      'Input `exclude`: "[[[" is not a valid glob (Missing closing: "]" - use "\\\\]" to match literal characters).',
      'Input `exclude`: "/src/**" is not a valid glob (paths are relative to the repository root; drop the leading /).',
    ])
  })
})

describe('components input', () => {
  it('reads name: glob lines and quotes a bad one', () => {
    expect(
      ok(readActionConfig(inputs({ components: 'api: services/api/**, proto/**\n# c\nweb ui: web/**' }), env, event)).review.components,
    ).toEqual([
      { name: 'api', globs: ['services/api/**', 'proto/**'] },
      { name: 'web ui', globs: ['web/**'] },
    ])
    expect(problemsOf(readActionConfig(inputs({ components: 'no globs here' }), env, event))).toEqual([
      'Input `components`: line "no globs here" is not `name: glob, glob` (for example `api: services/api/**, proto/api/**`).',
    ])
    expect(problemsOf(readActionConfig(inputs({ components: 'api: services/api/[v1' }), env, event))[0]).toMatch(
      /^Input `components`: "services\/api\/\[v1" is not a valid glob \(Missing closing/,
    )
    expect(ok(readActionConfig(inputs({ components: 'web: web/*.{ts,tsx}, ui/**' }), env, event)).review.components).toEqual([
      { name: 'web', globs: ['web/*.{ts,tsx}', 'ui/**'] },
    ])
  })
})

describe('budget inputs', () => {
  it('max-cost needs a price for every model, and names the missing ones', () => {
    expect(
      problemsOf(readActionConfig(inputs({ 'max-cost': '2.50', reviewers: 'a|x/one\nb|y/two', prices: 'x/one: 3/15' }), env, event)),
    ).toEqual([
      "Input `max-cost` needs a price for every reviewer's model; add `prices` lines for y/two (USD per million tokens, e.g. `y/two: 3/15`).",
    ])
  })

  it('refuses a model priced twice (the later price used to win without a word)', () => {
    expect(problemsOf(readActionConfig(inputs({ prices: 'x/one: 3/15\nx/one: 1/5' }), env, event))).toEqual([
      'Input `prices`: x/one is priced twice; give each model one price.',
    ])
  })

  it('reads the limits and the over-budget choice', () => {
    const c = ok(readActionConfig(inputs({ 'max-tokens-per-run': '200000', 'over-budget': 'pass' }), env, event))
    expect(c.review.budget).toEqual({
      maxTokensPerRun: 200_000,
      maxTokens: 4096,
      prices: [undefined, undefined, undefined],
      passOverBudget: true,
      promptChars: PROMPT_CHARS,
      wording: { maxTokensPerRun: 'max-tokens-per-run', maxCost: 'max-cost', acceptPartial: 'set over-budget: pass' },
    })
    expect(ok(readActionConfig(inputs(), env, event)).review.budget).toBeUndefined()
    expect(problemsOf(readActionConfig(inputs({ 'over-budget': 'maybe' }), env, event))).toEqual([
      'Input `over-budget` must be one of fail | pass, got "maybe".',
    ])
    expect(problemsOf(readActionConfig(inputs({ 'max-cost': 'lots' }), env, event))).toEqual([
      'Input `max-cost` must be an amount in USD like 2.50, got "lots".',
    ])
  })
})

describe('lineageOf', () => {
  it.each([
    ['anthropic/claude-opus-4.7', 'anthropic'],
    ['qwen/qwen3-coder', 'qwen'],
    ['gpt-4o', 'gpt'],
  ])('%s → %s', (model, lineage) => expect(lineageOf(model)).toBe(lineage))
})
