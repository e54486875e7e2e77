// The action's wiring: configuration → the change to review → the pipeline →
// a reporter → the job's exit code. Every way a run can end without a verdict
// goes through the reporter (fail: bad configuration, a crash; cancel: a
// signal, handled from the first instruction), so a started check never stays
// in progress.
import { problemsMessage, readActionConfig } from './config/action.ts'
import { withHiddenChanges } from './core/diff/binary.ts'
import { pathMatcher } from './core/plan/select.ts'
import { progressCount, progressLine } from './core/render/progress.ts'
import { progressAt, type ProgressEvent } from './core/verdict/progress.ts'
import { plainText, redactSecrets } from './core/text/sanitize.ts'
import { noAnswer } from './core/verdict/assess.ts'
import { reviewChange } from './pipeline.ts'
import { replayEvidence } from './replay.ts'
import { binaryFacts } from './shell/github/binary-facts.ts'
import { resolveChange } from './shell/github/change.ts'
import { createGitHub } from './shell/github/client.ts'
import { fetchHeadFiles } from './shell/github/contents.ts'
import { guidanceAtBase } from './shell/github/guidance.ts'
import { watchCancellation, type Cancellation } from './shell/cancellation.ts'
import { settingsAtBase, type PolicyOutcome } from './shell/github/policy-file.ts'
import { NO_PREVIOUS_RUN, readPreviousRun } from './shell/github/previous-run.ts'
import { createModelClient, storedRepliesOnly } from './shell/models.ts'
import { readHistory } from './shell/github/history.ts'
import { since, systemTicker } from './shell/progress-feed.ts'
import { answerTrigger, commandGate } from './command-run.ts'
import { reporterFor } from './shell/reporters/for-run.ts'
import { runnerIO, setFailed, type ActionIO, type ActionResult } from './shell/runner.ts'

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
  if (config.kind === 'replay') return replayEvidence(io, config)
  const github = config.github
  if (!github) throw new Error(problemsMessage(config.kind === 'invalid' ? config.problems : []))
  const secrets = [github.token, ...(config.kind === 'ok' ? config.keys : [])]
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
  // Nothing waits for nothing: the check run's creation, the policy file at the base and our last comment all start now.
  const previous = config.kind === 'ok' ? readPreviousRun(gh, change, config.forceFullReview, io.warning) : Promise.resolve(NO_PREVIOUS_RUN)
  const policyRead: Promise<PolicyOutcome> =
    config.kind === 'ok'
      ? settingsAtBase(gh, github, change.baseSha, config.inputs, io.env, change.command === undefined)
      : Promise.resolve({ problems: config.problems })
  const guidance = guidanceAtBase(gh, github, change.baseSha, io.warning)
  if (config.kind === 'ok') guidance.prefetch(config.likelyGuidanceFiles)
  // A dismissal command is checked before anything is posted: a refused one changes nothing, not even the check.
  const waiting = change.command ? await commandGate(gh, change, await previous, await policyRead, github.command) : undefined
  if (waiting !== undefined) return skip(io, waiting)
  cancellation.throwIfCancelled() // nothing is written after a signal but what completes the check
  const answered = new Set<number>()
  const reporter = reporterFor(io, { gh, github, change, previous, secrets, policy: policyRead, answered })
  cancellation.finishWith((signal, deadline) =>
    reporter.cancel('Review cancelled', `The run was cancelled (${signal}) before a verdict. Re-run the workflow to review.`, deadline),
  )
  reporter.start(change.headSha)
  const policy = await policyRead
  const settings = policy.settings
  if (!settings) {
    await reporter.fail(
      'Configuration error: no review ran',
      `No model was called. Fix the configuration:\n\n${policy.problems.map((p) => `- ${plainText(p, 1000)}`).join('\n')}`,
    )
    throw new Error(problemsMessage(policy.problems))
  }
  try {
    // Planning starts as soon as the diff (and the guidance, read alongside) is known; our last comment's replies are needed only by the fan-out.
    const [diff, guided] = await Promise.all([change.loadDiff(), guidance.read(settings.guidanceFiles)])
    // A file GitHub shows as binary must be binary at the base, or its change is a gap (binary-facts.ts).
    const excluded = pathMatcher(settings.exclude)
    const facts = await binaryFacts(
      gh,
      github,
      change,
      diff.files.filter((f) => !excluded(f.path)),
    )
    const files = withHiddenChanges(diff.files, facts)
    const clock = since(io.ticker ?? systemTicker)
    const links = { server: github.serverUrl, owner: github.owner, repo: github.repo, headSha: change.headSha }
    const report = await reviewChange({ label: change.label, ...diff, files, links, guidance: guided }, settings, {
      client: change.command ? storedRepliesOnly(github.command) : createModelClient(settings),
      readHeadFiles: (paths) => fetchHeadFiles(gh, github, change.headSha, paths),
      reuse: previous.then((p) => p.reuse),
      secrets,
      log: io.info,
      onProgress: (event) => {
        reporter.progress(event)
        const elapsed = clock.since() // from the plan on
        if (io.progress) io.progress(event)
        else logReview(io, event, elapsed)
      },
      ...(io.approve ? { approve: io.approve } : {}),
      ...(change.pr || change.reuseFrom
        ? {
            history: async () => {
              const read = await readHistory(gh, change, await previous, { command: github.command, dismissal: settings.dismissal })
              read.commands?.answered.forEach((id) => answered.add(id))
              return read.history
            },
          }
        : {}),
    })
    cancellation.throwIfCancelled()
    report.warnings.forEach((w) => io.warning(w))
    if (report.dismissals?.unread !== undefined) io.warning(`Dismissals not applied: ${report.dismissals.unread}.`)
    await reporter.publish(report)
    await answerTrigger(gh, change, report, answered, io.warning)
    const unanswered = noAnswer(report)
    return unanswered === undefined ? report.conclusion : { ...report.conclusion, noAnswer: unanswered }
  } catch (error) {
    cancellation.throwIfCancelled()
    const message = plainText(redactSecrets(error instanceof Error ? error.message : String(error), secrets), 1000)
    await reporter.fail('Review did not complete', `The review stopped before a verdict: ${message}`)
    throw error
  }
}

/** The review just in, with the count so far and the time left: one line in the log. */
function logReview(io: ActionIO, event: ProgressEvent, elapsedMs: number): void {
  const review = event.reviews.at(-1)
  if (review) io.info(`${progressLine(review)} · ${progressCount(progressAt(event, elapsedMs, false))}`)
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
