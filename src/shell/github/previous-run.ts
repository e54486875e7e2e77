// What the last run left on the pull request: our sticky comment(s), to be
// updated in place, and the replies they carry, to be reused for unchanged
// bundles (a merge queue entry reuses its pull request's).
import { decodeReuse, type StoredReply } from '../../core/reply/reuse.ts'
import { httpStatus, type GitHub } from './client.ts'
import type { Change } from './change.ts'
import type { PrRef } from './diff.ts'
import { DEFAULT_BOT_LOGIN, findStickyComments, viewerLogin, type OwnComment } from './sticky-comment.ts'

export interface PreviousRun {
  /** Our comments on the pull request under review, oldest first; undefined when there is no pull request. */
  readonly ours?: readonly OwnComment[]
  readonly reuse: ReadonlyMap<string, StoredReply>
  /** The token's login as REST names it (what "ours" means); set when there is a pull request. */
  readonly login?: string
}

export async function readPreviousRun(
  gh: GitHub,
  change: Change,
  forceFullReview: boolean,
  warn: (m: string) => void,
): Promise<PreviousRun> {
  const needsLogin = change.pr !== undefined || (!forceFullReview && change.reuseFrom !== undefined)
  const login = needsLogin ? await tokenLogin(gh, warn) : DEFAULT_BOT_LOGIN
  const ours = change.pr ? await ownComments(gh, change.pr, login, warn) : undefined
  const pr = ours ? { ours, login } : {}
  if (forceFullReview) return { ...pr, reuse: new Map() }
  const source = ours ?? (change.reuseFrom ? await ownComments(gh, change.reuseFrom, login, warn) : [])
  return { ...pr, reuse: decodeReuse(source[0]?.body) }
}

async function tokenLogin(gh: GitHub, warn: (m: string) => void): Promise<string> {
  const login = await viewerLogin(gh)
  if (login !== undefined) return login
  warn(`could not read the token's login through GraphQL; assuming ${DEFAULT_BOT_LOGIN}`)
  return DEFAULT_BOT_LOGIN
}

async function ownComments(gh: GitHub, ref: PrRef, login: string, warn: (m: string) => void): Promise<OwnComment[]> {
  return findStickyComments(gh, ref, login).catch((error: unknown) => {
    warn(
      `could not list the pull request's comments (HTTP ${httpStatus(error) ?? '?'}): a new comment will be posted and nothing is reused`,
    )
    return []
  })
}
