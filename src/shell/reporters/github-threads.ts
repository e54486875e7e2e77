// The verdict's convergent findings as review threads: list ours, plan
// (core/render/thread-plan.ts), post one review, restore and resolve. GitHub
// refusing any of it (a fork's read-only token, a 403 or 422) is a warning and
// a line in the sticky comment; the rest of the report goes on. Never throws.
import { dismissedReply } from '../../core/render/command-reply.ts'
import { planThreads, type ThreadPlan } from '../../core/render/thread-plan.ts'
import { withGoneNote } from '../../core/render/thread.ts'
import type { ThreadsSummary } from '../../core/render/threads-summary.ts'
import type { Report } from '../../core/verdict/types.ts'
import { httpStatus, type GitHub } from '../github/client.ts'
import type { PrRef } from '../github/diff.ts'
import { replyInThread } from '../github/command-replies.ts'
import { editReviewComment, listOwnThreads, postReview, reopenThread, resolveThread } from '../github/review-threads.ts'
import type { RunnerLog } from './reporter.ts'

export interface ThreadsTarget {
  readonly gh: GitHub
  readonly ref: PrRef
  /** The token's login as REST names it. */
  readonly login: string
  readonly headSha: string
  readonly max: number
  readonly redact: (text: string) => string
  /** Dismissal commands answered (on the pull request, or here): their finding's thread has its reply. Added to as they are. */
  readonly answered: Set<number>
}

export async function publishThreads(out: RunnerLog, to: ThreadsTarget, report: Report): Promise<ThreadsSummary> {
  const problems: string[] = []
  const refused = (what: string, error: unknown, consequence: string): void => {
    const message = `Could not ${what} (${describe(error, to.redact)}); ${consequence}`
    problems.push(message)
    out.warning(message)
  }
  const none = { posted: 0, kept: 0, resolved: 0, markedGone: 0, reopened: 0, dismissed: 0, overflow: [], max: to.max, problems }
  try {
    const existing = await listOwnThreads(to.gh, to.ref, to.login).catch((error: unknown) => {
      refused('read the review threads', error, 'no line comment was posted, so none is duplicated.')
      return undefined
    })
    if (existing === undefined) return none
    const plan = planThreads(report, existing, { max: to.max, headSha: to.headSha })
    let reviewUrl: string | undefined
    if (plan.comments.length > 0) {
      // The core leaves out paths it redacted; a known secret in a path never leaves either.
      const comments = plan.comments.filter((c) => to.redact(c.path) === c.path).map((c) => ({ ...c, body: to.redact(c.body) }))
      reviewUrl = await postReview(to.gh, to.ref, { headSha: to.headSha, body: to.redact(plan.reviewBody), comments }).catch(
        (error: unknown) => {
          refused(
            'post the review threads',
            error,
            [hint(error), 'The findings are listed here and annotated on the check.'].join(' ').trim(),
          )
          return undefined
        },
      )
    }
    let reopened = 0
    for (const thread of plan.reopen) {
      await reopenThread(to.gh, thread.id).then(
        () => reopened++,
        (error: unknown) => {
          refused('reopen a review thread whose finding is reported again', error, 'it stays resolved.')
        },
      )
    }
    for (const { thread, body } of plan.restore) {
      if (thread.commentId === undefined) continue
      await editReviewComment(to.gh, to.ref, thread.commentId, to.redact(body)).catch((error: unknown) => {
        refused('take back the "no longer reported" note of a thread', error, 'it still carries the note.')
      })
    }
    await answerDismissals(to, plan.dismissals, refused)
    let resolved = 0
    let markedGone = 0
    for (const thread of plan.resolve) {
      const done = await resolveThread(to.gh, thread.id).then(
        () => true,
        () => false,
      )
      if (done) resolved++
      else if (thread.commentId === undefined)
        refused('resolve a review thread whose finding went away', 'GitHub gave no id to edit it by', 'it stays open.')
      else {
        // Resolving was refused: say so in the thread instead (editing is idempotent: the same note at the same commit is no change).
        const body = withGoneNote(thread.body, to.headSha)
        const edited = body === thread.body ? Promise.resolve() : editReviewComment(to.gh, to.ref, thread.commentId, to.redact(body))
        await edited.then(
          () => markedGone++,
          (error: unknown) => {
            refused('resolve or edit a review thread whose finding went away', error, 'it stays open.')
          },
        )
      }
    }
    return {
      ...none,
      posted: reviewUrl === undefined ? 0 : plan.comments.length,
      ...(reviewUrl === undefined ? {} : { reviewUrl }),
      kept: plan.kept.length,
      ...(plan.kept[0]?.url === undefined ? {} : { keptUrl: plan.kept[0].url }),
      resolved,
      markedGone,
      reopened,
      dismissed: plan.dismissed,
      overflow: plan.overflow,
    }
  } catch (error) {
    refused('publish the review threads', error, 'the rest of the report is unaffected.')
    return none
  }
}

/** Each dismissed finding's thread: the dismissal's reply once, then resolved. */
async function answerDismissals(
  to: ThreadsTarget,
  dismissals: ThreadPlan['dismissals'],
  refused: (what: string, error: unknown, consequence: string) => void,
): Promise<void> {
  for (const { thread, group } of dismissals) {
    const d = group.dismissed
    if (d === undefined) continue
    if (!to.answered.has(d.commentId) && thread.commentId !== undefined) {
      await replyInThread(to.gh, to.ref, thread.commentId, to.redact(dismissedReply(d))).then(
        () => to.answered.add(d.commentId),
        (error: unknown) => refused("answer a dismissal in its finding's thread", error, 'the sticky comment records it.'),
      )
    }
    if (!thread.resolved)
      await resolveThread(to.gh, thread.id).catch((error: unknown) =>
        refused("resolve a dismissed finding's thread", error, 'it stays open.'),
      )
  }
}

function describe(error: unknown, redact: (text: string) => string): string {
  const status = httpStatus(error)
  // Octokit appends the documentation URL to GitHub's message.
  const message = redact(error instanceof Error ? error.message : String(error))
    .replace(/ - https:\/\/docs\.github\.com\S*$/, '')
    .slice(0, 300)
  return status === undefined ? message : `HTTP ${status}: ${message}`
}

function hint(error: unknown): string {
  switch (httpStatus(error)) {
    case 403:
      return 'the workflow needs `permissions: pull-requests: write` (a pull request from a fork gets a read-only token).'
    case 422:
      return 'GitHub refused a line of it and drops the whole review.'
    default:
      return ''
  }
}
