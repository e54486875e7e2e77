// The same pipeline outside GitHub: review a diff file or git range, or replay
// the bundled demo. Prints the report; the exit code is the gate.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ConfigError } from './config/action.ts'
import { readReviewConfig, type ReviewConfig } from './config/review.ts'
import { assess } from './core/assess.ts'
import { parseUnifiedDiff } from './core/diff.ts'
import { planReview } from './core/plan.ts'
import { annotationsFor } from './core/render/check.ts'
import { renderTallyJson } from './core/render/json.ts'
import { renderMarkdown } from './core/render/markdown.ts'
import type { Report } from './core/render/report.ts'
import { progressLine } from './core/render/progress.ts'
import { runReviews } from './shell/review.ts'
import { createModelClient, type ReviewClient } from './shell/models.ts'
import { createReplayClient } from './shell/replay.ts'

const INPUT_FLAGS = [
  'reviewers', 'base-url', 'fail-on', 'min-reviewers', 'bundle-max-bytes', 'bundle-hard-max-bytes',
  'max-tokens', 'timeout-seconds', 'deadline-seconds', 'concurrency', 'exclude', 'components', 'line-window', 'retry-thin',
] as const

export const HELP = `cross-lineage-review: three model lineages review a diff; what two agree on gates.

Usage:
  cross-lineage-review demo [--json]
      Replay the bundled example pull request with recorded replies (no key, no network).
  cross-lineage-review review <diff-file | git-range> [options]
      Review a diff file, or the output of \`git diff <git-range>\` (e.g. origin/main...HEAD).

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
  --retry-thin true|false
  --json                    print the tally JSON instead of markdown
  -h, --help                this help

Exit code: 0 when the gate passes, 1 when it fails, 2 on bad usage.`

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(INPUT_FLAGS.map((f) => [f, { type: 'string' as const }])),
        'api-key-env': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nRun with --help for usage.\n`)
    return 2
  }
  const { values, positionals } = parsed
  const [command, target, ...extra] = positionals
  if (values.help || command === undefined) {
    process.stdout.write(`${HELP}\n`)
    return values.help ? 0 : 2
  }
  if (extra.length > 0 || (command === 'review' && target === undefined) || !['demo', 'review'].includes(command)) {
    process.stderr.write(`Unexpected arguments: ${positionals.join(' ')}\nRun with --help for usage.\n`)
    return 2
  }

  const demo = command === 'demo'
  const keyEnv = (values['api-key-env'] as string | undefined) ?? 'OPENROUTER_API_KEY'
  const input = (name: string): string => (name === 'api-key' ? (env[keyEnv] ?? '') : ((values as Record<string, unknown>)[name] as string | undefined) ?? '')
  const problems: string[] = []
  const config = readReviewConfig(input, env, problems, {
    requireKeys: !demo,
    missingKeyHint: `The environment variable ${keyEnv} is empty`,
    missingKeyFix: `Export the endpoint's key in it, or name another variable with --api-key-env.`,
  })
  if (config === undefined) {
    const error = new ConfigError(problems)
    process.stderr.write(`${error.message}\n`)
    return 2
  }

  const { diffText, subject, client } = demo ? await demoSource(config) : await reviewSource(target!, config)
  const report = await reviewDiff(diffText, subject, config, client)
  process.stdout.write(values.json ? `${renderTallyJson(report)}\n` : renderLocal(report))
  if (demo) return 0
  return report.conclusion.conclusion === 'success' ? 0 : 1
}

async function reviewDiff(diffText: string, subject: string, config: ReviewConfig, client: ReviewClient): Promise<Report> {
  const plan = planReview(parseUnifiedDiff(diffText), config)
  process.stderr.write(`${plan.bundles.length} bundle(s) × ${config.reviewers.length} reviewers\n`)
  const results = await runReviews({
    reviewers: config.reviewers,
    bundles: plan.bundles,
    client,
    concurrency: config.concurrency,
    secrets: config.reviewers.map((r) => r.apiKey),
    retryThin: config.retryThin,
    onResult: (r) => process.stderr.write(`${progressLine(r)}\n`),
  })
  return assess({ plan, results, reviewers: config.reviewers, policy: config, subject, warnings: config.warnings })
}

function renderLocal(report: Report): string {
  const annotations = annotationsFor(report.tally.groups)
  const lines = annotations.map((a) => `  ${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}${a.end_line !== a.start_line ? `-${a.end_line}` : ''}  ${a.title}`)
  return [
    renderMarkdown(report, Number.MAX_SAFE_INTEGER),
    `Annotations (${annotations.length}):`,
    ...lines,
    '',
    `Gate: ${report.conclusion.conclusion} — ${report.tally.convergent} convergent / ${report.tally.distinct} distinct`,
    '',
  ].join('\n')
}

const DEMO_DIR = fileURLToPath(new URL('../examples/demo/', import.meta.url))

async function demoSource(_config: ReviewConfig): Promise<{ diffText: string; subject: string; client: ReviewClient }> {
  return {
    diffText: await readFile(`${DEMO_DIR}pr.diff`, 'utf8'),
    subject: 'the demo pull request (examples/demo, recorded replies)',
    client: createReplayClient(`${DEMO_DIR}replies`),
  }
}

async function reviewSource(target: string, config: ReviewConfig): Promise<{ diffText: string; subject: string; client: ReviewClient }> {
  const diffText = existsSync(target)
    ? await readFile(target, 'utf8')
    : execFileSync('git', ['diff', '--no-color', '--no-ext-diff', target], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
  return { diffText, subject: existsSync(target) ? `diff file ${target}` : `git diff ${target}`, client: createModelClient({ ...config, deadline: AbortSignal.timeout(config.deadlineSeconds * 1000) }) }
}

main(process.argv.slice(2), process.env).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
  },
)
