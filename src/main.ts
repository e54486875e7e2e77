// The action's wiring: configuration → the change to review → the pipeline →
// a reporter → the job's exit code. Every way a run can end without a verdict
// goes through the reporter (fail: bad configuration, a crash; cancel: a
// signal, handled from the first instruction), so a started check never stays
// in progress.
import { problemsMessage, readActionConfig, type GitHubSetup } from './config/action.ts'
import type { ReviewSettings } from './config/settings.ts'
import { encodeReuse, storableReplies } from './core/reply/reuse.ts'
import { progressLine } from './core/render/progress.ts'
import { plainText, redactSecrets } from './core/text/sanitize.ts'
import { reviewChange } from './pipeline.ts'
import { resolveChange, type Change } from './shell/github/change.ts'
import { createGitHub, type GitHub } from './shell/github/client.ts'
import { fetchHeadFiles } from './shell/github/contents.ts'
import { watchCancellation, type Cancellation } from './shell/cancellation.ts'
import { NO_PREVIOUS_RUN, readPreviousRun, type PreviousRun } from './shell/github/previous-run.ts'
import { createModelClient } from './shell/models.ts'
import { consoleReporter } from './shell/reporters/console.ts'
import { githubReporter } from './shell/reporters/github.ts'
import type { Reporter } from './shell/reporters/reporter.ts'
import { runnerIO, setFailed, type ActionIO } from './shell/runner.ts'

export interface ActionResult {
  /** 'skipped': nothing was reviewed on purpose (a draft, not a command, no key with on-missing-key: skip); no check is posted. */
  readonly conclusion: 'success' | 'failure' | 'skipped'
  readonly reasons: readonly string[]
}

export async function run(): Promise<void> {
  try {
    const result = await runAction(runnerIO())
    if (result.conclusion === 'failure') setFailed(`Cross-lineage review failed:\n- ${result.reasons.join('\n- ')}`)
  } catch (error) {
    setFailed(error instanceof Error ? error.message : `Unexpected failure: ${JSON.stringify(error)}`)
  }
}

export function runAction(io: ActionIO): Promise<ActionResult> {
  const cancellation = watchCancellation(io) // first: a signal at any moment from here on is handled
  return cancellation.outlast(review(io, cancellation))
}

async function review(io: ActionIO, cancellation: Cancellation): Promise<ActionResult> {
  const config = readActionConfig(io.input, io.env, await io.readEvent())
  if (config.kind === 'skip') return skip(io, config.reasons)
  const github = config.github
  if (!github) throw new Error(problemsMessage(config.kind === 'invalid' ? config.problems : []))
  const secrets = [github.token, ...(config.kind === 'ok' ? config.review.reviewers.map((r) => r.apiKey) : [])]
  secrets.forEach(io.setSecret)
  const gh = createGitHub(github.token, github.apiUrl, { warn: io.warning, ...io.github })
  const configError = config.kind === 'invalid' ? new Error(problemsMessage(config.problems)) : undefined
  const resolution = await resolveChange(gh, github, github.target).catch((error: unknown) => {
    throw configError ?? error
  })
  if (resolution.kind === 'ignore') {
    if (configError) throw configError
    return skip(io, [`Not reviewed: ${resolution.reason}.`])
  }
  const change = resolution.change
  const settings = config.kind === 'ok' ? config.review : undefined
  // Nothing waits for nothing: the reads the review needs and the check run's creation all start now.
  const previous = settings ? readPreviousRun(gh, change, settings.forceFullReview, io.warning) : Promise.resolve(NO_PREVIOUS_RUN)
  cancellation.throwIfCancelled() // nothing is written after a signal but what completes the check
  const reporter = makeReporter(io, gh, github, change, previous, secrets, settings)
  cancellation.finishWith((signal, deadline) =>
    reporter.cancel('Review cancelled', `The run was cancelled (${signal}) before a verdict. Re-run the workflow to review.`, deadline),
  )
  reporter.start(change.headSha)
  if (!settings) {
    const problems = config.kind === 'invalid' ? config.problems : []
    await reporter.fail(
      'Configuration error: no review ran',
      `No model was called. Fix the workflow configuration:\n\n${problems.map((p) => `- ${plainText(p, 1000)}`).join('\n')}`,
    )
    throw configError ?? new Error('invalid configuration')
  }
  try {
    const [diff, { reuse }] = await Promise.all([change.loadDiff(), previous])
    const report = await reviewChange({ label: change.label, ...diff }, settings, {
      client: createModelClient(settings),
      readHeadFiles: (paths) => fetchHeadFiles(gh, github, change.headSha, paths),
      reuse,
      secrets,
      log: io.info,
      onReview: (r) => io.info(progressLine(r)),
      ...(io.approve ? { approve: io.approve } : {}),
    })
    cancellation.throwIfCancelled()
    report.warnings.forEach((w) => io.warning(w))
    await reporter.publish(report)
    return report.conclusion
  } catch (error) {
    cancellation.throwIfCancelled()
    const message = plainText(redactSecrets(error instanceof Error ? error.message : String(error), secrets), 1000)
    await reporter.fail('Review did not complete', `The review stopped before a verdict: ${message}`)
    throw error
  }
}

function makeReporter(
  io: ActionIO,
  gh: GitHub,
  github: GitHubSetup,
  change: Change,
  previous: Promise<PreviousRun>,
  secrets: readonly string[],
  settings: ReviewSettings | undefined,
): Reporter {
  if (io.dryRun) {
    const where = change.pr ? `${change.pr.owner}/${change.pr.repo}#${change.pr.prNumber}` : change.label
    return consoleReporter({ write: io.print ?? io.info, note: io.warning, heading: `--- what would be posted on ${where} (dry run) ---` })
  }
  return githubReporter(io, {
    gh,
    owner: github.owner,
    repo: github.repo,
    checkName: github.checkName,
    tallyDir: github.tallyDir,
    secrets,
    ...(change.pr ? { pr: { ref: change.pr, ours: previous.then((p) => p.ours ?? []) } } : {}),
    reuseBlock: (report) =>
      settings ? encodeReuse(storableReplies(report.reviews, report.bundles, settings.reviewers, settings.maxTokens)) : '',
  })
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
