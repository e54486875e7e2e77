// Report → everything that leaves the process on GitHub: the tally file, the
// sticky comment, the check run (or workflow annotations when there is none),
// the step summary and the outputs. Every body is redacted of known secrets last.
import { renderCheck, type CheckOutput } from '../../core/render/check.ts'
import { renderComment } from '../../core/render/comment.ts'
import { locationMarkdown } from '../../core/render/links.ts'
import { threadsSection } from '../../core/render/threads-summary.ts'
import { redactSecrets } from '../../core/text/sanitize.ts'
import type { Report } from '../../core/verdict/types.ts'
import { until } from '../cancellation.ts'
import { completeCheckNow, completeCheckRun, startCheckRun, supersedeStaleChecks, type CheckRef } from '../github/check-run.ts'
import { httpStatus, type GitHub } from '../github/client.ts'
import type { PrRef } from '../github/diff.ts'
import { upsertStickyComment, type OwnComment } from '../github/sticky-comment.ts'
import { WritesStopped } from '../github/write-gate.ts'
import { systemTicker, type Ticker } from '../progress-feed.ts'
import { checkProgress } from './check-progress.ts'
import { publishThreads } from './github-threads.ts'
import type { Ending, Reporter, RunnerLog } from './reporter.ts'
import { annotateWorkflow, summarize, writeTallyFile } from './runner-report.ts'
// A cancellation waits this long at most for writes in flight, leaving the rest of its grace to the completing request.
const CANCEL_WAIT_MS = 1500

export interface GitHubDestination {
  readonly gh: GitHub
  readonly owner: string
  readonly repo: string
  readonly checkName: string
  readonly tallyDir: string
  readonly secrets: readonly string[]
  /**
   * The pull request to comment on, our comments already on it and the token's login (REST's name), being read while the review runs;
   * the dismissal commands answered so far (added to as threads are answered).
   */
  readonly pr?: {
    readonly ref: PrRef
    readonly ours: Promise<readonly OwnComment[]>
    readonly login: Promise<string>
    readonly answered: Set<number>
  }
  /** Convergent findings on changed lines as review threads (inline-comments), at most `max` open. */
  readonly threads?: { readonly max: number }
  /** Hidden blocks carried in the comment for the next run (replies to reuse, the findings ledger), made from the report. */
  readonly hiddenState: (report: Report) => Promise<string>
  /** The clock progress updates are spaced by (tests drive one by hand). */
  readonly ticker?: Ticker
}

export function githubReporter(out: RunnerLog, to: GitHubDestination): Reporter {
  // Resolves to undefined when never started, and when the token cannot create a check: annotations then go to the workflow log.
  let created: Promise<CheckRef | undefined> = Promise.resolve(undefined)
  // The same, once earlier runs' checks left in progress are completed.
  let check = created
  let reviewed: string | undefined
  // The conclusion GitHub accepted for the check (or reported without one): what a later cancellation leaves standing.
  // Once cancelling, the cancellation alone decides it.
  let concluded: Ending | undefined
  let cancelling = false
  const conclude = (c: Ending): void => {
    if (!cancelling) concluded = c
  }
  const redact = (text: string): string => redactSecrets(text, to.secrets)
  const progress = checkProgress({ gh: to.gh, check: () => check, ticker: to.ticker ?? systemTicker, redact, warn: out.warning })
  return {
    start(headSha) {
      reviewed = headSha
      created = createCheck(out, to, headSha)
      check = created.then((c) => c && supersede(out, to, c, headSha))
    },

    progress: progress.update,

    async publish(report) {
      // Progress stops, and its write on the wire is answered, before anything of the verdict is sent.
      await progress.stop()
      const tallyPath = await writeTallyFile(report, to.tallyDir, redact)
      const state = await to.hiddenState(report)
      const target =
        to.pr && to.threads && reviewed !== undefined
          ? {
              gh: to.gh,
              ref: to.pr.ref,
              login: await to.pr.login,
              max: to.threads.max,
              headSha: reviewed,
              redact,
              answered: to.pr.answered,
            }
          : undefined
      const threads = target ? threadsSection(await publishThreads(out, target, report), locationMarkdown(report)) : []
      const commentUrl = to.pr ? await postComment(out, to, to.pr, redact(renderComment(report, state.length, threads)) + state) : ''
      const output = redactOutput(renderCheck(report), redact)
      const started = await check
      if (started) await completeCheckRun(to.gh, started, output)
      else annotateWorkflow(out, output.annotations)
      conclude(report.conclusion.conclusion)
      await summarize(out, report, { tallyPath, commentUrl }, redact)
    },

    async fail(title, summary) {
      await progress.stop()
      const started = await check
      if (!started) return
      await completeCheckRun(to.gh, started, { conclusion: 'failure', title, summary: redact(summary), annotations: [] }).then(
        () => {
          conclude('failure')
        },
        (e: unknown) => {
          if (!(e instanceof WritesStopped)) out.warning(`could not complete the check run: ${redact(String(e))}`)
        },
      )
    },

    async cancel(title, summary, deadline) {
      const standing = concluded
      cancelling = true
      void progress.stop() // nothing more is sent; the write on the wire is waited for below, with the others
      // Writes on the wire are answered first, so the completing request is the last write, whatever they were.
      const waiting = AbortSignal.any([deadline, AbortSignal.timeout(CANCEL_WAIT_MS)])
      await until(to.gh.stopWrites(), waiting)
      if (standing) return standing
      const started = await until(created, waiting)
      if (started) {
        await completeCheckNow(to.gh, started, { title, summary: redact(summary) }, deadline).catch((e: unknown) => {
          out.warning(`could not complete the check run: ${redact(String(e))}`)
        })
      }
      return 'failure'
    },
  }
}

/** The check in progress; never throws. */
function createCheck(out: RunnerLog, to: GitHubDestination, headSha: string): Promise<CheckRef | undefined> {
  return startCheckRun(to.gh, to, to.checkName, headSha).catch((error: unknown) => {
    if (error instanceof WritesStopped) return undefined
    out.warning(
      `Could not create the check run (HTTP ${httpStatus(error) ?? '?'}); reporting through workflow annotations and the job summary instead, ` +
        'and the job\'s exit code is the gate. Grant `permissions: checks: write` to get the check run (pull requests from forks get a read-only token: see "Fork pull requests" in the README).',
    )
    return undefined
  })
}

/** Earlier runs' checks for this commit completed; never throws. */
async function supersede(out: RunnerLog, to: GitHubDestination, check: CheckRef, headSha: string): Promise<CheckRef> {
  const superseded = await supersedeStaleChecks(to.gh, check, to.checkName, headSha).catch((error: unknown) => {
    if (!(error instanceof WritesStopped))
      out.warning(`could not look for earlier runs' checks left in progress (HTTP ${httpStatus(error) ?? '?'})`)
    return 0
  })
  if (superseded > 0) out.info(`completed ${superseded} check run(s) left in progress by earlier runs for this commit`)
  return check
}

async function postComment(out: RunnerLog, to: GitHubDestination, pr: NonNullable<GitHubDestination['pr']>, body: string): Promise<string> {
  try {
    const posted = await upsertStickyComment(to.gh, pr.ref, await pr.ours, body)
    out.info(
      `comment ${posted.action}: ${posted.url}${posted.removedDuplicates ? ` (${posted.removedDuplicates} duplicate(s) removed)` : ''}`,
    )
    return posted.url
  } catch (error) {
    if (error instanceof WritesStopped) throw error
    out.warning(
      `Could not post the PR comment (HTTP ${httpStatus(error) ?? '?'}); the workflow needs \`permissions: pull-requests: write\`. The check and the job summary still carry the verdict.`,
    )
    return ''
  }
}

function redactOutput(output: CheckOutput, redact: (text: string) => string): CheckOutput {
  return {
    ...output,
    title: redact(output.title),
    summary: redact(output.summary),
    annotations: output.annotations.map((a) => ({ ...a, path: redact(a.path), title: redact(a.title), message: redact(a.message) })),
  }
}
