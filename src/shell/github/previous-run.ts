// What the last run left on the pull request: our sticky comment(s), to be
// updated in place, and the replies they carry, to be reused for unchanged
// bundles (a merge queue entry reuses its pull request's).
import { decodeReuse, type StoredReply } from '../../core/reply/reuse.ts'
import { httpStatus, type GitHub } from './client.ts'
import type { Change } from './change.ts'
import type { PrRef } from './diff.ts'
import { DEFAULT_BOT_LOGIN, listComments, stickyComments, viewerLogin, type OwnComment } from './sticky-comment.ts'

export interface PreviousRun {
  /** Our comments on the pull request under review, oldest first; undefined when there is no pull request. */
  readonly ours?: readonly OwnComment[]
  readonly reuse: ReadonlyMap<string, StoredReply>
}

export const NO_PREVIOUS_RUN: PreviousRun = { reuse: new Map() }

/** Never throws: what cannot be read is warned about, and costs a new comment and a full review. */
export async function readPreviousRun(
  gh: GitHub,
  change: Change,
  forceFullReview: boolean,
  warn: (m: string) => void,
): Promise<PreviousRun> {
  const ours = change.pr ? await ownComments(gh, change.pr, warn) : undefined
  if (forceFullReview) return { ...(ours ? { ours } : {}), reuse: new Map() }
  const source = ours ?? (change.reuseFrom ? await ownComments(gh, change.reuseFrom, warn) : [])
  return { ...(ours ? { ours } : {}), reuse: decodeReuse(source[0]?.body) }
}

/** The token's login and the comments are read at once: neither needs the other. */
async function ownComments(gh: GitHub, ref: PrRef, warn: (m: string) => void): Promise<OwnComment[]> {
  const [login, comments] = await Promise.all([
    viewerLogin(gh),
    listComments(gh, ref).catch((error: unknown) => {
      warn(
        `could not list the pull request's comments (HTTP ${httpStatus(error) ?? '?'}): a new comment will be posted and nothing is reused`,
      )
      return []
    }),
  ])
  if (login === undefined) warn(`could not read the token's login through GraphQL; assuming ${DEFAULT_BOT_LOGIN}`)
  return stickyComments(comments, login ?? DEFAULT_BOT_LOGIN)
}
