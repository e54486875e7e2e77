// The triggering event → what to review. Pure: the event payload is passed in.
// Payload shapes are GitHub's webhook payloads; only the fields used are typed.
import { parseCommand } from '../core/verdict/commands.ts'

/** What this run reviews, or why it reviews nothing. */
export type ReviewTarget =
  | { readonly kind: 'pull-request'; readonly prNumber: number }
  /** A `/review` comment: the shell checks the commenter can write before reviewing. */
  | { readonly kind: 'comment-command'; readonly prNumber: number; readonly commenter: string }
  /**
   * `/review dismiss …` or `/review undismiss …`, in a pull request comment or
   * a reply in a review thread: the last review is tallied again, without
   * calling a model, under every dismissal command on the pull request.
   */
  | {
      readonly kind: 'dismissal-command'
      readonly prNumber: number
      readonly commentId: number
      /** For a reply in a review thread: the thread's first comment, which a reply must answer. */
      readonly threadRoot?: number
    }
  /** A merge queue entry; `prNumber` is read from the queue's branch name (gh-readonly-queue/<base>/pr-<N>-<sha>). */
  | {
      readonly kind: 'merge-group'
      readonly headSha: string
      readonly baseSha: string
      readonly headRef: string
      readonly prNumber?: number
    }
  | { readonly kind: 'ignore'; readonly reason: string }

export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'workflow_dispatch',
  'workflow_run',
  'merge_group',
  'issue_comment',
  'pull_request_review_comment',
] as const

// pull_request actions that change what there is to review; `edited` only when it changes the base
// (the policy file and the diff are the base's: a check passed against an old base must not stand).
const REVIEW_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited'])

interface EventPayload {
  action?: string
  pull_request?: { number?: number; draft?: boolean; state?: string }
  changes?: { base?: unknown }
  workflow_run?: { pull_requests?: { number?: number }[] }
  merge_group?: { head_sha?: string; base_sha?: string; head_ref?: string }
  issue?: { number?: number; pull_request?: unknown; state?: string }
  comment?: { id?: number; body?: string; user?: { login?: string }; in_reply_to_id?: number }
}

export interface TargetOptions {
  /** `pr-number` input, already validated; undefined when empty. */
  readonly prNumber?: number
  readonly reviewDrafts: boolean
  readonly command: string
}

export function targetFrom(eventName: string, payload: unknown, o: TargetOptions, problems: string[]): ReviewTarget | undefined {
  const e = (payload ?? {}) as EventPayload
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = e.pull_request
      if (e.action !== undefined && !REVIEW_ACTIONS.has(e.action)) {
        return {
          kind: 'ignore',
          reason: `the pull_request "${e.action}" action changes no code; reviews run on ${[...REVIEW_ACTIONS].join(', ')}`,
        }
      }
      if (e.action === 'edited' && e.changes?.base === undefined) {
        return { kind: 'ignore', reason: 'the pull_request "edited" action changed the title or body, not the base' }
      }
      if (pr?.state === 'closed') return { kind: 'ignore', reason: 'the pull request is closed' }
      if (pr?.draft && !o.reviewDrafts) {
        return { kind: 'ignore', reason: 'draft pull request (review-drafts is false): it is reviewed when marked ready for review' }
      }
      return pull(o.prNumber ?? pr?.number, eventName, problems)
    }
    case 'workflow_dispatch':
      return pull(o.prNumber, eventName, problems)
    case 'workflow_run':
      // GitHub leaves pull_requests empty for pull requests from forks; the first workflow records the number.
      return pull(
        o.prNumber ?? e.workflow_run?.pull_requests?.[0]?.number,
        eventName,
        problems,
        ' For pull requests from forks the workflow_run event never carries one: pass the number the first workflow saved (see "Fork pull requests" in the README).',
      )
    case 'merge_group': {
      const g = e.merge_group
      if (!g?.head_sha || !g.base_sha) {
        problems.push('The merge_group event carries no head_sha/base_sha; check the workflow trigger.')
        return undefined
      }
      const pr = /\/pr-(\d+)-[0-9a-f]+$/.exec(g.head_ref ?? '')?.[1]
      return {
        kind: 'merge-group',
        headSha: g.head_sha,
        baseSha: g.base_sha,
        headRef: g.head_ref ?? g.head_sha,
        ...(pr ? { prNumber: Number(pr) } : {}),
      }
    }
    case 'issue_comment': {
      if (e.action !== 'created') return { kind: 'ignore', reason: `comment ${e.action ?? 'event'}: only new comments are commands` }
      if (!e.issue?.pull_request || !e.issue.number) return { kind: 'ignore', reason: 'the comment is not on a pull request' }
      const firstLine = (e.comment?.body ?? '').trim().split('\n')[0]?.trim() ?? ''
      if (firstLine !== o.command && !firstLine.startsWith(`${o.command} `)) {
        return { kind: 'ignore', reason: `the comment is not the ${o.command} command` }
      }
      if (e.issue.state === 'closed') return { kind: 'ignore', reason: 'the pull request is closed' }
      if (parseCommand(e.comment?.body ?? '', o.command) !== undefined)
        return { kind: 'dismissal-command', prNumber: e.issue.number, commentId: e.comment?.id ?? 0 }
      return { kind: 'comment-command', prNumber: e.issue.number, commenter: e.comment?.user?.login ?? '' }
    }
    case 'pull_request_review_comment': {
      if (e.action !== 'created') return { kind: 'ignore', reason: `review comment ${e.action ?? 'event'}: only new comments are commands` }
      if (parseCommand(e.comment?.body ?? '', o.command) === undefined)
        return { kind: 'ignore', reason: `the review comment is not a ${o.command} dismiss or undismiss command` }
      if (e.pull_request?.state === 'closed') return { kind: 'ignore', reason: 'the pull request is closed' }
      const prNumber = e.pull_request?.number ?? 0
      if (prNumber <= 0) {
        problems.push('The pull_request_review_comment event carries no pull request number; check the workflow trigger.')
        return undefined
      }
      const root = e.comment?.in_reply_to_id
      return { kind: 'dismissal-command', prNumber, commentId: e.comment?.id ?? 0, ...(root === undefined ? {} : { threadRoot: root }) }
    }
    default:
      problems.push(
        `The ${eventName || 'current'} event is not supported. Run on ${SUPPORTED_EVENTS.join(', ')} ` +
          '(workflow_dispatch and workflow_run with `pr-number`).',
      )
      return undefined
  }
}

function pull(prNumber: number | undefined, eventName: string, problems: string[], hint = ''): ReviewTarget | undefined {
  if (prNumber !== undefined && prNumber > 0) return { kind: 'pull-request', prNumber }
  problems.push(
    `No pull request to review: the ${eventName} event carries none and input \`pr-number\` is empty. ` +
      `Pass \`pr-number\` (for example from a workflow_dispatch input).${hint}`,
  )
  return undefined
}
