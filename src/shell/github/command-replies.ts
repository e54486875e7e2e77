// Answering a dismissal command where it was written: a reply in its review
// thread, or a comment (or a reaction) on the pull request.
import type { GitHub } from './client.ts'
import type { PrRef } from './diff.ts'

/** `threadRoot`: the first comment of the review thread the command replied in. */
export async function answerCommand(gh: GitHub, ref: PrRef, at: { readonly threadRoot?: number }, body: string): Promise<void> {
  if (at.threadRoot !== undefined) await replyInThread(gh, ref, at.threadRoot, body)
  else await gh.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body })
}

/** > "This must be the ID of a top-level review comment, not a reply to that comment." */
export async function replyInThread(gh: GitHub, ref: PrRef, rootCommentId: number, body: string): Promise<void> {
  await gh.rest.pulls.createReplyForReviewComment({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.prNumber,
    comment_id: rootCommentId,
    body,
  })
}

/** A 👍 on a pull request comment: the command was applied (GitHub answers 200 when it is already there). */
export async function acknowledge(gh: GitHub, ref: PrRef, commentId: number): Promise<void> {
  await gh.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content: '+1' })
}
