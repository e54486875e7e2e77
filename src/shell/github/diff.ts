// The pull request and its diff. GitHub refuses the diff media type for very
// large pull requests (HTTP 406); the files API still lists every file.
import pLimit from 'p-limit'
import { fromFilesApi } from '../../core/diff/files-api.ts'
import { parseUnifiedDiff } from '../../core/diff/parse.ts'
import type { FileDiff } from '../../core/diff/types.ts'
import type { SkippedFile } from '../../core/plan/types.ts'
import { httpStatus, readFailed, repoRef, type GitHub, type RepoRef } from './client.ts'

export interface PullRequest {
  readonly number: number
  readonly headSha: string
  readonly baseSha: string
  readonly title: string
  readonly draft: boolean
  readonly closed: boolean
  readonly changedFiles: number
  /** Who opened it: dismissals on their own pull request are theirs to make only where the policy allows. */
  readonly author: string
}

export interface PullDiff {
  readonly files: readonly FileDiff[]
  readonly source: 'diff' | 'files-api'
  readonly warnings: readonly string[]
  /** Changes known to exist that no file entry carries (past the files API's cap). */
  readonly gaps: readonly SkippedFile[]
}

// > "The paginated response returns 30 files per page by default and a maximum of 3000 files."
export const FILES_API_MAX = 3000

export interface PrRef {
  readonly owner: string
  readonly repo: string
  readonly prNumber: number
}

export async function getPullRequest(gh: GitHub, ref: PrRef): Promise<PullRequest> {
  const { data } = await gh.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber })
  return {
    number: data.number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    title: data.title,
    draft: data.draft === true,
    closed: data.state === 'closed',
    changedFiles: data.changed_files,
    author: data.user.login,
  }
}

// > per_page: "The number of results per page (max 100)."
const FILES_PER_PAGE = 100
// Pages read at once: what octokit's throttling lets through at once (10), far below GitHub's
// secondary limit ("No more than 100 concurrent requests are allowed").
const PAGES_AT_ONCE = 10

/**
 * `changedFiles` is asked only when GitHub refuses the diff: how many pages
 * the files API has (read at once, not one after another) and how many files
 * it left out.
 */
export async function getPullDiff(gh: GitHub, ref: PrRef, changedFiles: () => Promise<number>): Promise<PullDiff> {
  return readPullDiff(gh, ref, changedFiles).catch((error: unknown) => {
    throw readFailed(`the diff of pull request #${ref.prNumber} of ${ref.owner}/${ref.repo}`, error)
  })
}

async function readPullDiff(gh: GitHub, ref: PrRef, changedFiles: () => Promise<number>): Promise<PullDiff> {
  try {
    const { data } = await gh.rest.pulls.get({
      owner: ref.owner,
      repo: ref.repo,
      pull_number: ref.prNumber,
      mediaType: { format: 'diff' },
    })
    return { files: parseUnifiedDiff(data as unknown as string), source: 'diff', warnings: [], gaps: [] }
  } catch (error) {
    if (httpStatus(error) !== 406) throw error
  }
  const changed = await changedFiles()
  const files = await listPullFiles(gh, ref, changed)
  const warnings = ['GitHub refused the full diff (HTTP 406, too large); it was rebuilt from the pull-request files API']
  const missing = changed - files.length
  const gaps =
    missing > 0
      ? [
          {
            path: `(${missing} more file(s))`,
            reason: `the files API lists at most ${FILES_API_MAX} files of a pull request`,
            gap: 'split the pull request',
          },
        ]
      : []
  return { files, source: 'files-api', warnings, gaps }
}

/**
 * Every page the pull request's file count says there is, read at once and
 * each parsed as it arrives (while the others are on the wire), in order;
 * then on, one at a time, while pages come back full (the count may be
 * stale), up to the API's cap.
 */
async function listPullFiles(gh: GitHub, ref: PrRef, changed: number): Promise<FileDiff[]> {
  const limit = pLimit(PAGES_AT_ONCE)
  const read = (page: number): Promise<{ entries: number; files: FileDiff[] }> =>
    limit(async () => {
      const { data } = await gh.rest.pulls.listFiles({
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.prNumber,
        per_page: FILES_PER_PAGE,
        page,
      })
      return { entries: data.length, files: fromFilesApi(data) }
    })
  const known = Math.max(1, Math.ceil(Math.min(changed, FILES_API_MAX) / FILES_PER_PAGE))
  const pages = await Promise.all(Array.from({ length: known }, (_, i) => read(i + 1)))
  const files = pages.flatMap((p) => p.files)
  for (let page = known + 1, last = pages.at(-1); last?.entries === FILES_PER_PAGE && files.length < FILES_API_MAX; page++) {
    last = await read(page)
    files.push(...last.files)
  }
  return files
}

// > "The response from the API includes a maximum of 300 files" (compare two commits)
export const COMPARE_FILES_MAX = 300

/** The diff between two commits (a merge queue entry against its base). */
export async function getCompareDiff(gh: GitHub, where: RepoRef, baseSha: string, headSha: string): Promise<PullDiff> {
  return readCompareDiff(gh, where, baseSha, headSha).catch((error: unknown) => {
    throw readFailed(`the diff of ${baseSha.slice(0, 7)}...${headSha.slice(0, 7)} in ${where.owner}/${where.repo}`, error)
  })
}

async function readCompareDiff(gh: GitHub, where: RepoRef, baseSha: string, headSha: string): Promise<PullDiff> {
  const repo = repoRef(where)
  const basehead = `${baseSha}...${headSha}`
  try {
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead, mediaType: { format: 'diff' } })
    return { files: parseUnifiedDiff(data as unknown as string), source: 'diff', warnings: [], gaps: [] }
  } catch (error) {
    if (httpStatus(error) !== 406) throw error
  }
  const { data } = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead, per_page: 1 })
  const entries = data.files ?? []
  const gaps =
    entries.length >= COMPARE_FILES_MAX
      ? [
          {
            path: '(files beyond the first 300)',
            reason: `the compare API lists at most ${COMPARE_FILES_MAX} files`,
            gap: 'split the change',
          },
        ]
      : []
  return {
    files: fromFilesApi(entries),
    source: 'files-api',
    warnings: ['GitHub refused the full diff (HTTP 406, too large); it was rebuilt from the compare API'],
    gaps,
  }
}
