// Review threads on a pull request: listed through GraphQL (REST has no
// resolved state), one review posted with all new line comments, threads
// resolved and reopened, and a thread's first comment edited. GraphQL names the Actions bot
// `github-actions` (a Bot) where REST says `github-actions[bot]`.
import type { ExistingThread, ReviewComment } from '../../core/render/thread-plan.ts'
import type { GitHub } from './client.ts'
import type { PrRef } from './diff.ts'

// > first: "Returns the first _n_ elements from the list." GraphQL connections give at most 100 a page.
const THREADS_PER_PAGE = 100
// Read this many pages at most (2,000 threads); a pull request with more is not safe to add threads to.
const MAX_THREAD_PAGES = 20

const THREADS_QUERY = `query ($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          resolvedBy { __typename login }
          path
          comments(first: 1) { nodes { databaseId url body author { __typename login } } }
        }
      }
    }
  }
}`

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
        nodes: {
          id: string
          isResolved: boolean
          resolvedBy: { __typename: string; login: string } | null
          path: string
          comments: {
            nodes: { databaseId: number | null; url: string; body: string; author: { __typename: string; login: string } | null }[]
          }
        }[]
      }
    } | null
  } | null
}

/** Whether a GraphQL author is `login` as REST names it (`x[bot]` is the Bot `x`). */
export function sameActor(author: { __typename: string; login: string } | null, login: string): boolean {
  if (author === null) return false
  const bot = /^(.+)\[bot\]$/.exec(login)
  return bot ? author.__typename === 'Bot' && (author.login === bot[1] || author.login === login) : author.login === login
}

/** The threads whose first comment `login` wrote, resolved or not. */
export async function listOwnThreads(gh: GitHub, ref: PrRef, login: string): Promise<ExistingThread[]> {
  const threads: ExistingThread[] = []
  let cursor: string | null = null
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    // A read: through the client whose queue holds no writes, so it never waits behind one.
    const data: ThreadsPage = await gh.query<ThreadsPage>(THREADS_QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      number: ref.prNumber,
      cursor,
    })
    const connection = data.repository?.pullRequest?.reviewThreads
    if (!connection) throw new Error(`pull request ${ref.owner}/${ref.repo}#${ref.prNumber} not found through GraphQL`)
    for (const t of connection.nodes) {
      const first = t.comments.nodes[0]
      if (!first || !sameActor(first.author, login)) continue
      threads.push({
        id: t.id,
        resolved: t.isResolved,
        resolvedByUs: t.isResolved && sameActor(t.resolvedBy, login),
        path: t.path,
        body: first.body,
        url: first.url,
        ...(first.databaseId === null ? {} : { commentId: first.databaseId }),
      })
    }
    if (!connection.pageInfo.hasNextPage) return threads
    cursor = connection.pageInfo.endCursor
  }
  throw new Error(`the pull request has more than ${MAX_THREAD_PAGES * THREADS_PER_PAGE} review threads`)
}

/** One review holding every comment: GitHub takes all of them or none. Returns the review's URL. */
export async function postReview(
  gh: GitHub,
  ref: PrRef,
  review: { readonly headSha: string; readonly body: string; readonly comments: readonly ReviewComment[] },
): Promise<string> {
  const { data } = await gh.rest.pulls.createReview({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.prNumber,
    commit_id: review.headSha,
    // Never APPROVE or REQUEST_CHANGES: the check run is the gate.
    event: 'COMMENT',
    body: review.body,
    comments: [...review.comments],
  })
  return data.html_url
}

export async function resolveThread(gh: GitHub, threadId: string): Promise<void> {
  await gh.graphql('mutation ($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }', { id: threadId })
}

export async function reopenThread(gh: GitHub, threadId: string): Promise<void> {
  await gh.graphql('mutation ($id: ID!) { unresolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }', { id: threadId })
}

export async function editReviewComment(gh: GitHub, ref: PrRef, commentId: number, body: string): Promise<void> {
  await gh.rest.pulls.updateReviewComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, body })
}
