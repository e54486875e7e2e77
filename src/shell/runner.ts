// The GitHub Actions runner through @actions/core: inputs, the event file,
// outputs, masking, the step summary, annotations, the log and signals.
import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import type { Env } from '../config/inputs.ts'
import type { InputName, InputReader } from '../config/spec.ts'
import type { RunEstimate } from '../core/plan/budget.ts'
import type { ProgressEvent } from '../core/verdict/progress.ts'
import type { Ticker } from './progress-feed.ts'
import type { GitHubClientOptions } from './github/client.ts'
import type { RunnerLog } from './reporters/reporter.ts'

/** Everything the action touches outside the core; tests and the CLI pass their own. */
/** How an action run ended. */
export interface ActionResult {
  /** 'skipped': nothing was reviewed on purpose (a draft, not a command, no key with on-missing-key: skip); no check is posted. */
  readonly conclusion: 'success' | 'failure' | 'skipped'
  readonly reasons: readonly string[]
  /** Set when every model call failed, to the first reason: the check failed, but nothing was reviewed (the CLI exits 3). */
  readonly noAnswer?: string
}

export interface ActionIO extends RunnerLog {
  readonly input: InputReader
  readonly env: Env
  readonly readEvent: () => Promise<unknown>
  readonly setSecret: (secret: string) => void
  /**
   * Registers what to do when the job is cancelled (SIGINT, SIGTERM), for the
   * rest of the process: the handler resolves to the exit code to end with.
   */
  readonly onCancel?: (handler: (signal: string) => Promise<number>) => void
  readonly github?: GitHubClientOptions
  /** Read from GitHub and call the models, but post nothing: print what would be posted (CLI --dry-run). */
  readonly dryRun?: boolean
  /** Where a dry run prints what it would have posted (default: info). */
  readonly print?: (text: string) => void
  /** Sees the plan before any model call and may stop the run (the CLI's cost guard with --pr). */
  readonly approve?: (planned: { readonly estimate: RunEstimate }) => Promise<void>
  /** Shows progress itself (the CLI's status line); without it, each review is a line in the log. */
  readonly progress?: (event: ProgressEvent) => void
  /** The clock progress is timed by (tests drive one by hand). */
  readonly ticker?: Ticker
}

export function runnerIO(): ActionIO {
  return {
    input: (name: InputName) => core.getInput(name),
    env: process.env,
    readEvent: async () => {
      const path = process.env.GITHUB_EVENT_PATH
      return path ? (JSON.parse(await readFile(path, 'utf8')) as unknown) : {}
    },
    setOutput: core.setOutput,
    setSecret: core.setSecret,
    writeSummary: async (md) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md).write()
    },
    annotate: (a) => {
      const props = { file: a.path, startLine: a.start_line, endLine: a.end_line, title: a.title }
      if (a.annotation_level === 'failure') core.error(a.message, props)
      else if (a.annotation_level === 'warning') core.warning(a.message, props)
      else core.notice(a.message, props)
    },
    info: core.info,
    warning: core.warning,
    onCancel: (handler) => {
      // `on`, not `once`: a second signal (the runner escalates from SIGINT to SIGTERM) must not kill the process mid-completion.
      const listener = (signal: NodeJS.Signals): void => {
        void handler(signal).then(
          (code) => process.exit(code),
          () => process.exit(1),
        )
      }
      process.on('SIGINT', listener)
      process.on('SIGTERM', listener)
    },
  }
}

export function setFailed(message: string): void {
  core.setFailed(message)
}
