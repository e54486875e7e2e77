// The pull requests closed in a window and the ledger each one's sticky
// comment carries, for `stats`: the list paginated newest first and stopped at
// the window's start, then one comment page per pull request (more only while
// our comment is not found), a few at a time, through the client that waits
// out GitHub's rate limits.
import pLimit from 'p-limit'
import { COMMENT_MARKER } from '../../core/render/report.ts'
import { decodeLedger } from '../../core/verdict/ledger-codec.ts'
import type { ClosedPull } from '../../core/verdict/stats.ts'
import { httpStatus, repoRef, type GitHub, type RepoRef } from './client.ts'

export interface ClosedPullsQuery {
  /** Pull requests closed at or after this time. */
  readonly since: Date
  /** At most this many pull requests, the most recently updated first. */
  readonly limit: number
  /** The login our comments are posted as. */
  readonly author: string
  /** Called as each pull request's comments are read. */
  readonly progress?: (done: number, total: number) => void
}

// Reads in flight at once: GitHub asks integrations not to make many concurrent requests.
const CONCURRENT_READS = 4

/** Throws when the list itself cannot be read; a pull request whose comments cannot be read is skipped, saying why. */
export async function readClosedPulls(gh: GitHub, where: RepoRef, q: ClosedPullsQuery): Promise<ClosedPull[]> {
  const found: { number: number; merged: boolean }[] = []
  const pages = gh.paginate.iterator(gh.rest.pulls.list, {
    ...repoRef(where),
    state: 'closed',
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  })
  for await (const { data } of pages) {
    for (const p of data) {
      if (found.length >= q.limit) break
      if (p.closed_at !== null && new Date(p.closed_at) >= q.since) found.push({ number: p.number, merged: p.merged_at !== null })
    }
    // Sorted by last update: once a page ends before the window, so does everything after it.
    const last = data.at(-1)
    if (found.length >= q.limit || last === undefined || new Date(last.updated_at) < q.since) break
  }
  const limit = pLimit(CONCURRENT_READS)
  let done = 0
  return Promise.all(
    found.map((pull) =>
      limit(async (): Promise<ClosedPull> => {
        const read = await ledgerOf(gh, where, pull.number, q.author)
        q.progress?.(++done, found.length)
        return { ...pull, ...read }
      }),
    ),
  )
}

async function ledgerOf(gh: GitHub, where: RepoRef, number: number, author: string): Promise<Pick<ClosedPull, 'ledger' | 'skipped'>> {
  try {
    const comments = gh.paginate.iterator(gh.rest.issues.listComments, { ...repoRef(where), issue_number: number, per_page: 100 })
    for await (const { data } of comments) {
      const ours = data.find((c) => c.user?.login === author && (c.body ?? '').includes(COMMENT_MARKER))
      if (ours === undefined) continue
      const { ledger, problem } = decodeLedger(ours.body)
      return ledger ? { ledger } : { skipped: problem ?? 'its comment is from a version without a findings ledger' }
    }
    return { skipped: `no comment by ${author}` }
  } catch (error) {
    return { skipped: `its comments could not be read (HTTP ${httpStatus(error) ?? '?'})` }
  }
}
