// Report + our review threads already on the pull request → what to post,
// keep and resolve: one review of new line comments for convergent findings on
// the changed lines (at most `max` open threads, most severe first), nothing
// new for a finding that already has a thread, and our open threads whose
// finding is no longer reported resolved. Pure: the shell lists the threads
// and carries out what this decides.
import { identityOf, matchIdentities, spanText, type DiffLines, type ThreadIdentity, type ThreadSpan } from '../verdict/identity.ts'
import { commentSpan, diffLines, readMarker, unvouchedPaths } from '../verdict/threads.ts'
import type { Group, Report } from '../verdict/types.ts'
import { dismissText } from './dismissals.ts'
import { locationMarkdown, type LocationMarkdown } from './links.ts'
import { decideFix } from './suggestion.ts'
import { hasGoneNote, threadBody, withoutGoneNote } from './thread.ts'

/** A review thread on the pull request, as the shell read it (GraphQL). */
export interface ExistingThread {
  /** GraphQL node id, for resolveReviewThread. */
  readonly id: string
  readonly resolved: boolean
  /** Resolved by the token's login: the action resolved it when its finding went away. */
  readonly resolvedByUs?: boolean
  readonly path: string
  /** The thread's first comment; the caller keeps only threads that we started. */
  readonly body: string
  /** REST id of the first comment, to edit it when resolving is refused. */
  readonly commentId?: number
  readonly url?: string
}

/** One line comment of a review, as POST /pulls/{n}/reviews takes it. */
export interface ReviewComment {
  readonly path: string
  readonly body: string
  readonly line: number
  readonly side: 'RIGHT'
  readonly start_line?: number
  readonly start_side?: 'RIGHT'
}

export interface ThreadPlan {
  /** New line comments, for one review; empty: post no review. */
  readonly comments: readonly ReviewComment[]
  readonly reviewBody: string
  /** Open threads whose finding is still reported: left as they are. */
  readonly kept: readonly ExistingThread[]
  /** Threads we resolved whose finding is reported again: reopen them (they count as kept). */
  readonly reopen: readonly ExistingThread[]
  /** Threads a person resolved whose finding is still reported: left resolved, not posted again. */
  readonly dismissed: number
  /** Our open threads whose finding is no longer reported. */
  readonly resolve: readonly ExistingThread[]
  /** Kept threads that carry our "no longer reported" note, with their body without it. */
  readonly restore: readonly { readonly thread: ExistingThread; readonly body: string }[]
  /** Convergent findings on the changed lines that max-inline-comments left without a thread. */
  readonly overflow: readonly Group[]
  /** Threads of dismissed findings: to be answered with the dismissal and resolved. */
  readonly dismissals: readonly { readonly thread: ExistingThread; readonly group: Group }[]
}

export interface ThreadOptions {
  /** At most this many of our threads open for the current findings. */
  readonly max: number
  readonly headSha: string
}

interface Candidate {
  readonly group: Group
  readonly span: ThreadSpan
  readonly id: ThreadIdentity
}

export function planThreads(report: Report, existing: readonly ExistingThread[], options: ThreadOptions): ThreadPlan {
  const lines = diffLines(report.bundles)
  const ours = existing.flatMap((thread) => {
    const id = readMarker(thread.body)
    return id ? [{ thread, id }] : []
  })
  // Groups come most severe first, so the limit leaves out the least severe.
  const candidates = report.tally.groups.flatMap((group): Candidate[] => {
    const span = commentSpan(group, lines)
    return span ? [{ group, span, id: identityOf(span, lines) }] : []
  })
  const matched = matchIdentities(
    candidates.map((c) => c.id),
    ours.map((o) => o.id),
  )
  const threadOf = (i: number): ExistingThread | undefined => {
    const e = matched.get(i)
    return e === undefined ? undefined : ours[e]?.thread
  }
  // A dismissed finding keeps its thread, resolved; it never gets a new one.
  const dismissals = candidates.flatMap((c, i) => {
    const thread = c.group.dismissed ? threadOf(i) : undefined
    return thread ? [{ thread, group: c.group }] : []
  })
  const continued = candidates.flatMap((c, i) => (c.group.dismissed ? [] : (threadOf(i) ?? [])))
  const reopen = continued.filter((t) => t.resolved && t.resolvedByUs === true)
  const kept = continued.filter((t) => !t.resolved || t.resolvedByUs === true)
  const { posted, overflow } = withinLimit(candidates, (i) => (candidates[i]?.group.dismissed ? DISMISSED : threadOf(i)), options.max)
  const taken = new Set(matched.values())
  const unvouched = unvouchedPaths(report)
  const link = locationMarkdown(report)
  const comments = posted.map((c) =>
    toComment(c, lines, link, dismissText(c.group, report) === undefined ? undefined : report.dismissals?.command),
  )
  const resolve = ours.filter((o, i) => !taken.has(i) && !o.thread.resolved && !unvouched.has(o.thread.path)).map((o) => o.thread)
  return {
    comments,
    reviewBody: reviewBody(comments.length, options.headSha),
    kept,
    reopen,
    dismissed: continued.length - kept.length,
    resolve,
    restore: kept.filter((t) => hasGoneNote(t.body)).map((thread) => ({ thread, body: withoutGoneNote(thread.body) })),
    overflow,
    dismissals,
  }
}

/** Stands in for a dismissed finding's thread when counting the limit: it takes no place and gets none. */
const DISMISSED: ExistingThread = { id: '', resolved: true, path: '', body: '' }

/**
 * The candidates without a thread that get one: most severe first, while fewer
 * than `max` threads are open for findings at least as severe. A thread already
 * open for a finding still reported stays open, even past the limit.
 */
function withinLimit(
  candidates: readonly Candidate[],
  threadOf: (index: number) => ExistingThread | undefined,
  max: number,
): { posted: Candidate[]; overflow: Group[] } {
  const posted: Candidate[] = []
  const overflow: Group[] = []
  let open = 0
  candidates.forEach((c, i) => {
    const thread = threadOf(i)
    if (thread) open += !thread.resolved || thread.resolvedByUs === true ? 1 : 0
    else if (open < max) {
      posted.push(c)
      open++
    } else overflow.push(c.group)
  })
  return { posted, overflow }
}

function toComment(c: Candidate, lines: DiffLines, link: LocationMarkdown, command: string | undefined): ReviewComment {
  const body = threadBody(c.group, c.id, decideFix(c.group, c.span, spanText(c.span, lines)), link(c.group.location), command)
  const range = c.span.startLine < c.span.endLine ? { start_line: c.span.startLine, start_side: 'RIGHT' as const } : {}
  return { path: c.span.path, body, line: c.span.endLine, side: 'RIGHT', ...range }
}

function reviewBody(count: number, headSha: string): string {
  const at = /^[0-9a-f]{7,40}$/.test(headSha) ? ` at \`${headSha.slice(0, 7)}\`` : ''
  return (
    `**Cross-lineage review**${at}: ${count} finding(s) that reviewers of two or more model lineages agree on, as threads on the changed lines. ` +
    "The check run is the merge gate; the full report is in this pull request's cross-lineage review comment."
  )
}
