// What every run leaves on the runner, with or without GitHub: the tally
// file, the step summary, the outputs and, when there is no check run to
// carry them, the most severe annotations in the workflow log.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderCheck, type Annotation } from '../../core/render/check.ts'
import { renderTallyJson } from '../../core/render/json.ts'
import { renderMarkdown } from '../../core/render/markdown.ts'
import type { Report } from '../../core/verdict/types.ts'
import type { Reporter, RunnerLog } from './reporter.ts'

// > "Job summaries are limited to 1MiB" per step.
const STEP_SUMMARY_MAX = 1024 * 1024 - 1024
// > GitHub shows at most 10 error, 10 warning and 10 notice annotations per step.
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10

/** Writes the tally JSON file; returns its path (the tally-json output). */
export async function writeTallyFile(report: Report, tallyDir: string, redact: (text: string) => string): Promise<string> {
  const tallyPath = join(tallyDir, 'cross-lineage-review-tally.json')
  await mkdir(tallyDir, { recursive: true })
  await writeFile(tallyPath, redact(renderTallyJson(report)))
  return tallyPath
}

export async function summarize(
  out: RunnerLog,
  report: Report,
  written: { readonly tallyPath: string; readonly commentUrl: string },
  redact: (text: string) => string,
): Promise<void> {
  await out
    .writeSummary(redact(renderMarkdown(report, STEP_SUMMARY_MAX)))
    .catch((e: unknown) => out.warning(`could not write the step summary: ${String(e)}`))
  out.setOutput('conclusion', report.conclusion.conclusion)
  out.setOutput('convergent', String(report.tally.convergent))
  out.setOutput('distinct', String(report.tally.distinct))
  out.setOutput('dismissed', String(report.tally.groups.filter((g) => g.dismissed).length))
  out.setOutput('tally-json', written.tallyPath)
  out.setOutput('comment-url', written.commentUrl)
  out.info(`${report.tally.convergent} convergent / ${report.tally.distinct} distinct: ${report.conclusion.conclusion}`)
}

/** Without a check run, the most severe annotations go to the log, where GitHub shows 10 per level. */
export function annotateWorkflow(out: RunnerLog, annotations: readonly Annotation[]): void {
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

/** The runner only: no check run, no comment (a replayed evidence directory). */
export function runnerReporter(out: RunnerLog, tallyDir: string): Reporter {
  const same = (text: string): string => text
  return {
    start: () => undefined,
    progress: () => undefined,
    async publish(report) {
      const tallyPath = await writeTallyFile(report, tallyDir, same)
      annotateWorkflow(out, renderCheck(report).annotations)
      await summarize(out, report, { tallyPath, commentUrl: '' }, same)
    },
    fail: () => Promise.resolve(),
    // Nothing was posted that a cancellation could leave half-done.
    cancel: () => Promise.resolve('failure'),
  }
}
