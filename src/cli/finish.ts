// The end of a CLI review: the report on stdout, the evidence in --out, and
// the exit code the verdict (or the lack of one) gives.
import type { Env } from '../config/inputs.ts'
import { noAnswer } from '../core/verdict/assess.ts'
import type { Report } from '../core/verdict/types.ts'
import { consoleReporter } from '../shell/reporters/console.ts'
import { fsReason, noAnswerMessage, runtimeError } from './errors.ts'
import { paintFor, type Terminal } from './terminal.ts'
import { writeEvidence } from './write-evidence.ts'

export interface Finish {
  readonly term: Terminal
  readonly env: Env
  readonly format: 'text' | 'markdown' | 'json'
  /** --out: the prepared directory and the name it was given. */
  readonly out?: { readonly path: string; readonly name: string }
  readonly diffBytes: Buffer
  readonly replay: boolean
  readonly demo: boolean
}

export async function finishRun(report: Report, f: Finish): Promise<number> {
  const note = (message: string): void => f.term.stderr(`${message}\n`)
  await consoleReporter({
    write: f.term.stdout,
    note: f.term.stderr,
    format: f.format,
    paint: paintFor(f.term, f.env),
    fullTallyIn: f.out === undefined ? 'the --format json output' : `${f.out.name}/tally.json`,
  }).publish(report)
  if (f.out !== undefined) {
    const name = f.out.name
    await writeEvidence(f.out.path, { diffBytes: f.diffBytes, report, now: new Date() }).catch((error: unknown) => {
      throw runtimeError(`The report is above, but the evidence could not be written to ${name}: ${fsReason(error)}`)
    })
  }
  const unanswered = f.replay ? undefined : noAnswer(report)
  if (unanswered !== undefined) {
    note(noAnswerMessage(unanswered))
    return 3
  }
  if (f.demo) {
    // A demonstration, not a gate: the quick start's commands run clean.
    note(
      `demo: exit code 0 on purpose; a review whose gate ${report.conclusion.conclusion === 'success' ? 'passes exits 0' : 'fails like this exits 1'}.`,
    )
    return 0
  }
  return report.conclusion.conclusion === 'success' ? 0 : 1
}
