// Report → text on a terminal or in a log: the CLI's output, and what a dry
// run would have posted. Nothing is sent anywhere.
import { annotationsFor } from '../../core/render/check.ts'
import { renderTallyJson } from '../../core/render/json.ts'
import { renderMarkdown } from '../../core/render/markdown.ts'
import { NO_PAINT, renderTerminal, type Paint } from '../../core/render/terminal.ts'
import type { Report } from '../../core/verdict/types.ts'
import type { Reporter } from './reporter.ts'

export interface ConsoleOptions {
  /** Receives the report text (stdout in the CLI). */
  readonly write: (text: string) => void
  /** Receives notes about the run (stderr in the CLI). */
  readonly note: (text: string) => void
  /** text: for a terminal; markdown: what the action posts, with its annotations (the default); json: the tally JSON. */
  readonly format?: 'text' | 'markdown' | 'json'
  /** Colours for the text format (none unless the CLI writes to a TTY). */
  readonly paint?: Paint
  /** Where the rest of a capped markdown list can be read. */
  readonly fullTallyIn?: string
  /** A line printed before the report, e.g. where a dry run would have posted it. */
  readonly heading?: string
}

export function consoleReporter(o: ConsoleOptions): Reporter {
  const format = o.format ?? 'markdown'
  let printed: Report['conclusion']['conclusion'] | undefined
  return {
    start: () => undefined,
    progress: () => undefined,
    publish(report) {
      printed = report.conclusion.conclusion
      if (o.heading !== undefined && format !== 'json') o.write(`${o.heading}\n\n`)
      if (format === 'json') o.write(`${renderTallyJson(report)}\n`)
      else if (format === 'text') o.write(renderTerminal(report, o.paint ?? NO_PAINT))
      else o.write(renderLocal(report, o.fullTallyIn))
      return Promise.resolve()
    },
    fail(title, summary) {
      o.note(`${title}: ${summary}\n`)
      return Promise.resolve()
    },
    // Nothing was started elsewhere: a report already printed stands.
    cancel: () => Promise.resolve(printed ?? 'failure'),
  }
}

/** The markdown report, its annotations and the gate, for reading in a log. */
export function renderLocal(report: Report, fullTallyIn?: string): string {
  const annotations = annotationsFor(report.tally.groups, report)
  const lines = annotations.map(
    (a) => `  ${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}${a.end_line !== a.start_line ? `-${a.end_line}` : ''}  ${a.title}`,
  )
  return [
    renderMarkdown(report, Number.MAX_SAFE_INTEGER, fullTallyIn === undefined ? {} : { fullTallyIn }),
    `Annotations (${annotations.length}):`,
    ...lines,
    '',
    `Gate: ${report.conclusion.conclusion} — ${report.tally.convergent} convergent / ${report.tally.distinct} distinct`,
    '',
  ].join('\n')
}
