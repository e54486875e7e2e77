// One review thread's first comment: a hidden marker naming the finding, its
// severity, the agreeing reviewers and what each said (escaped and bounded
// like the sticky comment), and the fix. Also the note a thread gets when its
// finding went away and resolving the thread was refused.
import { markdownText, truncate } from '../text/sanitize.ts'
import { dismissCommand, DISMISS_REASONS } from '../verdict/commands.ts'
import type { ThreadIdentity } from '../verdict/identity.ts'
import { threadMarker } from '../verdict/threads.ts'
import type { Group } from '../verdict/types.ts'
import { proseMarkdown } from './code-span.ts'
import { CELL_CHARS } from './markdown-lists.ts'
import { fixSection, type FixDecision } from './suggestion.ts'

// > "body is too long (maximum is 65536 characters)" (GitHub's 422 on a review comment)
export const REVIEW_COMMENT_MAX = 65_536

const GONE = '<!-- cross-lineage-review:gone -->'

/**
 * `where`: the location as markdown, linked to its lines at the head commit when the report knows its repository;
 * `command`: the comment command (e.g. /review), given when the finding gates and can be dismissed.
 */
export function threadBody(group: Group, identity: ThreadIdentity, fix: FixDecision, where = '', command?: string): string {
  const at = where === '' ? '' : ` · ${where}`
  const id = group.id === undefined ? '' : ` · \`${group.id}\``
  const dismiss =
    command === undefined || group.id === undefined
      ? []
      : [
          `<sub>Wrong? Reply here with \`${command} dismiss <reason>\`, or comment \`${dismissCommand(command, group.id)}\` on the pull request; reasons: ${DISMISS_REASONS.join(', ')}.</sub>`,
          '',
        ]
  const head = [
    threadMarker(identity),
    `**${group.severity}** · convergent: ${agreeing(group)}${at}${id}`,
    '',
    ...said(group),
    '',
    ...dismiss,
  ]
  const foot = [
    `<sub>cross-lineage-review: reviewers of ${group.lineages.length} model lineages flagged these lines independently. Their text is quoted as data, not verified; the check run is the merge gate.</sub>`,
  ]
  const full = [...head, ...fixSection(fix), ...foot].join('\n')
  // The fix goes first when the body is too long: a cut suggestion block would apply half a fix.
  return full.length <= REVIEW_COMMENT_MAX ? full : truncate([...head, ...foot].join('\n'), REVIEW_COMMENT_MAX)
}

function agreeing(group: Group): string {
  const names = group.reviewers.map((r) => `**${markdownText(r, 40)}**`)
  const list = names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
  return `${list} (${group.lineages.length} lineages)`
}

function said(group: Group): string[] {
  return group.findings.map((f) => {
    const why = f.why.trim() === '' ? '' : ` _Why:_ ${proseMarkdown(f.why, CELL_CHARS)}`
    return `- **${markdownText(f.reviewer, 40)}** (${f.severity}): ${proseMarkdown(f.what || '(no text)', CELL_CHARS)}${why}`
  })
}

/** The body with a note that the finding is no longer reported at `sha`, after the marker line. */
export function withGoneNote(body: string, sha: string): string {
  const [marker = '', ...rest] = withoutGoneNote(body).split('\n')
  const at = /^[0-9a-f]{7,40}$/.test(sha) ? `\`${sha.slice(0, 7)}\`` : markdownText(sha, 40)
  const note = `> **No longer reported at ${at}:** the reviewers no longer agree on this finding. ${GONE}`
  return [marker, note, '', ...rest].join('\n')
}

/** The body without our note; only the line right after the marker can be it (fixes quote model text verbatim). */
export function withoutGoneNote(body: string): string {
  if (!hasGoneNote(body)) return body
  const lines = body.split('\n')
  return [lines[0] ?? '', ...lines.slice(lines[2] === '' ? 3 : 2)].join('\n')
}

export function hasGoneNote(body: string): boolean {
  const second = body.split('\n', 2)[1] ?? ''
  return second.startsWith('> **No longer reported at ') && second.endsWith(GONE)
}
