// run(): the action's one error boundary. Wires the shell (GitHub, models,
// files) around the pure core and turns the gate into the job's exit code.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as core from '@actions/core'
import { ConfigError, readActionConfig, type ActionConfig, type Env, type GitHubTarget, type InputReader } from './config.ts'
import { assess } from './core/assess.ts'
import { planReview } from './core/plan.ts'
import { renderCheck, type CheckOutput } from './core/render/check.ts'
import { renderComment } from './core/render/comment.ts'
import { renderTallyJson } from './core/render/json.ts'
import { renderMarkdown } from './core/render/markdown.ts'
import { progressLine } from './core/render/progress.ts'
import { plainText, redactSecrets } from './core/sanitize.ts'
import { completeCheckRun, startCheckRun, type CheckRef } from './shell/github/check-run.ts'
import { createGitHub, httpStatus, type GitHub, type GitHubClientOptions } from './shell/github/client.ts'
import { getPullDiff, getPullRequest, type PrRef, type PullRequest } from './shell/github/pr-diff.ts'
import { upsertStickyComment, viewerLogin } from './shell/github/sticky-comment.ts'
import { runReviews } from './shell/review.ts'
import { createModelClient } from './shell/models.ts'

/** Everything the action touches outside the core; tests pass their own. */
export interface ActionIO {
  readonly input: InputReader
  readonly env: Env
  readonly readEvent: () => Promise<unknown>
  readonly setOutput: (name: string, value: string) => void
  readonly setSecret: (secret: string) => void
  readonly writeSummary: (markdown: string) => Promise<void>
  readonly info: (message: string) => void
  readonly warning: (message: string) => void
  /** Registers what to do when the runner cancels the job; returns an unregister function. */
  readonly onCancel?: (handler: (signal: string) => Promise<void>) => () => void
  readonly github?: GitHubClientOptions
}

export interface ActionResult {
  /** 'skipped' only when keys are missing and `on-missing-key: skip` asked for it; no check is posted then. */
  readonly conclusion: 'success' | 'failure' | 'skipped'
  readonly reasons: readonly string[]
}

// The login GITHUB_TOKEN posts as.
const DEFAULT_BOT_LOGIN = 'github-actions[bot]'

// > GitHub's step summary limit: "Job summaries are limited to 1MiB".
const STEP_SUMMARY_MAX = 1024 * 1024 - 1024

export async function run(): Promise<void> {
  try {
    const result = await runAction(defaultIO())
    if (result.conclusion === 'failure') core.setFailed(`Cross-lineage review failed:\n- ${result.reasons.join('\n- ')}`)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : `Unexpected failure: ${JSON.stringify(error)}`)
  }
}

export async function runAction(io: ActionIO): Promise<ActionResult> {
  const config = await readConfigOrReport(io).catch(async (error: unknown) => {
    if (!(error instanceof ConfigError && error.skip)) throw error
    return skipForMissingKey(io, error)
  })
  if ('conclusion' in config) return config
  const secrets = [config.github.token, ...config.review.reviewers.map((r) => r.apiKey)]
  secrets.forEach(io.setSecret)
  const gh = createGitHub(config.github.token, config.github.apiUrl, { warn: io.warning, ...io.github })
  const ref: PrRef = config.github
  const pr = await getPullRequest(gh, ref).catch((error: unknown) => {
    throw new Error(`Could not read pull request #${ref.prNumber} of ${ref.owner}/${ref.repo} (HTTP ${httpStatus(error) ?? '?'}): check \`pr-number\` and that \`github-token\` can read pull requests.`)
  })
  const check = await startCheckRun(gh, ref, config.github.checkName, pr.headSha).catch((error: unknown) => {
    throw new Error(`Could not create the check run (HTTP ${httpStatus(error) ?? '?'}): the workflow needs \`permissions: checks: write\`. Pull requests from forks get a read-only token: see "Fork pull requests" in the README.`)
  })
  // A cancelled job must not leave the check in progress (a pending required check
  // blocks the PR with no explanation) nor post a half-finished report.
  let cancelledBy: string | undefined
  const stopListening = io.onCancel?.(async (signal) => {
    cancelledBy = signal
    await completeCheckRun(gh, check, {
      conclusion: 'failure', title: 'Review cancelled', summary: `The run was cancelled (${signal}) before a verdict. Re-run the workflow to review.`, annotations: [],
    }).catch((e: unknown) => io.warning(`could not complete the check run: ${String(e)}`))
  })
  try {
    return await reviewAndReport(io, config, gh, ref, pr, check, secrets, () => cancelledBy)
  } catch (error) {
    if (cancelledBy === undefined) {
      const message = plainText(redactSecrets(error instanceof Error ? error.message : String(error), secrets), 1000)
      await completeCheckRun(gh, check, {
        conclusion: 'failure', title: 'Review did not complete', summary: `The review stopped before a verdict: ${message}`, annotations: [],
      }).catch((e: unknown) => io.warning(`could not complete the check run: ${String(e)}`))
    }
    throw error
  } finally {
    stopListening?.()
  }
}

async function reviewAndReport(
  io: ActionIO, config: ActionConfig, gh: GitHub, ref: PrRef, pr: PullRequest, check: CheckRef, secrets: readonly string[],
  cancelledBy: () => string | undefined,
): Promise<ActionResult> {
  const { review } = config
  const diff = await getPullDiff(gh, ref, pr.changedFiles)
  const plan = planReview(diff.files, review, diff.gaps)
  io.info(`${diff.files.length} file(s), ${plan.bundles.length} bundle(s), ${plan.skipped.length} skipped; ${review.reviewers.length} reviewers`)

  const results = await runReviews({
    reviewers: review.reviewers,
    bundles: plan.bundles,
    client: createModelClient({ ...review, deadline: AbortSignal.timeout(review.deadlineSeconds * 1000) }),
    concurrency: review.concurrency,
    secrets,
    retryThin: review.retryThin,
    onResult: (r) => io.info(progressLine(r)),
  })
  const signal = cancelledBy()
  if (signal !== undefined) throw new Error(`cancelled by ${signal}; nothing was posted`)

  const report = assess({
    plan, results, reviewers: review.reviewers, policy: review,
    subject: `pull request #${ref.prNumber} at ${pr.headSha.slice(0, 7)}`,
    warnings: [...review.warnings, ...diff.warnings],
  })
  report.warnings.forEach((w) => io.warning(w))

  const tallyPath = join(config.github.tallyDir, 'cross-lineage-review-tally.json')
  await mkdir(config.github.tallyDir, { recursive: true })
  await writeFile(tallyPath, redactSecrets(renderTallyJson(report), secrets))

  let commentUrl = ''
  try {
    const login = await viewerLogin(gh).catch(() => {
      io.warning(`could not read the token's login through GraphQL; assuming ${DEFAULT_BOT_LOGIN}`)
      return DEFAULT_BOT_LOGIN
    })
    const posted = await upsertStickyComment(gh, ref, login, redactSecrets(renderComment(report), secrets))
    commentUrl = posted.url
    io.info(`comment ${posted.action}: ${posted.url}${posted.removedDuplicates ? ` (${posted.removedDuplicates} duplicate(s) removed)` : ''}`)
  } catch (error) {
    io.warning(`Could not post the PR comment (HTTP ${httpStatus(error) ?? '?'}); the workflow needs \`permissions: pull-requests: write\`. The check run still carries the verdict.`)
  }

  await completeCheckRun(gh, check, redactOutput(renderCheck(report), secrets))
  await io.writeSummary(redactSecrets(renderMarkdown(report, STEP_SUMMARY_MAX), secrets)).catch((e: unknown) => io.warning(`could not write the step summary: ${String(e)}`))

  io.setOutput('conclusion', report.conclusion.conclusion)
  io.setOutput('convergent', String(report.tally.convergent))
  io.setOutput('distinct', String(report.tally.distinct))
  io.setOutput('tally-json', tallyPath)
  io.setOutput('comment-url', commentUrl)
  io.info(`${report.tally.convergent} convergent / ${report.tally.distinct} distinct: ${report.conclusion.conclusion}`)
  return report.conclusion
}

/** A configuration error still completes a failing check when the PR is known, so the PR says why. */
async function readConfigOrReport(io: ActionIO): Promise<ActionConfig> {
  try {
    return readActionConfig(io.input, io.env, await io.readEvent())
  } catch (error) {
    if (error instanceof ConfigError && error.github && !error.skip) await reportConfigFailure(io, error.github, error)
    throw error
  }
}

/** No key and `on-missing-key: skip`: say so everywhere we can, post no check (a required one stays pending). */
async function skipForMissingKey(io: ActionIO, error: ConfigError): Promise<ActionResult> {
  const reasons = [...error.problems, 'on-missing-key is skip: no review ran and no check was posted; a required check stays pending until a run with the key (e.g. workflow_dispatch by a maintainer).']
  reasons.forEach((r) => io.warning(r))
  await io.writeSummary(`## Cross-lineage review: skipped\n\n${reasons.map((r) => `- ${plainText(r, 1000)}`).join('\n')}\n`)
    .catch((e: unknown) => io.warning(`could not write the step summary: ${String(e)}`))
  io.setOutput('conclusion', 'skipped')
  return { conclusion: 'skipped', reasons }
}

async function reportConfigFailure(io: ActionIO, target: GitHubTarget, error: ConfigError): Promise<void> {
  try {
    io.setSecret(target.token)
    const gh = createGitHub(target.token, target.apiUrl, { warn: io.warning, ...io.github })
    const pr = await getPullRequest(gh, target)
    const check = await startCheckRun(gh, target, target.checkName, pr.headSha)
    await completeCheckRun(gh, check, {
      conclusion: 'failure',
      title: 'Configuration error: no review ran',
      summary: `No model was called. Fix the workflow configuration:\n\n${error.problems.map((p) => `- ${plainText(p, 1000)}`).join('\n')}`,
      annotations: [],
    })
  } catch (e) {
    io.warning(`could not report the configuration error on the pull request: ${plainText(String(e), 300)}`)
  }
}

function redactOutput(output: CheckOutput, secrets: readonly string[]): CheckOutput {
  return {
    ...output,
    title: redactSecrets(output.title, secrets),
    summary: redactSecrets(output.summary, secrets),
    annotations: output.annotations.map((a) => ({ ...a, title: redactSecrets(a.title, secrets), message: redactSecrets(a.message, secrets) })),
  }
}

function defaultIO(): ActionIO {
  return {
    input: (name) => core.getInput(name),
    env: process.env,
    readEvent: async () => {
      const path = process.env.GITHUB_EVENT_PATH
      return path ? JSON.parse(await readFile(path, 'utf8')) : {}
    },
    setOutput: core.setOutput,
    setSecret: core.setSecret,
    writeSummary: async (md) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md).write()
    },
    info: core.info,
    warning: core.warning,
    onCancel: (handler) => {
      const listener = (signal: NodeJS.Signals): void => {
        void handler(signal).finally(() => process.exit(1))
      }
      process.once('SIGINT', listener)
      process.once('SIGTERM', listener)
      return () => {
        process.off('SIGINT', listener)
        process.off('SIGTERM', listener)
      }
    },
  }
}
