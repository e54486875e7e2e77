// Dismissal commands, as the shell read them with their authors' access →
// which are honoured, which are refused and why, and which findings stay
// dismissed. The trail is the commands themselves, checked on every run: a
// failed permission read refuses, a bot never dismisses, an edited command is
// not the one that was posted, and the pull request's author does not
// overrule the gate on their own change unless the base's policy says so.
import { parseCommand } from './commands.ts'
import type { CommandDecision, Dismissal, FindingIdentity } from './history-types.ts'

/** Repository roles, as GitHub names them, weakest first. */
export const ROLES = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const
export type Role = (typeof ROLES)[number]
export type DismissPermission = 'write' | 'maintain' | 'admin'

/** What the repository lets a commenter do, or why that could not be read (which never grants anything). */
export type Access = { readonly role: Role } | { readonly unknown: string }

/** A comment that is a dismissal command, as the shell read it. */
export interface CommandFacts {
  /** REST id of the comment. */
  readonly commentId: number
  readonly url: string
  readonly author: string
  readonly bot: boolean
  /** ISO time the comment was posted: commands apply in this order. */
  readonly createdAt: string
  /** Changed after it was posted. */
  readonly edited: boolean
  readonly body: string
  /** A reply in one of our review threads: the identity its thread names. */
  readonly thread?: FindingIdentity
  readonly access: Access
}

export interface DismissalRules {
  /** The comment command, e.g. /review. */
  readonly command: string
  readonly permission: DismissPermission
  readonly allowSelf: boolean
  /** Who opened the pull request. */
  readonly author: string
}

export interface KnownFindings {
  /** Ids of the findings of this run and of the ledger. */
  readonly ids: ReadonlySet<string>
  /** The id of the current finding a thread's identity names, if any. */
  readonly idOfThread: (identity: FindingIdentity) => string | undefined
}

const rank = (role: Role): number => ROLES.indexOf(role)

export function decideCommands(facts: readonly CommandFacts[], rules: DismissalRules, known: KnownFindings): CommandDecision[] {
  return [...facts].sort(byTime).flatMap((f) => {
    const parsed = parseCommand(f.body, rules.command)
    if (parsed === undefined) return []
    const threadId = f.thread && known.idOfThread(f.thread)
    const id = ('id' in parsed ? parsed.id : undefined) ?? threadId
    const base = {
      commentId: f.commentId,
      url: f.url,
      by: f.author,
      at: f.createdAt,
      verb: parsed.verb,
      ...(id === undefined ? {} : { id }),
      ...('reason' in parsed ? { reason: parsed.reason, note: parsed.note } : {}),
    }
    const refused = refusal(f, rules) ?? ('problem' in parsed ? parsed.problem : undefined) ?? idProblem(f, parsed, id, known)
    return [refused === undefined ? base : { ...base, refused }]
  })
}

function refusal(f: CommandFacts, rules: DismissalRules): string | undefined {
  if (f.bot) return 'a bot cannot dismiss findings'
  if (f.edited) return 'the command was edited after it was posted; post it again as a new comment'
  if ('unknown' in f.access) return `${f.author}'s permission could not be checked (${f.access.unknown}), so the command is not applied`
  if (rank(f.access.role) < rank(rules.permission))
    return `${f.author} has ${f.access.role} access; dismissing needs ${rules.permission} access or more`
  if (f.author.toLowerCase() === rules.author.toLowerCase() && !rules.allowSelf)
    return `${f.author} opened this pull request, and the repository's policy does not let authors dismiss findings on their own pull request (allow-self-dismiss)`
  return undefined
}

function idProblem(
  f: CommandFacts,
  parsed: NonNullable<ReturnType<typeof parseCommand>>,
  id: string | undefined,
  known: KnownFindings,
): string | undefined {
  if (!('problem' in parsed) && parsed.id !== undefined) {
    return known.ids.has(parsed.id) ? undefined : `unknown id ${parsed.id}: no finding of this pull request has it`
  }
  if (f.thread === undefined) return 'missing finding id: copy the command shown beside the finding'
  return id === undefined ? "this thread's finding is not among the current findings" : undefined
}

const byTime = (a: CommandFacts, b: CommandFacts): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.commentId - b.commentId

/** The dismissals standing after every honoured command, in order: the latest about a finding wins. */
export function standingDismissals(decisions: readonly CommandDecision[]): Map<string, Dismissal> {
  const standing = new Map<string, Dismissal>()
  for (const d of decisions) {
    if (d.refused !== undefined || d.id === undefined) continue
    if (d.verb === 'undismiss') standing.delete(d.id)
    else if (d.reason !== undefined)
      standing.set(d.id, { id: d.id, by: d.by, at: d.at, reason: d.reason, note: d.note ?? '', url: d.url, commentId: d.commentId })
  }
  return standing
}

/** A dismissal holds while the finding cites only lines it cited when dismissed: a change to them makes it a new finding. */
export function stillHolds(current: FindingIdentity, dismissedLines: readonly string[]): boolean {
  const then = new Set(dismissedLines)
  return current.lines.length > 0 && current.lines.every((l) => then.has(l))
}
