// Tally → check-run output and annotations, within the Checks API limits.
import { plainText } from '../text/sanitize.ts'
import type { Severity } from '../reply/types.ts'
import type { Group } from '../verdict/types.ts'
import { renderMarkdown } from './markdown.ts'
import type { Report } from '../verdict/types.ts'
import { dismissText } from './dismissals.ts'
import { headline } from './report.ts'

// > output.summary: "Maximum length: 65535 characters." (Checks API, Update a check run)
export const CHECK_SUMMARY_MAX = 65_535
// > output.title is shown as the check's headline; keep it short.
export const CHECK_TITLE_MAX = 255
// > annotation "message" / "title": messages are limited to 64 KB; titles to 255 characters.
export const ANNOTATION_MESSAGE_MAX = 4_000
export const ANNOTATION_TITLE_MAX = 255

export interface Annotation {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly annotation_level: 'failure' | 'warning' | 'notice'
  readonly title: string
  readonly message: string
}

export interface CheckOutput {
  readonly conclusion: 'success' | 'failure'
  readonly title: string
  readonly summary: string
  readonly annotations: readonly Annotation[]
}

const LEVEL: Record<Severity, Annotation['annotation_level']> = { BLOCK: 'failure', WARN: 'warning', INFO: 'notice' }

export function renderCheck(report: Report): CheckOutput {
  return {
    conclusion: report.conclusion.conclusion,
    title: plainText(`${headline(report)}: ${report.conclusion.conclusion}`, CHECK_TITLE_MAX),
    summary: renderMarkdown(report, CHECK_SUMMARY_MAX),
    annotations: annotationsFor(report.tally.groups, report),
  }
}

/**
 * One annotation per convergent group on a line reviewers were shown (the
 * diff or its enclosing context), naming its id and, when it gates, the
 * command that dismisses it; a dismissed one is a notice saying who dismissed it.
 */
export function annotationsFor(groups: readonly Group[], report?: Report): Annotation[] {
  return groups.flatMap((g) => {
    const { path, startLine, endLine, label } = g.location
    if (!g.convergent || (label !== 'in-diff' && label !== 'in-context') || startLine === undefined) return []
    const id = g.id === undefined ? '' : ` · ${g.id}`
    const said = g.findings.map((f) => `${f.reviewer} (${f.severity}): ${f.what}${f.why ? ` Why: ${f.why}` : ''}`).join(' | ')
    const dismissed = g.dismissed
    const command = report && dismissText(g, report)
    const annotation: Annotation = {
      path,
      start_line: startLine,
      end_line: endLine ?? startLine,
      annotation_level: dismissed ? 'notice' : LEVEL[g.severity],
      title: plainText(`${dismissed ? 'dismissed ' : ''}${g.severity} · convergent: ${g.reviewers.join(' + ')}${id}`, ANNOTATION_TITLE_MAX),
      // The command first: a long message is cut at its end.
      message: plainText(
        dismissed
          ? `Dismissed by ${dismissed.by} as ${dismissed.reason}${dismissed.note ? `: ${dismissed.note}` : ''}. | ${said}`
          : `${command === undefined ? '' : `To dismiss: ${command} | `}${said}`,
        ANNOTATION_MESSAGE_MAX,
      ),
    }
    return [annotation]
  })
}
