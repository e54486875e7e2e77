// The report's part about dismissals: the command beside each finding that
// gates, the dismissed findings with who, when, why and a link to the
// command, dismissals that lapsed because their lines changed, and commands
// that changed nothing. Markdown for the comment and summaries; plain lines
// for the terminal and annotations.
import { dismissCommand, DISMISS_REASONS } from '../verdict/commands.ts'
import { failsPolicy, heldOpen } from '../verdict/gate.ts'
import type { Group, Report } from '../verdict/types.ts'
import { markdownText } from '../text/sanitize.ts'
import { bullets, CELL_CHARS, type Cap } from './markdown-lists.ts'
import { proseMarkdown } from './code-span.ts'
import { locationMarkdown } from './links.ts'

/** Whether a group fails the gate now, alone or beside a review not counted: a dismissed one does not. */
export const gates = (g: Group, report: Report): boolean =>
  !g.dismissed && (failsPolicy(g, report.failOn) || heldOpen(g, report.tally, report.failOn))

/** The command that dismisses a gating group, when the run can take commands; undefined otherwise. */
export function dismissText(g: Group, report: Report): string | undefined {
  const command = report.dismissals?.command
  return command !== undefined && g.id !== undefined && gates(g, report) ? dismissCommand(command, g.id) : undefined
}

/** The table column beside each finding: its command, ready to copy, for those that gate. */
export const dismissCell = (g: Group, report: Report): string => {
  const text = dismissText(g, report)
  return text === undefined ? '' : `\`${text}\``
}

/** Under the findings: how to use the commands, when any is shown. */
export function dismissHint(report: Report): string[] {
  if (!report.tally.groups.some((g) => dismissText(g, report) !== undefined)) return []
  return [
    `<sub>A finding that gates can be dismissed by someone with write access who did not open the pull request: comment its command with a reason (${DISMISS_REASONS.map((r) => `\`${r}\``).join(', ')}), optionally followed by \`: why\`. The check is decided again without calling a model; the dismissal lapses if the finding's lines change.</sub>`,
    '',
  ]
}

const date = (iso: string): string => iso.slice(0, 10)
const link = (url: string, text: string): string => (/^https:\/\/[^\s()<>]+$/.test(url) ? `[${text}](${url})` : text)

export function dismissedSection(report: Report, cap: Cap): string[] {
  const dismissed = report.tally.groups.filter((g) => g.dismissed)
  const d = report.dismissals
  const refused = d?.decisions.filter((c) => c.refused !== undefined) ?? []
  const out: string[] = []
  if (dismissed.length > 0) {
    out.push(
      `### Dismissed findings (${dismissed.length})`,
      '',
      '| Severity | Location | Dismissed by | Reason | Why |',
      '|---|---|---|---|---|',
    )
    const where = locationMarkdown(report)
    for (const g of dismissed.slice(0, cap.max)) {
      const by = g.dismissed
      if (by === undefined) continue
      const who = `${markdownText(by.by, 40)} on ${link(by.url, date(by.at))}`
      const why = by.note === '' ? '—' : proseMarkdown(by.note, CELL_CHARS, { cell: true })
      out.push(`| ${g.severity} | ${where(g.location)} \`${g.id ?? ''}\` | ${who} | ${by.reason} | ${why} |`)
    }
    if (dismissed.length > cap.max) out.push(`_${dismissed.length - cap.max} more in ${cap.where}._`)
    out.push('')
  }
  if (d && d.lapsed.length > 0) {
    out.push(
      `**Dismissals that no longer hold (${d.lapsed.length})**: the lines they were given for changed, so the finding gates again under a new id`,
      '',
      ...bullets(
        d.lapsed,
        cap,
        (l) => `- \`${l.id}\` (dismissed by ${markdownText(l.by, 40)}, ${link(l.url, 'command')}) is now \`${l.now}\``,
      ),
      '',
    )
  }
  if (d?.unread !== undefined) out.push(`**Dismissals not applied**: ${markdownText(d.unread, 300)}.`, '')
  if (refused.length > 0) {
    out.push(
      `<details><summary>Commands that changed nothing (${refused.length})</summary>`,
      '',
      ...bullets(refused, cap, (c) => `- ${markdownText(c.by, 40)} on ${link(c.url, date(c.at))}: ${markdownText(c.refused ?? '', 300)}`),
      '',
      '</details>',
      '',
    )
  }
  return out
}
