// The action on a recorded evidence directory (the `replay` input): the same
// pipeline, answered from the recorded replies; the verdict goes to the step
// summary, the outputs and the exit code. No model call, nothing posted.
import type { ReviewSettings } from './config/settings.ts'
import { readUnifiedDiff } from './core/diff/check.ts'
import { progressLine } from './core/render/progress.ts'
import { reviewChange } from './pipeline.ts'
import { createEvidenceClient, evidenceDiffPath, readEvidenceDiff } from './shell/read-evidence.ts'
import { runnerReporter } from './shell/reporters/runner-report.ts'
import type { ActionIO, ActionResult } from './shell/runner.ts'

export async function replayEvidence(io: ActionIO, at: { dir: string; review: ReviewSettings; tallyDir: string }): Promise<ActionResult> {
  const path = evidenceDiffPath(at.dir)
  const text = await readEvidenceDiff(at.dir).catch((error: unknown) => {
    const why = error instanceof Error ? error.message : String(error)
    throw new Error(`Input \`replay\`: cannot read ${path} (${why}); give a directory written by the CLI's --out, such as examples/demo.`)
  })
  const diff = readUnifiedDiff(text.toString('utf8'))
  if (!diff.ok) throw new Error(`Input \`replay\`: ${path} ${diff.problem}.`)
  const report = await reviewChange({ label: `evidence ${at.dir}`, files: diff.files }, at.review, {
    client: createEvidenceClient(at.dir, 'record the run again with the CLI and --out'),
    secrets: [],
    log: io.info,
    onReview: (r) => io.info(progressLine(r)),
  })
  report.warnings.forEach((w) => io.warning(w))
  await runnerReporter(io, at.tallyDir).publish(report)
  return report.conclusion
}
