// Where a run's outcome goes: GitHub (check run, sticky comment, summary,
// outputs) or the console (the CLI and dry runs). main.ts picks one.
import type { OutputName } from '../../config/spec.ts'
import type { Annotation } from '../../core/render/check.ts'
import type { Report } from '../../core/verdict/types.ts'

export interface Reporter {
  /**
   * The commit is known (GitHub: the check goes in progress). It runs while
   * the diff is read and reviewed, never holding them up; publish and fail
   * wait for whatever it started.
   */
  start(headSha: string): void
  /** The verdict: everything posted, written and printed. */
  publish(report: Report): Promise<void>
  /**
   * The run ends without a verdict (configuration error, crash, cancellation):
   * whatever was started is completed as failing, saying why. Never throws.
   */
  fail(title: string, summary: string): Promise<void>
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
