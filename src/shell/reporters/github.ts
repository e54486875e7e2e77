// Report → everything that leaves the process: the tally file, the sticky
// comment, the check run (or workflow annotations when there is none), the
// step summary and the outputs. Every body is redacted of known secrets last.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderCheck, type Annotation, type CheckOutput } from '../../core/render/check.ts'
import { renderComment } from '../../core/render/comment.ts'
import { renderTallyJson } from '../../core/render/json.ts'
import { renderMarkdown } from '../../core/render/markdown.ts'
import type { Report } from '../../core/render/report.ts'
import { redactSecrets } from '../../core/text/sanitize.ts'
import { completeCheckRun, type CheckRef } from '../github/check-run.ts'
import { httpStatus, type GitHub } from '../github/client.ts'
import type { PrRef } from '../github/diff.ts'
import { upsertStickyComment, type OwnComment } from '../github/sticky-comment.ts'

// > "Job summaries are limited to 1MiB" per step.
const STEP_SUMMARY_MAX = 1024 * 1024 - 1024
// > GitHub shows at most 10 error, 10 warning and 10 notice annotations per step.
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10

export interface Publisher {
  readonly setOutput: (name: string, value: string) => void
  readonly writeSummary: (markdown: string) => Promise<void>
  readonly annotate: (a: Annotation) => void
  readonly info: (message: string) => void
  readonly warning: (message: string) => void
}

export interface Destination {
  readonly gh: GitHub
  /** The pull request to comment on, with our comments already on it. */
  readonly pr?: { readonly ref: PrRef; readonly ours: readonly OwnComment[] }
  /** Hidden block carried in the comment for the next run (incremental re-review). */
  readonly reuseBlock?: string
  /** Undefined when the token could not create one: annotations go to the workflow log instead. */
  readonly check?: CheckRef
  readonly tallyDir: string
  readonly secrets: readonly string[]
  /** Print the comment and annotations instead of posting them. */
  readonly dryRun?: boolean
}

export async function publish(out: Publisher, to: Destination, report: Report): Promise<void> {
  const redact = (text: string): string => redactSecrets(text, to.secrets)
  const tallyPath = join(to.tallyDir, 'cross-lineage-review-tally.json')
  await mkdir(to.tallyDir, { recursive: true })
  await writeFile(tallyPath, redact(renderTallyJson(report)))

  const reuse = to.reuseBlock ?? ''
  const comment = redact(renderComment(report, reuse.length)) + reuse
  if (to.dryRun && to.pr)
    out.info(`--- comment that would be posted on ${to.pr.ref.owner}/${to.pr.ref.repo}#${to.pr.ref.prNumber} ---\n${comment}`)
  const commentUrl = to.pr && !to.dryRun ? await postComment(out, to.gh, to.pr.ref, to.pr.ours, comment) : ''
  const check = redactOutput(renderCheck(report), redact)
  if (to.check) await completeCheckRun(to.gh, to.check, check)
  else annotateWorkflow(out, check.annotations)
  await out
    .writeSummary(redact(renderMarkdown(report, STEP_SUMMARY_MAX)))
    .catch((e: unknown) => out.warning(`could not write the step summary: ${String(e)}`))

  out.setOutput('conclusion', report.conclusion.conclusion)
  out.setOutput('convergent', String(report.tally.convergent))
  out.setOutput('distinct', String(report.tally.distinct))
  out.setOutput('tally-json', tallyPath)
  out.setOutput('comment-url', commentUrl)
  out.info(`${report.tally.convergent} convergent / ${report.tally.distinct} distinct: ${report.conclusion.conclusion}`)
}

async function postComment(out: Publisher, gh: GitHub, pr: PrRef, ours: readonly OwnComment[], body: string): Promise<string> {
  try {
    const posted = await upsertStickyComment(gh, pr, ours, body)
    out.info(
      `comment ${posted.action}: ${posted.url}${posted.removedDuplicates ? ` (${posted.removedDuplicates} duplicate(s) removed)` : ''}`,
    )
    return posted.url
  } catch (error) {
    out.warning(
      `Could not post the PR comment (HTTP ${httpStatus(error) ?? '?'}); the workflow needs \`permissions: pull-requests: write\`. The check and the job summary still carry the verdict.`,
    )
    return ''
  }
}

/** Without a check run, the most severe annotations go to the log, where GitHub shows 10 per level. */
function annotateWorkflow(out: Publisher, annotations: readonly Annotation[]): void {
  const shown = new Map<string, number>()
  for (const a of annotations) {
    const n = shown.get(a.annotation_level) ?? 0
    if (n < WORKFLOW_ANNOTATIONS_PER_LEVEL) out.annotate(a)
    shown.set(a.annotation_level, n + 1)
  }
  const hidden = [...shown.values()].reduce((sum, n) => sum + Math.max(0, n - WORKFLOW_ANNOTATIONS_PER_LEVEL), 0)
  if (hidden > 0)
    out.warning(`${hidden} more annotation(s) are in the job summary and tally-json; a check run (checks: write) shows them all`)
}

function redactOutput(output: CheckOutput, redact: (text: string) => string): CheckOutput {
  return {
    ...output,
    title: redact(output.title),
    summary: redact(output.summary),
    annotations: output.annotations.map((a) => ({ ...a, title: redact(a.title), message: redact(a.message) })),
  }
}
