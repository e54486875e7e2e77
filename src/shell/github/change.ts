// What the config says to review → the commit to report on, where to comment,
// and how to fetch the diff. Commands from commenters without write access
// are ignored, with the reason.
import type { ReviewTarget } from '../../config/event.ts'
import { plainText } from '../../core/text/sanitize.ts'
import { failureOf, httpStatus, repoRef, type GitHub, type RepoRef } from './client.ts'
import { getCompareDiff, getPullDiff, getPullRequest, type PrRef, type PullDiff } from './diff.ts'

export interface Change {
  readonly headSha: string
  /** The base commit: the repository's policy file is read there, never at the head. */
  readonly baseSha: string
  /** e.g. "pull request #7 at 1a2b3c4"; shown in the report. */
  readonly label: string
  /** Set when there is a pull request to comment on. */
  readonly pr?: PrRef
  /** A merge queue entry's pull request: its comment's replies are reused where bundles are unchanged. */
  readonly reuseFrom?: PrRef
  /** The diff (for a pull request, already being read alongside it). */
  readonly loadDiff: () => Promise<PullDiff>
  /** Who opened the pull request; set when there is one. */
  readonly author?: string
  /** A dismissal command started the run: the last review is tallied again, no model is called. */
  readonly command?: { readonly commentId: number; readonly threadRoot?: number }
}

export type Resolution = { readonly kind: 'review'; readonly change: Change } | { readonly kind: 'ignore'; readonly reason: string }

// > The `permission` attribute provides the legacy base roles of `admin`, `write`, `read`, and `none`, where the
// > `maintain` role is mapped to `write` and the `triage` role is mapped to `read`.
const WRITE_ACCESS = new Set(['admin', 'write'])

export async function resolveChange(gh: GitHub, where: RepoRef, target: ReviewTarget): Promise<Resolution> {
  // Only these two fields: a wider object spread into a GET would put its other fields (the token) in the URL.
  const repo = repoRef(where)
  switch (target.kind) {
    case 'ignore':
      return target
    case 'merge-group':
      return {
        kind: 'review',
        change: {
          headSha: target.headSha,
          baseSha: target.baseSha,
          label: `merge queue entry ${target.headRef} at ${target.headSha.slice(0, 7)}`,
          ...(target.prNumber ? { reuseFrom: { ...repo, prNumber: target.prNumber } } : {}),
          loadDiff: () => getCompareDiff(gh, repo, target.baseSha, target.headSha),
        },
      }
    case 'comment-command': {
      // A lookup that fails grants nothing: the command is refused, and the job fails saying why.
      const permission = await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: target.commenter }).then(
        ({ data }) => data.permission,
        (error: unknown) => {
          throw new Error(
            `Could not look up the permission of ${target.commenter} on ${repo.owner}/${repo.repo} (${plainText(failureOf(error), 300)}), ` +
              "so the comment's command was refused: nothing was reviewed. Re-run the job; a command counts only once GitHub confirms write access.",
          )
        },
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
    case 'dismissal-command': {
      // Who may dismiss is decided with every other command on the pull request, not here.
      const command = { commentId: target.commentId, ...(target.threadRoot === undefined ? {} : { threadRoot: target.threadRoot }) }
      return reviewPull(gh, { ...repo, prNumber: target.prNumber }, command)
    }
  }
}

async function reviewPull(gh: GitHub, ref: PrRef, command?: Change['command']): Promise<Resolution> {
  // The diff is read alongside the pull request, not after it.
  const pull = getPullRequest(gh, ref)
  const diff = getPullDiff(gh, ref, async () => (await pull).changedFiles)
  void diff.catch(() => undefined) // its failure surfaces through loadDiff; unasked when the pull request cannot be read
  const pr = await pull.catch((error: unknown) => {
    // octokit reports a request that got no response at all as status 500: that is the network, not the pull request.
    if ((error as { response?: unknown }).response === undefined) {
      const why = plainText(error instanceof Error ? error.message : String(error), 200)
      throw new Error(`Could not reach GitHub at ${gh.request.endpoint.DEFAULTS.baseUrl} (${why}): check the network and GITHUB_API_URL.`)
    }
    const status = httpStatus(error)
    const at = `${gh.request.endpoint.DEFAULTS.baseUrl}/repos/${ref.owner}/${ref.repo}/pulls/${ref.prNumber}`
    // A 5xx outlasted the retries: GitHub is failing, the number is not to blame.
    const fix =
      status !== undefined && status >= 500
        ? 'GitHub is failing to answer (after retries); re-run later.'
        : 'check the pull request number and that the token can read pull requests.'
    throw new Error(`Could not read pull request #${ref.prNumber} of ${ref.owner}/${ref.repo} (HTTP ${status ?? '?'} from ${at}): ${fix}`)
  })
  // A closed pull request can still be named (pr-number, /review); there is nothing left to gate.
  if (pr.closed) return { kind: 'ignore', reason: `pull request #${ref.prNumber} is closed` }
  return {
    kind: 'review',
    change: {
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      label: `pull request #${ref.prNumber} at ${pr.headSha.slice(0, 7)}`,
      pr: ref,
      loadDiff: () => diff,
      author: pr.author,
      ...(command ? { command } : {}),
    },
  }
}
