// Every input of the action, once: name, kind, default, range, description.
// Validation, action.yml, the CLI flags, --help and the README table are all
// made from this list (scripts/generate.ts; a test holds them equal).
import { DEFAULT_LINE_WINDOW } from '../core/verdict/tally.ts'
import { DEFAULT_GUIDANCE_FILES } from './guidance-files.ts'
import { bool, enumOf, int, optionalInt, text, type Input } from './kinds.ts'

export const FAIL_ON = ['convergent-block', 'convergent-warn', 'any-block', 'never'] as const
export const CONTEXT_MODES = ['none', 'hunk', 'function'] as const
export const INLINE_COMMENTS = ['convergent', 'none'] as const

export const INPUTS = {
  'github-token': text({
    description: 'Token for reading the pull request and posting the comment and check run. Needs pull-requests write and checks write.',
    actionDefault: '${{ github.token }}',
    cli: false,
    file: false,
  }),
  'api-key': text({
    description: 'Key for the model endpoint (base-url). Pass it from a secret. Reviewers with their own api-key-env do not use it.',
    cli: false,
    file: false,
  }),
  'base-url': text({ description: 'OpenAI-compatible API base URL.', default: 'https://openrouter.ai/api/v1', value: 'URL', file: false }),
  reviewers: text({
    description:
      "One reviewer per line: name|model, or name|model|base-url|api-key-env (the environment variable holding that reviewer's key). Empty: Claude Opus, Kimi K2 and Qwen3 Coder on OpenRouter.",
    value: 'NAME|MODEL',
    multiple: true,
    file: false,
  }),
  'on-missing-key': enumOf(['fail', 'skip'], 'fail', {
    description:
      "When api-key (or a reviewer's key variable) is empty, as on fork pull requests: fail (the check fails and says why) or skip (no review and no check; the job passes, and a required check stays pending).",
    cli: 'pr',
    file: false,
  }),
  'pr-number': text({ description: 'Pull request to review when the event carries none (workflow_dispatch).', cli: false, file: false }),
  'review-drafts': bool(false, {
    description:
      'Review draft pull requests. When false, a draft is skipped (no check is posted, so a required check stays pending) until it is marked ready for review.',
    cli: false,
    file: false,
  }),
  'comment-command': text({
    description: 'On issue_comment, the comment that asks for a re-review (from a user with write access).',
    default: '/review',
    cli: false,
    file: false,
  }),
  replay: text({
    description:
      "An evidence directory (written by the CLI's --out, like examples/demo) to re-tally instead of reviewing a pull request: no model is called and nothing is posted to GitHub; the step summary, the outputs and the step's exit code carry the verdict. For auditing a recorded run, and for testing the action itself.",
    value: 'DIR',
    cli: false,
    file: false,
  }),
  'fail-on': enumOf(FAIL_ON, 'convergent-block', { description: 'When the check fails.' }),
  'min-reviewers': int(2, 1, 20, {
    description:
      'Complete reviews needed for every bundle, counted by lineage (two reviewers of one lineage count once); fewer fails the check.',
  }),
  'bundle-max-bytes': int(60_000, 1_000, 10_000_000, { description: 'Target size of one bundle of diff text sent to a reviewer.' }),
  'bundle-hard-max-bytes': int(100_000, 1_000, 10_000_000, { description: 'Nothing larger is ever sent to a model.' }),
  'max-tokens': int(4096, 1, 1_000_000, { description: 'Output token limit per model call.' }),
  'timeout-seconds': int(240, 1, 3600, {
    description:
      'Time limit per model call attempt. 5xx answers, timeouts and connection errors are retried twice; a rate limit (429, or 503 with Retry-After) is waited out and retried until deadline-seconds.',
  }),
  'deadline-seconds': int(900, 10, 6 * 3600, {
    description:
      "Time limit for all model calls of the run, waits for rate limits included; calls still running then are stopped and count as incomplete. Keep it below the job's timeout-minutes.",
  }),
  concurrency: int(9, 1, 64, {
    description:
      "Most model calls in flight at once for each reviewer (endpoint + model; provider limits are per model), so reviewers never wait on each other's calls. Below it each reviewer's pace adapts: a 429 narrows it to the calls its endpoint is still serving, and answers widen it again.",
  }),
  'line-window': int(DEFAULT_LINE_WINDOW, 0, 50, {
    description: "Two reviewers' citations at most this many lines apart (or overlapping ranges) count as the same location.",
  }),
  'numbered-lines': bool(true, {
    description:
      "Print each hunk line's new-side line number in front of it, so reviewers cite numbers they can see (the bytes count toward the bundle caps).",
  }),
  context: enumOf(CONTEXT_MODES, 'hunk', {
    description:
      "Context around each change: none (changed lines only), hunk (the diff's own context lines), or function (hunks extended to the enclosing function or class, read from the head commit; never past bundle-max-bytes).",
  }),
  'retry-thin': bool(false, {
    description:
      "When a reviewer's reply is thin (no finding, under one output token per 200 bundle bytes), ask it again on the bundle split in half.",
  }),
  prices: text({
    description:
      'Optional, one per line: model: IN/OUT in USD per million input/output tokens, for the cost report when the endpoint does not report cost (OpenRouter does).',
    value: "'MODEL: IN/OUT'",
    multiple: true,
  }),
  'force-full-review': bool(false, {
    description:
      "Ask every reviewer again. By default a bundle whose text is unchanged since the last run (same models, prompt and max-tokens) reuses that run's replies, carried in the sticky comment.",
    cli: 'pr',
    file: false,
  }),
  'max-tokens-per-run': optionalInt(1_000, 1_000_000_000, {
    description:
      'Optional limit on tokens per run, estimated before any call (input ≈ bytes/4 plus the prompt, output = max-tokens per call). Over it, the riskiest bundles (most changed lines outside tests) are reviewed and the rest are reported as not reviewed.',
  }),
  'max-cost': text({
    description: 'Optional limit in USD per run, estimated like max-tokens-per-run from the prices input (required with it).',
    value: 'USD',
  }),
  'over-budget': enumOf(['fail', 'pass'], 'fail', {
    description: 'When the budget leaves bundles out: fail (the check fails, naming them) or pass (they are listed as not reviewed).',
  }),
  'check-name': text({
    description: 'Name of the check run (use it as the required status check).',
    default: 'cross-lineage review',
    value: 'NAME',
    cli: 'pr',
    file: false,
  }),
  'inline-comments': enumOf(INLINE_COMMENTS, 'convergent', {
    description:
      'convergent: each convergent finding on a changed line becomes a review thread on that line (one review, a comment, never an approval), with a one-click suggestion when the agreeing reviewers propose the same fix; threads whose finding is no longer reported are resolved. none: only the sticky comment. Needs pull-requests write.',
    cli: 'pr',
    file: false,
  }),
  'max-inline-comments': int(25, 1, 100, {
    description:
      'At most this many review threads open for the current findings, most severe first (a thread already open stays open); the rest are listed in the sticky comment.',
    cli: 'pr',
    file: false,
  }),
  components: text({
    description:
      "Optional, one per line: name: glob, glob. Files matching a line's globs are reviewed together as that component (first match wins); other files are grouped by directory (services/<name>, packages/<name>, …, else the top-level directory).",
    value: "'NAME: GLOB, GLOB'",
    multiple: true,
  }),
  exclude: text({
    description:
      'Globs of files not to review, one per line or comma-separated, added to the built-in list (lockfiles, dist/, minified, generated, vendored and snapshot files). A leading ! re-includes what the other globs exclude (!dist/schema.json).',
    value: 'GLOBS',
    multiple: true,
  }),
  'exclude-defaults': bool(true, {
    description: 'Exclude the built-in list of lockfiles, build output and generated files; false reviews them unless exclude names them.',
  }),
  'guidance-files': text({
    description:
      "The repository's guidance files for AI tools, one path per line or comma-separated, read at the base commit (never the pull request's head) and given to every reviewer as the repository's guidance, below the review's own rules: they cannot change the reply format or the gate. At most 8,000 bytes a file and 16,000 in all; the report names them with their sizes and says what was cut. none turns it off.",
    default: DEFAULT_GUIDANCE_FILES.join(', '),
    value: 'PATHS',
    multiple: true,
    none: 'none',
  }),
  language: text({
    description:
      "Language of the findings' text (WHAT, WHY and the verdict's words), e.g. German or pt-BR. Keys, severities, verdicts and paths stay in English. Empty: English.",
    value: 'LANGUAGE',
  }),
} as const satisfies Record<string, Input<unknown>>

export const OUTPUTS = {
  conclusion: 'success or failure.',
  convergent: 'Number of locations flagged by at least two lineages.',
  distinct: 'Number of distinct locations flagged by any reviewer.',
  dismissed: 'Number of findings a standing dismissal took out of the gate (`/review dismiss`).',
  'tally-json': 'Path of a JSON file with every finding, its label and the per-reviewer evidence.',
  'comment-url': 'URL of the sticky pull-request comment (empty if it could not be posted).',
} as const

export type OutputName = keyof typeof OUTPUTS
export type InputName = keyof typeof INPUTS
export type InputValues = { readonly [K in InputName]: ReturnType<(typeof INPUTS)[K]['parse']> }

/** Reads one raw value per input. */
export type InputReader = (name: InputName) => string

/** How messages name an input: the action speaks of inputs, the CLI of flags. */
export interface Naming {
  /** As a sentence's subject: "Input `x`" or "--x". */
  readonly input: (name: InputName) => string
  /** When referring to it: "`x`" or "--x". */
  readonly ref: (name: InputName) => string
  /** In running text next to a value, e.g. "max-cost $2" or "--max-cost $2". */
  readonly plain: (name: InputName) => string
  /** Telling the user how to give a value: "set x: v" or "pass --x v". */
  readonly setting: (name: InputName, value: string) => string
  /** What explicitly set inputs are called in the report ("workflow inputs", "flags"). */
  readonly inputsName?: string
}

export const ACTION_NAMING: Naming = {
  input: (name) => `Input \`${name}\``,
  ref: (name) => `\`${name}\``,
  plain: (name) => name,
  setting: (name, value) => `set ${name}: ${value}`,
  inputsName: 'workflow inputs',
}

export const FLAG_NAMING: Naming = {
  input: (name) => `--${name}`,
  ref: (name) => `--${name}`,
  plain: (name) => `--${name}`,
  setting: (name, value) => `pass --${name} ${value}`,
  inputsName: 'flags',
}

/** Every input parsed by its kind; a bad value records a problem that names it, and leaves the default. */
export function readInputs(read: InputReader, problems: string[], naming: Naming): InputValues {
  const entries = (Object.keys(INPUTS) as InputName[]).map((name) => [name, INPUTS[name].parse(read(name), problems, naming.input(name))])
  return Object.fromEntries(entries) as InputValues
}
