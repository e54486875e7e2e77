// The same pipeline outside GitHub Actions: review a diff file, a git range,
// a recorded evidence directory, or a real pull request. The exit code is the gate.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ConfigError } from './config/action.ts'
import { readReviewConfig, type ReviewConfig } from './config/settings.ts'
import { assess } from './core/verdict/assess.ts'
import { withoutContext } from './core/diff/context.ts'
import { parseUnifiedDiff } from './core/diff/parse.ts'
import { planReview } from './core/plan/plan.ts'
import { annotationsFor } from './core/render/check.ts'
import { renderTallyJson } from './core/render/json.ts'
import { renderMarkdown } from './core/render/markdown.ts'
import { progressLine } from './core/render/progress.ts'
import type { Report } from './core/render/report.ts'
import { runAction } from './main.ts'
import { createEvidenceClient, readEvidenceDiff, writeEvidence } from './cli/evidence.ts'
import { createModelClient, type ReviewClient } from './shell/models.ts'
import { runReviews } from './shell/review-all.ts'

// Flags named like the action's inputs mean the same.
const INPUT_FLAGS = [
  'reviewers',
  'base-url',
  'fail-on',
  'min-reviewers',
  'bundle-max-bytes',
  'bundle-hard-max-bytes',
  'max-tokens',
  'timeout-seconds',
  'deadline-seconds',
  'concurrency',
  'exclude',
  'components',
  'line-window',
  'retry-thin',
  'numbered-lines',
  'context',
  'prices',
  'max-tokens-per-run',
  'max-cost',
  'over-budget',
] as const

export const HELP = `cross-lineage-review: three model lineages review a diff; what two agree on gates.

Usage:
  cross-lineage-review review <diff-file | git-range> [options]
      Review a diff file, or the output of \`git diff <git-range>\` (e.g. origin/main...HEAD).
  cross-lineage-review review --replay DIR [options]
      Re-tally an evidence directory written by --out, offline (no key, no network).
  cross-lineage-review review --pr owner/repo#N [--dry-run] [options]
      Review a pull request with GITHUB_TOKEN and post the comment (and check run, with an App token);
      --dry-run prints what would be posted instead.
  cross-lineage-review demo [--json]
      Replay the bundled example pull request (examples/demo) with its recorded replies.

Options (same meaning as the action's inputs):
  --reviewers TEXT          name|model or name|model|base-url|api-key-env, one per line
  --base-url URL            OpenAI-compatible endpoint (default OpenRouter)
  --api-key-env NAME        environment variable holding the key (default OPENROUTER_API_KEY)
  --fail-on POLICY          convergent-block | convergent-warn | any-block | never
  --min-reviewers N         complete replies needed per bundle (default 2)
  --bundle-max-bytes N      bundle size target (default 60000)
  --bundle-hard-max-bytes N never send more than this (default 100000)
  --max-tokens N  --timeout-seconds N  --deadline-seconds N  --concurrency N
  --exclude GLOBS  --components 'name: glob, glob' (one per line)  --line-window N
  --retry-thin true|false   --numbered-lines true|false
  --context none|hunk|function  (function needs the repository: with --pr only)
  --prices 'model: IN/OUT' (USD per million tokens, one per line)
  --max-tokens-per-run N  --max-cost USD  --over-budget fail|pass
Output:
  --out DIR                 write the evidence: input.diff, bundles/<bundle>/{bundle.diff,<reviewer>.md}, tally.md, tally.json
  --label TEXT              name the run in the report (default: the diff file or range)
  --json                    print the tally JSON instead of markdown
  -h, --help                this help

Exit code: 0 when the gate passes, 1 when it fails, 2 on bad usage.`

const DEMO_DIR = fileURLToPath(new URL('../examples/demo/', import.meta.url))

interface Flags {
  readonly values: Record<string, string | boolean | undefined>
  readonly command?: string
  readonly target?: string
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags(argv)
  if (typeof flags === 'string') return usageError(flags)
  const { values, command, target } = flags
  if (values.help || command === undefined) {
    process.stdout.write(`${HELP}\n`)
    return values.help ? 0 : 2
  }
  const sources = [target, values.replay, values.pr].filter((s) => s !== undefined)
  if (command === 'review' && sources.length !== 1)
    return usageError('review takes exactly one of: a diff file or git range, --replay DIR, --pr owner/repo#N')
  if (values['dry-run'] && values.pr === undefined) return usageError('--dry-run goes with --pr')
  if (values.pr !== undefined) return reviewPullRequest(String(values.pr), values, env)

  const offline = command === 'demo' || values.replay !== undefined
  const keyEnv = String(values['api-key-env'] ?? 'OPENROUTER_API_KEY')
  const problems: string[] = []
  const config = readReviewConfig(inputReader(values, env, keyEnv), env, problems, {
    requireKeys: !offline,
    missingKeyHint: `The environment variable ${keyEnv} is empty`,
    missingKeyFix: "Export the endpoint's key in it, or name another variable with --api-key-env.",
  })
  if (config === undefined) return usageError(new ConfigError(problems).message, false)

  const replayDir = command === 'demo' ? DEMO_DIR : (values.replay as string | undefined)
  const source =
    replayDir !== undefined
      ? {
          diffText: await readEvidenceDiff(replayDir),
          label: replayDir === DEMO_DIR ? 'the demo pull request (examples/demo, recorded replies)' : `evidence ${replayDir}`,
          client: createEvidenceClient(replayDir),
        }
      : await liveSource(target!, config)
  const report = await reviewDiff(source.diffText, String(values.label ?? source.label), config, source.client)
  if (values.out !== undefined) await writeEvidence(String(values.out), { diffText: source.diffText, report, now: new Date() })
  process.stdout.write(values.json ? `${renderTallyJson(report)}\n` : renderLocal(report))
  if (command === 'demo') return 0
  return report.conclusion.conclusion === 'success' ? 0 : 1
}

function parseFlags(argv: readonly string[]): Flags | string {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(INPUT_FLAGS.map((f) => [f, { type: 'string' as const }])),
        'api-key-env': { type: 'string' },
        replay: { type: 'string' },
        pr: { type: 'string' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        label: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
    const [command, target, ...extra] = positionals
    if (extra.length > 0) return `Unexpected arguments: ${extra.join(' ')}`
    if (command !== undefined && !['demo', 'review'].includes(command)) return `Unknown command: ${command}`
    return { values, ...(command ? { command } : {}), ...(target ? { target } : {}) }
  } catch (error) {
    return (error as Error).message
  }
}

function usageError(message: string, hint = true): number {
  process.stderr.write(`${message}\n${hint ? 'Run with --help for usage.\n' : ''}`)
  return 2
}

function inputReader(values: Flags['values'], env: NodeJS.ProcessEnv, keyEnv: string): (name: string) => string {
  return (name) => (name === 'api-key' ? (env[keyEnv] ?? '') : String(values[name] ?? ''))
}

async function reviewDiff(diffText: string, label: string, config: ReviewConfig, client: ReviewClient): Promise<Report> {
  if (config.context === 'function')
    process.stderr.write('warning: --context function reads files from GitHub and works with --pr only; using hunk\n')
  const files = parseUnifiedDiff(diffText)
  const plan = planReview(config.context === 'none' ? files.map(withoutContext) : files, config)
  process.stderr.write(`${plan.bundles.length} bundle(s) × ${config.reviewers.length} reviewers\n`)
  const results = await runReviews({
    config,
    bundles: plan.bundles,
    client,
    secrets: config.reviewers.map((r) => r.apiKey),
    onResult: (r) => process.stderr.write(`${progressLine(r)}\n`),
  })
  return assess({ plan, results, reviewers: config.reviewers, policy: config, subject: label, warnings: config.warnings })
}

async function liveSource(target: string, config: ReviewConfig): Promise<{ diffText: string; label: string; client: ReviewClient }> {
  const isFile = existsSync(target)
  const diffText = isFile
    ? await readFile(target, 'utf8')
    : execFileSync('git', ['diff', '--no-color', '--no-ext-diff', target], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
  const client = createModelClient(config)
  return { diffText, label: isFile ? `diff file ${target}` : `git diff ${target}`, client }
}

/** `--pr owner/repo#N`: the action itself, fed from flags and GITHUB_TOKEN, with a local log. */
async function reviewPullRequest(pr: string, values: Flags['values'], env: NodeJS.ProcessEnv): Promise<number> {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(pr)
  if (!m) return usageError(`--pr must look like owner/repo#123, got "${pr}"`)
  if (!env.GITHUB_TOKEN)
    return usageError(
      '--pr reads the pull request with the token in GITHUB_TOKEN, which is empty: export a token that can read it (and write comments unless --dry-run).',
      false,
    )
  const keyEnv = String(values['api-key-env'] ?? 'OPENROUTER_API_KEY')
  const flagInput = inputReader(values, env, keyEnv)
  const result = await runAction({
    input: (name) => (name === 'github-token' ? (env.GITHUB_TOKEN ?? '') : name === 'pr-number' ? m[3]! : flagInput(name)),
    env: {
      ...env,
      GITHUB_REPOSITORY: `${m[1]}/${m[2]}`,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      RUNNER_TEMP: String(values.out ?? env.RUNNER_TEMP ?? '.'),
    },
    readEvent: async () => ({}),
    dryRun: values['dry-run'] === true,
    setOutput: () => {},
    setSecret: () => {},
    writeSummary: async (md) => {
      process.stdout.write(md)
    },
    annotate: (a) => process.stdout.write(`${a.annotation_level} ${a.path}:${a.start_line} ${a.title}: ${a.message}\n`),
    info: (msg) => process.stderr.write(`${msg}\n`),
    warning: (msg) => process.stderr.write(`warning: ${msg}\n`),
  })
  return result.conclusion === 'failure' ? 1 : 0
}

function renderLocal(report: Report): string {
  const annotations = annotationsFor(report.tally.groups)
  const lines = annotations.map(
    (a) => `  ${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}${a.end_line !== a.start_line ? `-${a.end_line}` : ''}  ${a.title}`,
  )
  return [
    renderMarkdown(report, Number.MAX_SAFE_INTEGER),
    `Annotations (${annotations.length}):`,
    ...lines,
    '',
    `Gate: ${report.conclusion.conclusion} — ${report.tally.convergent} convergent / ${report.tally.distinct} distinct`,
    '',
  ].join('\n')
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
  },
)
