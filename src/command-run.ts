// A run started by `/review dismiss …` or `/review undismiss …`. Before any
// check is created, the command itself is checked: a refused one is answered
// with why and changes nothing; one that arrives before the head commit's
// review is recorded is answered with when it will apply. Otherwise the last
// review is tallied again from its stored replies, without calling a model,
// and the command is answered with what it did once the verdict is posted.
import { deferredReply, dismissedReply, refusedReply, undismissedReply } from './core/render/command-reply.ts'
import { decideCommands } from './core/verdict/dismiss.ts'
import { matchIdentities } from './core/verdict/identity.ts'
import type { Report } from './core/verdict/types.ts'
import type { Change } from './shell/github/change.ts'
import type { GitHub } from './shell/github/client.ts'
import { acknowledge, answerCommand } from './shell/github/command-replies.ts'
import { readCommands } from './shell/github/commands.ts'
import type { PolicyOutcome } from './shell/github/policy-file.ts'
import type { PreviousRun } from './shell/github/previous-run.ts'
import { DEFAULT_BOT_LOGIN } from './shell/github/sticky-comment.ts'

/** Undefined when the re-tally goes ahead; else why this run posts no check (the command was answered). */
export async function commandGate(
  gh: GitHub,
  change: Change,
  previous: PreviousRun,
  policy: PolicyOutcome,
  command: string,
): Promise<readonly string[] | undefined> {
  const [at, pr] = [change.command, change.pr]
  // Without settings the run fails on the configuration, as any other run does.
  if (at === undefined || pr === undefined || policy.settings === undefined) return undefined
  const read = await readCommands(gh, pr, previous.login ?? DEFAULT_BOT_LOGIN, command)
  const trigger = read.facts.find((f) => f.commentId === at.commentId)
  if (trigger === undefined) return [`comment ${at.commentId} is not a dismissal command this action can read; nothing changed`]
  const ledger = previous.ledger
  const entries = ledger?.entries ?? []
  const rules = { command, ...policy.settings.dismissal, author: change.author ?? '' }
  const [decision] = decideCommands([trigger], rules, {
    ids: new Set(entries.map((e) => e.id)),
    idOfThread: (identity) =>
      entries[
        matchIdentities(
          [identity],
          entries.map((e) => e.identity),
        ).get(0) ?? -1
      ]?.id,
  })
  const reply = async (body: string): Promise<void> => {
    if (!read.answered.has(at.commentId)) await answerCommand(gh, pr, at, body)
  }
  if (decision?.refused !== undefined && (ledger !== undefined || !decision.refused.startsWith('unknown id'))) {
    await reply(refusedReply(at.commentId, trigger.author, decision.refused))
    return [`the ${decision.verb} command by ${trigger.author} changed nothing: ${decision.refused}`]
  }
  if (ledger?.head !== change.headSha) {
    await reply(deferredReply(at.commentId, trigger.author, ledger?.head, change.headSha, command))
    return [
      `the ${trigger.author}'s command waits for the review of ${change.headSha.slice(0, 7)}: the last review recorded is not of the head`,
    ]
  }
  return undefined
}

/** Once the verdict is posted: the command answered with what it did. Never throws. */
export async function answerTrigger(
  gh: GitHub,
  change: Change,
  report: Report,
  answered: ReadonlySet<number>,
  warn: (message: string) => void,
): Promise<void> {
  const [at, pr] = [change.command, change.pr]
  const decision = report.dismissals?.decisions.find((d) => d.commentId === at?.commentId)
  if (at === undefined || pr === undefined || decision === undefined) return
  const answer = async (): Promise<void> => {
    // A reaction is the same whenever it is added; a reply is posted once.
    if (at.threadRoot === undefined && decision.refused === undefined) return acknowledge(gh, pr, at.commentId)
    if (answered.has(at.commentId)) return
    if (decision.refused !== undefined) return answerCommand(gh, pr, at, refusedReply(at.commentId, decision.by, decision.refused))
    if (decision.verb === 'undismiss') return answerCommand(gh, pr, at, undismissedReply(at.commentId, decision.by, decision.id ?? ''))
    const dismissed = report.tally.groups.find((g) => g.dismissed?.commentId === at.commentId)?.dismissed
    // Its finding's thread was answered with the threads, unless the thread no longer matches its finding.
    if (dismissed) return answerCommand(gh, pr, at, dismissedReply(dismissed))
  }
  await answer().catch((error: unknown) => warn(`could not answer the command: ${String(error)}`))
}
