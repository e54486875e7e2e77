// The pull request's dismissal commands, read from the comments themselves on
// every run (never from state the action keeps, which people can edit), each
// with its author's access read through the API at run time. A permission
// that cannot be read is recorded as unknown, which refuses the command.
import { ACK_MARKER } from '../../core/render/command-reply.ts'
import { parseCommand } from '../../core/verdict/commands.ts'
import { ROLES, type Access, type CommandFacts, type Role } from '../../core/verdict/dismiss.ts'
import { readMarker } from '../../core/verdict/threads.ts'
import { httpStatus, repoRef, type GitHub } from './client.ts'
import type { PrRef } from './diff.ts'
import { listComments } from './sticky-comment.ts'

export interface CommandsOnPull {
  readonly facts: readonly CommandFacts[]
  /** Commands we already answered. */
  readonly answered: ReadonlySet<number>
  /** Our review threads' first comments by REST id (a command replying to one names its finding). */
  readonly threadRoots: ReadonlyMap<number, string>
}

type ReviewComment = Awaited<ReturnType<GitHub['rest']['pulls']['listReviewComments']>>['data'][number]

/** Throws when the comments cannot be listed: the caller decides what that means (never a dismissal). */
export async function readCommands(gh: GitHub, ref: PrRef, login: string, command: string): Promise<CommandsOnPull> {
  const [issueComments, reviewComments] = await Promise.all([
    listComments(gh, ref),
    gh.paginate(gh.rest.pulls.listReviewComments, { owner: ref.owner, repo: ref.repo, pull_number: ref.prNumber, per_page: 100 }),
  ])
  const roots = new Map<number, string>(
    reviewComments.filter((c) => c.in_reply_to_id === undefined && c.user.login === login).map((c) => [c.id, c.body]),
  )
  const ours = [...issueComments.filter((c) => c.user?.login === login), ...reviewComments.filter((c) => c.user.login === login)]
  const answered = new Set(ours.flatMap((c) => [...(c.body ?? '').matchAll(ACK_MARKER)].map((m) => Number(m[1]))))
  const candidates = [
    ...issueComments.map((c) => ({ ...common(c), thread: undefined })),
    ...reviewComments.map((c) => ({ ...common(c), thread: threadOf(c, roots) })),
  ].filter((c) => c.author !== login && parseCommand(c.body, command) !== undefined)
  const access = await accessOf(gh, ref, [...new Set(candidates.filter((c) => !c.bot).map((c) => c.author))])
  const facts = candidates.map(({ thread, ...c }): CommandFacts => {
    const identity = thread === undefined ? undefined : readMarker(thread)
    return { ...c, ...(identity ? { thread: identity } : {}), access: access.get(c.author) ?? { unknown: 'not looked up' } }
  })
  return { facts, answered, threadRoots: roots }
}

interface AnyComment {
  readonly id: number
  readonly html_url: string
  readonly body?: string | null
  readonly created_at: string
  readonly updated_at: string
  readonly user?: { readonly login: string; readonly type?: string } | null
}

function common(c: AnyComment): Omit<CommandFacts, 'access' | 'thread'> {
  const login = c.user?.login ?? ''
  return {
    commentId: c.id,
    url: c.html_url,
    author: login,
    bot: c.user?.type === 'Bot' || login.endsWith('[bot]') || login === '',
    createdAt: c.created_at,
    edited: c.updated_at !== c.created_at,
    body: c.body ?? '',
  }
}

/** A reply's thread: the first comment of the thread it answers, when we started that thread. */
function threadOf(c: ReviewComment, roots: ReadonlyMap<number, string>): string | undefined {
  return c.in_reply_to_id === undefined ? undefined : roots.get(c.in_reply_to_id)
}

/** Each login's role on the repository, read once; a failed read is unknown (never a grant). */
async function accessOf(gh: GitHub, ref: PrRef, logins: readonly string[]): Promise<Map<string, Access>> {
  const entries = await Promise.all(
    logins.map(async (username): Promise<[string, Access]> => {
      try {
        const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({ ...repoRef(ref), username })
        return [username, { role: roleOf(data) }]
      } catch (error) {
        // octokit reports a request that got no answer as status 500, which GitHub never sent.
        const status = (error as { response?: unknown }).response === undefined ? undefined : httpStatus(error)
        return [username, { unknown: status === undefined ? 'GitHub could not be reached' : `HTTP ${status}` }]
      }
    }),
  )
  return new Map(entries)
}

type Permission = Awaited<ReturnType<GitHub['rest']['repos']['getCollaboratorPermissionLevel']>>['data']

/**
 * The role GitHub names; a custom role is placed by the permissions it grants.
 * > The `permission` attribute provides the legacy base roles of `admin`, `write`, `read`, and `none`, where the
 * > `maintain` role is mapped to `write` and the `triage` role is mapped to `read`.
 */
export function roleOf(data: Permission): Role {
  if ((ROLES as readonly string[]).includes(data.role_name)) return data.role_name as Role
  const p = data.user?.permissions
  if (p?.admin) return 'admin'
  if (p?.maintain) return 'maintain'
  if (p?.push) return 'write'
  if (p?.triage) return 'triage'
  if (p?.pull) return 'read'
  return data.permission === 'admin' ? 'admin' : data.permission === 'write' ? 'write' : data.permission === 'read' ? 'read' : 'none'
}
