// What the last run left on the pull request: our sticky comment(s), to be
// updated in place, the replies they carry, to be reused for unchanged
// bundles (a merge queue entry reuses its pull request's), and the findings
// ledger (ids, outcomes, what dismissals applied to).
import { decodeReuse, type StoredReply } from '../../core/reply/reuse.ts'
import { decodeLedger } from '../../core/verdict/ledger-codec.ts'
import type { Ledger } from '../../core/verdict/history-types.ts'
import { httpStatus, type GitHub } from './client.ts'
import type { Change } from './change.ts'
import type { PrRef } from './diff.ts'
import { DEFAULT_BOT_LOGIN, listComments, stickyComments, viewerLogin, type IssueComment, type OwnComment } from './sticky-comment.ts'

export interface PreviousRun {
  /** Our comments on the pull request under review, oldest first; undefined when there is no pull request. */
  readonly ours?: readonly OwnComment[]
  readonly reuse: ReadonlyMap<string, StoredReply>
  /** The token's login as REST names it (what "ours" means); set when there is a pull request to read. */
  readonly login?: string
  readonly ledger?: Ledger
}

export const NO_PREVIOUS_RUN: PreviousRun = { reuse: new Map() }

/** Never throws: what cannot be read is warned about, and costs a new comment and a full review. */
export async function readPreviousRun(
  gh: GitHub,
  change: Change,
  forceFullReview: boolean,
  warn: (m: string) => void,
): Promise<PreviousRun> {
  const ref = change.pr ?? change.reuseFrom
  if (ref === undefined) return NO_PREVIOUS_RUN
  // The token's login and the comments are read at once: neither needs the other.
  const [login, comments] = await Promise.all([tokenLogin(gh, warn), commentsOn(gh, ref, warn)])
  const ours = stickyComments(comments, login)
  const reuse = forceFullReview ? new Map<string, StoredReply>() : decodeReuse(ours[0]?.body)
  const { ledger, problem } = decodeLedger(ours[0]?.body)
  // Never a reason to fail: the ledger is the action's own memory, and a new one starts here.
  if (problem !== undefined) warn(`${problem}; it is ignored, and finding ids and outcomes start again from this run`)
  return { ...(change.pr ? { ours } : {}), login, reuse, ...(ledger ? { ledger } : {}) }
}

async function tokenLogin(gh: GitHub, warn: (m: string) => void): Promise<string> {
  const login = await viewerLogin(gh)
  if (login !== undefined) return login
  warn(`could not read the token's login through GraphQL; assuming ${DEFAULT_BOT_LOGIN}`)
  return DEFAULT_BOT_LOGIN
}

function commentsOn(gh: GitHub, ref: PrRef, warn: (m: string) => void): Promise<IssueComment[]> {
  return listComments(gh, ref).catch((error: unknown) => {
    warn(
      `could not list the pull request's comments (HTTP ${httpStatus(error) ?? '?'}): a new comment will be posted and nothing is reused`,
    )
    return []
  })
}
