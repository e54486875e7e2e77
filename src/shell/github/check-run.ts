// The check run: created in progress as soon as the commit is known (alongside
// the reads and the review, which never wait for it), always completed.
import type { CheckOutput } from '../../core/render/check.ts'
import type { GitHub } from './client.ts'

// > "The Checks API limits the number of annotations to a maximum of 50 per API request."
export const ANNOTATIONS_PER_REQUEST = 50

// Marks the check runs this action creates, to tell them from other checks of the same name.
export const EXTERNAL_ID = 'cross-lineage-review'

export interface CheckRef {
  readonly owner: string
  readonly repo: string
  readonly checkRunId: number
  readonly url: string
}

export async function startCheckRun(gh: GitHub, repo: { owner: string; repo: string }, name: string, headSha: string): Promise<CheckRef> {
  const { data } = await gh.rest.checks.create({
    owner: repo.owner,
    repo: repo.repo,
    name,
    head_sha: headSha,
    status: 'in_progress',
    external_id: EXTERNAL_ID,
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing', summary: 'Three model lineages are reviewing this pull request.' },
  })
  return { owner: repo.owner, repo: repo.repo, checkRunId: data.id, url: data.html_url ?? '' }
}

/**
 * The check's title and summary while the reviews run. Not retried (the next
 * update, or the verdict, follows), and not sent at all once `sendable` says
 * no: a write that waited in the client's queue past the verdict's start is
 * dropped there rather than landing after it.
 */
export async function showCheckProgress(
  gh: GitHub,
  check: CheckRef,
  text: { title: string; summary: string },
  sendable: () => boolean,
): Promise<void> {
  await gh.rest.checks.update({
    owner: check.owner,
    repo: check.repo,
    check_run_id: check.checkRunId,
    output: text,
    request: {
      retries: 0,
      fetch: (url: string, init: RequestInit) =>
        sendable() ? fetch(url, init) : Promise.reject(new Error('not sent: the verdict is being posted')),
    },
  })
}

/**
 * Completes earlier runs' checks for this commit that are still in progress
 * (a job killed outright cannot complete its own); returns how many.
 */
export async function supersedeStaleChecks(gh: GitHub, current: CheckRef, name: string, headSha: string): Promise<number> {
  const runs = await gh.paginate(gh.rest.checks.listForRef, {
    owner: current.owner,
    repo: current.repo,
    ref: headSha,
    check_name: name,
    status: 'in_progress',
    // The default, latest, may show only the newest run of a name: ours, hiding the stale ones.
    filter: 'all',
    per_page: 100,
  })
  const stale = runs.filter((r) => r.id !== current.checkRunId && r.external_id === EXTERNAL_ID)
  for (const run of stale) {
    await gh.rest.checks.update({
      owner: current.owner,
      repo: current.repo,
      check_run_id: run.id,
      status: 'completed',
      conclusion: 'failure',
      completed_at: new Date().toISOString(),
      output: {
        title: 'Superseded',
        summary: `A newer run for this commit replaced this one before it finished; see ${current.url || 'the newest check run'}.`,
      },
    })
  }
  return stale.length
}

/** Completes the check; annotations beyond the first 50 go in further updates, which append. */
export async function completeCheckRun(gh: GitHub, check: CheckRef, output: CheckOutput): Promise<void> {
  const batches = chunk(output.annotations, ANNOTATIONS_PER_REQUEST)
  const base = { owner: check.owner, repo: check.repo, check_run_id: check.checkRunId }
  const text = { title: output.title, summary: output.summary }
  for (const batch of batches.slice(1)) {
    await gh.rest.checks.update({ ...base, output: { ...text, annotations: [...batch] } })
  }
  // The completing update goes last so no annotation arrives after the conclusion.
  await gh.rest.checks.update({
    ...base,
    status: 'completed',
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...text, annotations: [...(batches[0] ?? [])] },
  })
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Completes the check as failing in one request, sent at once (not behind the
 * write queue) and given up when `deadline` aborts: what a cancelled job has
 * time for before the runner kills it.
 */
export async function completeCheckNow(
  gh: GitHub,
  check: CheckRef,
  text: { title: string; summary: string },
  deadline: AbortSignal,
): Promise<void> {
  await gh.urgent.rest.checks.update({
    owner: check.owner,
    repo: check.repo,
    check_run_id: check.checkRunId,
    status: 'completed',
    conclusion: 'failure',
    completed_at: new Date().toISOString(),
    output: text,
    request: { signal: deadline },
  })
}
