// The sticky comment's part about review threads: what was posted (linking
// the review), kept and resolved, what max-inline-comments left without a
// thread, and what GitHub refused.
import { markdownText } from '../text/sanitize.ts'
import type { Group } from '../verdict/types.ts'
import type { LocationMarkdown } from './links.ts'
import { locationText } from './report.ts'

export interface ThreadsSummary {
  readonly posted: number
  /** The review holding the new threads. */
  readonly reviewUrl?: string
  readonly kept: number
  /** One of the kept threads, when no review was posted this run. */
  readonly keptUrl?: string
  readonly resolved: number
  /** Threads resolving was refused for, edited to say their finding is no longer reported. */
  readonly markedGone: number
  /** Threads the action had resolved whose finding is reported again. */
  readonly reopened: number
  readonly dismissed: number
  readonly overflow: readonly Group[]
  readonly max: number
  /** What GitHub refused, one sentence each. */
  readonly problems: readonly string[]
}

// Locations listed for the findings left without a thread; the table above lists them all.
const OVERFLOW_SHOWN = 20

/** `located`: how locations are shown (linked to their lines when the report knows its repository). */
export function threadsSection(
  s: ThreadsSummary,
  located: LocationMarkdown = (l) => markdownText(locationText(l.path, l.startLine, l.endLine), 200),
): string[] {
  const parts = [
    s.posted > 0 ? `${s.posted} new on the changed lines${link('review', s.reviewUrl)}` : '',
    s.kept > 0 ? `${s.kept} still open from an earlier run${s.posted > 0 ? '' : link('thread', s.keptUrl)}` : '',
    s.resolved > 0 ? `${s.resolved} resolved (no longer reported)` : '',
    s.markedGone > 0 ? `${s.markedGone} marked no longer reported (resolving was refused)` : '',
    s.reopened > 0 ? `${s.reopened} reopened (reported again)` : '',
    s.dismissed > 0 ? `${s.dismissed} left resolved by a person` : '',
  ].filter(Boolean)
  const out: string[] = []
  if (parts.length > 0) out.push(`**Review threads**: ${parts.join(' · ')}.`, '')
  if (s.overflow.length > 0) {
    const shown = s.overflow.slice(0, OVERFLOW_SHOWN).map((g) => `${g.severity} ${located(g.location)}`)
    const more = s.overflow.length > OVERFLOW_SHOWN ? `, and ${s.overflow.length - OVERFLOW_SHOWN} more` : ''
    out.push(
      `_${s.overflow.length} more convergent finding(s) on the changed lines have no review thread (max-inline-comments ${s.max}): ${shown.join(', ')}${more}._`,
      '',
    )
  }
  for (const p of s.problems) out.push(`_${markdownText(p, 600)}_`, '')
  return out
}

/** A link to GitHub's own URL; anything else is left out rather than shown. */
function link(label: string, url: string | undefined): string {
  return url !== undefined && /^https:\/\/[^\s()<>]+$/.test(url) ? ` ([${label}](${url}))` : ''
}
