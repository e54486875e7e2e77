// One comment per pull request, found by our login AND the hidden marker on
// every page of comments, updated in place. Others' comments are never touched.
import { COMMENT_MARKER } from '../../core/render/report.ts'
import type { GitHub } from './client.ts'
import type { PrRef } from './diff.ts'

// The login GITHUB_TOKEN posts as.
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]'

export interface OwnComment {
  readonly id: number
  readonly body: string
  readonly url: string
}

export interface PostedComment {
  readonly url: string
  readonly action: 'created' | 'updated' | 'unchanged'
  readonly removedDuplicates: number
}

/** The token's login (GraphQL `viewer`), or undefined when GitHub will not say. */
export async function viewerLogin(gh: GitHub): Promise<string | undefined> {
  try {
    const result = await gh.query<{ viewer: { login: string } }>('query { viewer { login } }')
    return result.viewer.login
  } catch {
    return undefined
  }
}

export type IssueComment = Awaited<ReturnType<GitHub['rest']['issues']['listComments']>>['data'][number]

/** Every comment on the pull request, every page. */
export function listComments(gh: GitHub, ref: PrRef): Promise<IssueComment[]> {
  return gh.paginate(gh.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, per_page: 100 })
}

/** Our marked comments, oldest first (a race between runs can leave more than one). */
export function stickyComments(comments: readonly IssueComment[], login: string): OwnComment[] {
  return comments
    .filter((c) => c.user?.login === login && (c.body ?? '').includes(COMMENT_MARKER))
    .map((c) => ({ id: c.id, body: c.body ?? '', url: c.html_url }))
}

export async function upsertStickyComment(gh: GitHub, ref: PrRef, existing: readonly OwnComment[], body: string): Promise<PostedComment> {
  const [keep, ...duplicates] = existing
  for (const dup of duplicates) {
    await gh.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: dup.id })
  }
  if (keep === undefined) {
    const { data } = await gh.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body })
    return { url: data.html_url, action: 'created', removedDuplicates: 0 }
  }
  if (keep.body === body) return { url: keep.url, action: 'unchanged', removedDuplicates: duplicates.length }
  const { data } = await gh.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: keep.id, body })
  return { url: data.html_url, action: 'updated', removedDuplicates: duplicates.length }
}
