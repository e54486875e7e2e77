// What the action answers a dismissal command with: why it changed nothing,
// when it will apply, or what it did. Each answer carries a hidden marker
// naming the command, so a re-run never answers the same command twice.
import type { DismissReason } from '../verdict/commands.ts'
import type { Dismissal } from '../verdict/history-types.ts'
import { markdownText } from '../text/sanitize.ts'

export const ackMarker = (commentId: number): string => `<!-- cross-lineage-review:ack ${commentId} -->`
export const ACK_MARKER = /<!-- cross-lineage-review:ack (\d+) -->/g

/** A login as GitHub spells them; anything else is shown escaped, never as a mention. */
const mention = (login: string): string => (/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? `@${login}` : markdownText(login, 40))

export function refusedReply(commentId: number, by: string, why: string): string {
  return `${mention(by)} this command changed nothing: ${markdownText(why, 400)}. ${ackMarker(commentId)}`
}

export function deferredReply(commentId: number, by: string, reviewed: string | undefined, head: string, command: string): string {
  const last = reviewed === undefined ? 'no review of this pull request is recorded' : `the last review is of \`${reviewed.slice(0, 7)}\``
  return (
    `${mention(by)} not applied yet: ${last}, and the head is \`${head.slice(0, 7)}\`. ` +
    `Dismissals are read again when the head's review completes; if none is running, comment \`${command}\` to review it. ${ackMarker(commentId)}`
  )
}

const REASON_WORDS: Readonly<Record<DismissReason, string>> = {
  'false-positive': 'a false positive',
  'wont-fix': "won't fix",
  'accepted-risk': 'an accepted risk',
}

export function dismissedReply(d: Dismissal): string {
  const note = d.note === '' ? '' : `: ${markdownText(d.note, 300)}`
  const link = /^https:\/\/[^\s()<>]+$/.test(d.url) ? ` ([command](${d.url}))` : ''
  return `Dismissed by ${mention(d.by)} as ${REASON_WORDS[d.reason]}${note}${link}. It no longer gates this pull request while these lines stay as they are. ${ackMarker(d.commentId)}`
}

export function undismissedReply(commentId: number, by: string, id: string): string {
  return `${mention(by)} took back the dismissal of \`${id}\`: it gates again. ${ackMarker(commentId)}`
}
