// What the config says to review → the commit to report on, where to comment,
// and how to fetch the diff. Commands from commenters without write access
// are ignored, with the reason.
import type { ReviewTarget } from '../../config/event.ts'
import type { GitHub } from './client.ts'
import { getCompareDiff, getPullDiff, getPullRequest, type PrRef, type PullDiff } from './diff.ts'

export interface Change {
  readonly headSha: string
  /** e.g. "pull request #7 at 1a2b3c4"; shown in the report. */
  readonly label: string
  /** Set when there is a pull request to comment on. */
  readonly pr?: PrRef
  /** A merge queue entry's pull request: its comment's replies are reused where bundles are unchanged. */
  readonly reuseFrom?: PrRef
  /** The diff (for a pull request, already being read alongside it). */
  readonly loadDiff: () => Promise<PullDiff>
}

export type Resolution = { readonly kind: 'review'; readonly change: Change } | { readonly kind: 'ignore'; readonly reason: string }

const WRITE_ACCESS = new Set(['admin', 'maintain', 'write'])

export async function resolveChange(gh: GitHub, repo: { owner: string; repo: string }, target: ReviewTarget): Promise<Resolution> {
  switch (target.kind) {
    case 'ignore':
      return target
    case 'merge-group':
      return {
        kind: 'review',
        change: {
          headSha: target.headSha,
          label: `merge queue entry ${target.headRef} at ${target.headSha.slice(0, 7)}`,
          ...(target.prNumber ? { reuseFrom: { ...repo, prNumber: target.prNumber } } : {}),
          loadDiff: () => getCompareDiff(gh, repo, target.baseSha, target.headSha),
        },
      }
    case 'comment-command': {
      const permission = await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: target.commenter }).then(
        ({ data }) => data.permission,
        () => 'unknown',
      )
      if (!WRITE_ACCESS.has(permission)) {
        return {
          kind: 'ignore',
          reason: `${target.commenter} has ${permission} access; only users with write access can request a review`,
        }
      }
      return reviewPull(gh, { ...repo, prNumber: target.prNumber })
    }
    case 'pull-request':
      return reviewPull(gh, { ...repo, prNumber: target.prNumber })
  }
}

async function reviewPull(gh: GitHub, ref: PrRef): Promise<Resolution> {
  // The diff is read alongside the pull request, not after it.
  const pull = getPullRequest(gh, ref)
  const diff = getPullDiff(gh, ref, async () => (await pull).changedFiles)
  void diff.catch(() => undefined) // its failure surfaces through loadDiff; unasked when the pull request cannot be read
  const pr = await pull.catch((error: unknown) => {
    const status = (error as { status?: number }).status ?? '?'
    throw new Error(
      `Could not read pull request #${ref.prNumber} of ${ref.owner}/${ref.repo} (HTTP ${status}): check \`pr-number\` and that \`github-token\` can read pull requests.`,
    )
  })
  return {
    kind: 'review',
    change: {
      headSha: pr.headSha,
      label: `pull request #${ref.prNumber} at ${pr.headSha.slice(0, 7)}`,
      pr: ref,
      loadDiff: () => diff,
    },
  }
}
