// run(): the action's one error boundary. Wires the shell (GitHub, models,
// files) around the pure core and turns the gate into the job's exit code.
import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { ConfigError, readActionConfig, type ActionConfig, type GitHubTarget } from './config/action.ts'
import type { Env, InputReader } from './config/inputs.ts'
import { assess } from './core/verdict/assess.ts'
import { extendWithinCap, withoutContext } from './core/diff/context.ts'
import { planReview } from './core/plan/plan.ts'
import { selectFiles } from './core/plan/select.ts'
import type { FileDiff } from './core/diff/types.ts'
import { fetchHeadFiles } from './shell/github/contents.ts'
import type { Annotation } from './core/render/check.ts'
import { progressLine } from './core/render/progress.ts'
import { decodeReuse, encodeReuse, storableReplies } from './core/reply/reuse.ts'
import { plainText, redactSecrets } from './core/text/sanitize.ts'
import { completeCheckRun, startCheckRun, supersedeStaleChecks, type CheckRef } from './shell/github/check-run.ts'
import { createGitHub, httpStatus, type GitHub, type GitHubClientOptions } from './shell/github/client.ts'
import type { PrRef } from './shell/github/diff.ts'
import { DEFAULT_BOT_LOGIN, findStickyComments, viewerLogin, type OwnComment } from './shell/github/sticky-comment.ts'
import { resolveSubject, type ReviewSubject } from './shell/github/change.ts'
import { createModelClient } from './shell/models.ts'
import { publish } from './shell/reporters/github.ts'
import { runReviews } from './shell/review-all.ts'

/** Everything the action touches outside the core; tests pass their own. */
export interface ActionIO {
  readonly input: InputReader
  readonly env: Env
  readonly readEvent: () => Promise<unknown>
  readonly setOutput: (name: string, value: string) => void
  readonly setSecret: (secret: string) => void
  readonly writeSummary: (markdown: string) => Promise<void>
  /** A workflow-command annotation, used when no check run can be created. */
  readonly annotate: (annotation: Annotation) => void
  readonly info: (message: string) => void
  readonly warning: (message: string) => void
  /** Registers what to do when the runner cancels the job; returns an unregister function. */
  readonly onCancel?: (handler: (signal: string) => Promise<void>) => () => void
  readonly github?: GitHubClientOptions
  /** Read from GitHub, call the models, but post nothing: print what would be posted (CLI --dry-run). */
  readonly dryRun?: boolean
}

export interface ActionResult {
  /** 'skipped': nothing was reviewed on purpose (a draft, not a command, no key with on-missing-key: skip); no check is posted. */
  readonly conclusion: 'success' | 'failure' | 'skipped'
  readonly reasons: readonly string[]
}

export async function run(): Promise<void> {
  try {
    const result = await runAction(defaultIO())
    if (result.conclusion === 'failure') core.setFailed(`Cross-lineage review failed:\n- ${result.reasons.join('\n- ')}`)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : `Unexpected failure: ${JSON.stringify(error)}`)
  }
}

export async function runAction(io: ActionIO): Promise<ActionResult> {
  let config: ActionConfig
  try {
    config = await readConfigOrReport(io)
  } catch (error) {
    if (error instanceof ConfigError && error.skip) {
      return skip(io, [
        ...error.problems,
        'on-missing-key is skip: no model was called and no check was posted; a required check stays pending until a run with the key (e.g. workflow_dispatch by a maintainer).',
      ])
    }
    throw error
  }
  const secrets = [config.github.token, ...config.review.reviewers.map((r) => r.apiKey)]
  secrets.forEach(io.setSecret)
  const gh = createGitHub(config.github.token, config.github.apiUrl, { warn: io.warning, ...io.github })
  const resolution = await resolveSubject(gh, config.github, config.github.subject)
  if (resolution.kind === 'ignore') return skip(io, [`Not reviewed: ${resolution.reason}.`])
  const subject = resolution.subject
  const check = io.dryRun
    ? undefined
    : await startCheckRun(gh, config.github, config.github.checkName, subject.headSha).catch((error: unknown) => {
        io.warning(
          `Could not create the check run (HTTP ${httpStatus(error) ?? '?'}); reporting through workflow annotations and the job summary instead, ` +
            'and the job\'s exit code is the gate. Grant `permissions: checks: write` to get the check run (pull requests from forks get a read-only token: see "Fork pull requests" in the README).',
        )
        return undefined
      })

  if (check) {
    const superseded = await supersedeStaleChecks(gh, check, config.github.checkName, subject.headSha).catch(() => 0)
    if (superseded > 0) io.info(`completed ${superseded} check run(s) left in progress by earlier runs for this commit`)
  }

  // A cancelled job must not leave the check in progress (a pending required check
  // blocks the PR with no explanation) nor post a half-finished report.
  let cancelledBy: string | undefined
  const stopListening = io.onCancel?.(async (signal) => {
    cancelledBy = signal
    await completeFailed(
      io,
      gh,
      check,
      'Review cancelled',
      `The run was cancelled (${signal}) before a verdict. Re-run the workflow to review.`,
    )
  })
  try {
    return await reviewAndPublish(io, config, gh, subject, check, secrets, () => cancelledBy)
  } catch (error) {
    if (cancelledBy === undefined) {
      const message = plainText(redactSecrets(error instanceof Error ? error.message : String(error), secrets), 1000)
      await completeFailed(io, gh, check, 'Review did not complete', `The review stopped before a verdict: ${message}`)
    }
    throw error
  } finally {
    stopListening?.()
  }
}

async function reviewAndPublish(
  io: ActionIO,
  config: ActionConfig,
  gh: GitHub,
  subject: ReviewSubject,
  check: CheckRef | undefined,
  secrets: readonly string[],
  cancelledBy: () => string | undefined,
): Promise<ActionResult> {
  const { review } = config
  // Our comment from the last run: updated in place, and it carries replies to reuse
  // (a merge queue entry reuses its pull request's, where the bundles are unchanged).
  const pr = subject.pr ? { ref: subject.pr, ours: await ownComments(io, gh, subject.pr) } : undefined
  const reuseSource = pr?.ours ?? (subject.reuseFrom && !review.forceFullReview ? await ownComments(io, gh, subject.reuseFrom) : [])
  const stored = review.forceFullReview ? new Map() : decodeReuse(reuseSource[0]?.body)
  const diff = await subject.loadDiff()
  const files = await withContext(io, gh, config, subject.headSha, diff.files)
  const plan = planReview(files, review, diff.gaps)
  io.info(
    `${subject.title}: ${diff.files.length} file(s), ${plan.bundles.length} bundle(s), ${plan.skipped.length} not reviewed; ${review.reviewers.length} reviewers`,
  )

  const results = await runReviews({
    config: review,
    bundles: plan.bundles,
    client: createModelClient(review),
    secrets,
    reuse: stored,
    onResult: (r) => io.info(progressLine(r)),
  })
  const signal = cancelledBy()
  if (signal !== undefined) throw new Error(`cancelled by ${signal}; nothing was posted`)

  const report = assess({
    plan,
    results,
    reviewers: review.reviewers,
    policy: review,
    subject: subject.title,
    warnings: [...review.warnings, ...diff.warnings],
  })
  report.warnings.forEach((w) => io.warning(w))
  await publish(
    io,
    {
      gh,
      ...(pr ? { pr } : {}),
      ...(check ? { check } : {}),
      tallyDir: config.github.tallyDir,
      secrets,
      dryRun: io.dryRun === true,
      reuseBlock: encodeReuse(storableReplies(results, plan.bundles, review.reviewers, review.maxTokens)),
    },
    report,
  )
  return report.conclusion
}

/** Applies the `context` input; `function` reads the head version of each reviewable file. */
async function withContext(
  io: ActionIO,
  gh: GitHub,
  config: ActionConfig,
  headSha: string,
  files: readonly FileDiff[],
): Promise<readonly FileDiff[]> {
  const { review } = config
  if (review.context === 'none') return files.map(withoutContext)
  if (review.context === 'hunk') return files
  const paths = selectFiles(files, review.exclude)
    .reviewable.filter((f) => f.status !== 'deleted')
    .map((f) => f.path)
  const { texts, skipped } = await fetchHeadFiles(gh, config.github, headSha, paths)
  if (skipped > 0)
    io.info(`context: function: ${skipped} file(s) kept their plain hunks (too large, unreadable, or past the per-run limit)`)
  return files.map((f) => {
    const text = texts.get(f.path)
    return text === undefined ? f : extendWithinCap(f, text, review.bundleMaxBytes, review.numberedLines)
  })
}

async function ownComments(io: ActionIO, gh: GitHub, ref: PrRef): Promise<OwnComment[]> {
  let login = await viewerLogin(gh)
  if (login === undefined) {
    io.warning(`could not read the token's login through GraphQL; assuming ${DEFAULT_BOT_LOGIN}`)
    login = DEFAULT_BOT_LOGIN
  }
  return findStickyComments(gh, ref, login).catch((error: unknown) => {
    io.warning(
      `could not list the pull request's comments (HTTP ${httpStatus(error) ?? '?'}): a new comment will be posted and nothing is reused`,
    )
    return []
  })
}

async function completeFailed(io: ActionIO, gh: GitHub, check: CheckRef | undefined, title: string, summary: string): Promise<void> {
  if (!check) return
  await completeCheckRun(gh, check, { conclusion: 'failure', title, summary, annotations: [] }).catch((e: unknown) =>
    io.warning(`could not complete the check run: ${String(e)}`),
  )
}

/** Nothing to review on purpose: say so in the log and summary; post no check (neutral or skipped would pass a required check). */
async function skip(io: ActionIO, reasons: readonly string[]): Promise<ActionResult> {
  reasons.forEach((r) => io.warning(r))
  await io
    .writeSummary(`## Cross-lineage review: skipped\n\n${reasons.map((r) => `- ${plainText(r, 1000)}`).join('\n')}\n`)
    .catch((e: unknown) => io.warning(`could not write the step summary: ${String(e)}`))
  io.setOutput('conclusion', 'skipped')
  return { conclusion: 'skipped', reasons }
}

/** A configuration error still completes a failing check when the commit is known, so the PR says why. */
async function readConfigOrReport(io: ActionIO): Promise<ActionConfig> {
  try {
    return readActionConfig(io.input, io.env, await io.readEvent())
  } catch (error) {
    if (error instanceof ConfigError && error.github && !error.skip) await reportConfigFailure(io, error.github, error)
    throw error
  }
}

async function reportConfigFailure(io: ActionIO, target: GitHubTarget, error: ConfigError): Promise<void> {
  try {
    io.setSecret(target.token)
    const gh = createGitHub(target.token, target.apiUrl, { warn: io.warning, ...io.github })
    const resolution = await resolveSubject(gh, target, target.subject)
    if (resolution.kind === 'ignore') return
    const check = await startCheckRun(gh, target, target.checkName, resolution.subject.headSha)
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
    annotate: (a) => {
      const props = { file: a.path, startLine: a.start_line, endLine: a.end_line, title: a.title }
      if (a.annotation_level === 'failure') core.error(a.message, props)
      else if (a.annotation_level === 'warning') core.warning(a.message, props)
      else core.notice(a.message, props)
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
