// Report → text on a terminal or in a log: the CLI's output, and what a dry
// run would have posted. Nothing is sent anywhere.
import { annotationsFor } from '../../core/render/check.ts'
import { renderTallyJson } from '../../core/render/json.ts'
import { renderMarkdown } from '../../core/render/markdown.ts'
import type { Report } from '../../core/verdict/types.ts'
import type { Reporter } from './reporter.ts'

export interface ConsoleOptions {
  /** Receives the report text (stdout in the CLI). */
  readonly write: (text: string) => void
  /** Receives notes about the run (stderr in the CLI). */
  readonly note: (text: string) => void
  readonly json?: boolean
  /** A line printed before the report, e.g. where a dry run would have posted it. */
  readonly heading?: string
}

export function consoleReporter(o: ConsoleOptions): Reporter {
  return {
    start: () => undefined,
    publish(report) {
      if (o.heading !== undefined && o.json !== true) o.write(`${o.heading}\n\n`)
      o.write(o.json === true ? `${renderTallyJson(report)}\n` : renderLocal(report))
      return Promise.resolve()
    },
    fail(title, summary) {
      o.note(`${title}: ${summary}`)
      return Promise.resolve()
    },
  }
}

/** The report, its annotations and the gate, for reading in a terminal or log. */
export function renderLocal(report: Report): string {
  const annotations = annotationsFor(report.tally.groups)
  const lines = annotations.map(
    (a) => `  ${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}${a.end_line !== a.start_line ? `-${a.end_line}` : ''}  ${a.title}`,
  )
  return [
    renderMarkdown(report, Number.MAX_SAFE_INTEGER),
    `Annotations (${annotations.length}):`,
    ...lines,
    '',
    `Gate: ${report.conclusion.conclusion} — ${report.tally.convergent} convergent / ${report.tally.distinct} distinct`,
    '',
  ].join('\n')
}
