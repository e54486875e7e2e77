// The pull request's history for the verdict: the last run's ledger and every
// dismissal command with its author's access. Read after the reviews, so a
// command posted while models were answering still counts. A read that fails
// applies no dismissal (the gate stays as strict as without them), and says so.
import type { DismissalPolicy } from '../../config/settings.ts'
import type { History } from '../../core/verdict/assess.ts'
import { plainText } from '../../core/text/sanitize.ts'
import type { Change } from './change.ts'
import { httpStatus, type GitHub } from './client.ts'
import { readCommands, type CommandsOnPull } from './commands.ts'
import { getPullRequest } from './diff.ts'
import type { PreviousRun } from './previous-run.ts'
import { DEFAULT_BOT_LOGIN } from './sticky-comment.ts'

export interface HistoryRead {
  readonly history: History
  /** The commands as read, for answering them; undefined when they could not be read. */
  readonly commands?: CommandsOnPull
}

export async function readHistory(
  gh: GitHub,
  change: Change,
  previous: PreviousRun,
  policy: { readonly command: string; readonly dismissal: DismissalPolicy },
): Promise<HistoryRead> {
  const base = { head: change.headSha, command: policy.command, ...(previous.ledger ? { ledger: previous.ledger } : {}) }
  const ref = change.pr ?? change.reuseFrom
  if (ref === undefined) return { history: base }
  try {
    const login = previous.login ?? DEFAULT_BOT_LOGIN
    const [commands, author] = await Promise.all([
      readCommands(gh, ref, login, policy.command),
      change.author ?? getPullRequest(gh, ref).then((p) => p.author),
    ])
    const rules = { command: policy.command, permission: policy.dismissal.permission, allowSelf: policy.dismissal.allowSelf, author }
    return { history: { ...base, commands: { facts: commands.facts, rules } }, commands }
  } catch (error) {
    const status = httpStatus(error)
    const why = status === undefined ? plainText(error instanceof Error ? error.message : String(error), 200) : `HTTP ${status}`
    return { history: { ...base, unread: `the pull request's comments could not be read (${why}), so no dismissal applies` } }
  }
}
