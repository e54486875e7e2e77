// The check run: created in progress before any work, always completed.
import type { Annotation, CheckOutput } from '../../core/render/check.ts'
import type { GitHub } from './client.ts'

// > "The Checks API limits the number of annotations to a maximum of 50 per API request."
export const ANNOTATIONS_PER_REQUEST = 50

export interface CheckRef {
  readonly owner: string
  readonly repo: string
  readonly checkRunId: number
  readonly url: string
}

export async function startCheckRun(
  gh: GitHub, repo: { owner: string; repo: string }, name: string, headSha: string,
): Promise<CheckRef> {
  const { data } = await gh.rest.checks.create({
    owner: repo.owner, repo: repo.repo, name, head_sha: headSha, status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: 'Reviewing', summary: 'Three model lineages are reviewing this pull request.' },
  })
  return { owner: repo.owner, repo: repo.repo, checkRunId: data.id, url: data.html_url ?? '' }
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

export type { Annotation }
