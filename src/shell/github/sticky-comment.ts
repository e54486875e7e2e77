// One comment per pull request, found by our login AND the hidden marker on
// every page of comments, updated in place. Others' comments are never touched.
import { COMMENT_MARKER } from '../../core/render/report.ts'
import type { GitHub } from './client.ts'
import type { PrRef } from './pr-diff.ts'

export interface PostedComment {
  readonly url: string
  readonly action: 'created' | 'updated' | 'unchanged'
  readonly removedDuplicates: number
}

export async function viewerLogin(gh: GitHub): Promise<string> {
  const result = await gh.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
  return result.viewer.login
}

export async function upsertStickyComment(gh: GitHub, ref: PrRef, login: string, body: string): Promise<PostedComment> {
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, per_page: 100,
  })
  const ours = comments.filter((c) => c.user?.login === login && (c.body ?? '').includes(COMMENT_MARKER))
  const [keep, ...duplicates] = ours
  // Concurrent runs can race to create; keep the oldest, delete the rest.
  for (const dup of duplicates) {
    await gh.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: dup.id })
  }
  if (keep === undefined) {
    const { data } = await gh.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.prNumber, body })
    return { url: data.html_url, action: 'created', removedDuplicates: 0 }
  }
  if (keep.body === body) return { url: keep.html_url, action: 'unchanged', removedDuplicates: duplicates.length }
  const { data } = await gh.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: keep.id, body })
  return { url: data.html_url, action: 'updated', removedDuplicates: duplicates.length }
}
