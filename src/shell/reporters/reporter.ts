// Where a run's outcome goes: GitHub (check run, sticky comment, summary,
// outputs) or the console (the CLI and dry runs). main.ts picks one.
import type { OutputName } from '../../config/spec.ts'
import type { Annotation } from '../../core/render/check.ts'
import type { ProgressEvent } from '../../core/verdict/progress.ts'
import type { Report } from '../../core/verdict/types.ts'

/** The conclusion a cancelled run ends with: the verdict's when it was already delivered, else failure. */
export type Ending = 'success' | 'failure'

export interface Reporter {
  /**
   * The commit is known (GitHub: the check goes in progress). It runs while
   * the diff is read and reviewed, never holding them up; publish and fail
   * wait for whatever it started.
   */
  start(headSha: string): void
  /** The plan, then each review as it comes in: what the run shows while it runs (GitHub: the check's progress). */
  progress(event: ProgressEvent): void
  /** The verdict: everything posted, written and printed. */
  publish(report: Report): Promise<void>
  /**
   * The run ends without a verdict (configuration error, crash): whatever
   * was started is completed as failing, saying why. Never throws.
   */
  fail(title: string, summary: string): Promise<void>
  /**
   * The job is cancelled: nothing more is written, except one request
   * completing the check as failing (title, summary) when one exists or is
   * being created and no verdict or failure completed it yet, sent at once
   * and given up when `deadline` aborts. Resolves to the conclusion the run
   * ends with; never throws.
   */
  cancel(title: string, summary: string, deadline: AbortSignal): Promise<Ending>
}

/** The runner's log, outputs and summary: @actions/core in the action, stdout/stderr in the CLI. */
export interface RunnerLog {
  readonly setOutput: (name: OutputName, value: string) => void
  readonly writeSummary: (markdown: string) => Promise<void>
  /** A workflow-command annotation, used when no check run can be created. */
  readonly annotate: (annotation: Annotation) => void
  readonly info: (message: string) => void
  readonly warning: (message: string) => void
}
