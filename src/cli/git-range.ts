// A git range → the two sides to diff and the base. git resolves the range
// (`git rev-parse`); `A...B` is diffed from the merge base as `git diff` does,
// a single revision against the working tree (snapshotted by `git stash
// create`), and a merge's `M^!` (a combined diff in git) as its first-parent
// diff: what the merge brought into the branch it was merged into.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { Env } from '../config/inputs.ts'
import { fsReason, inputError } from './errors.ts'

const run = promisify(execFile)
const GIT_MAX_BYTES = 1024 * 1024 * 1024
/** git's empty tree: the old side of a root commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

export interface RangeSides {
  readonly old: string
  readonly new: string
  /** The merge base, where the policy file and the attributes are read; undefined for a root commit. */
  readonly base: string | undefined
  /** Said on stderr when the range was read as something other than it looks. */
  readonly note?: string
}

export type Git = (args: readonly string[], extraEnv?: Env) => Promise<Buffer>

export function gitIn(cwd: string, env: Env): Git {
  return async (args, extraEnv = {}) =>
    (await run('git', args, { cwd, env: { ...env, ...extraEnv }, encoding: 'buffer', maxBuffer: GIT_MAX_BYTES })).stdout
}

const lines = (out: Buffer): string[] =>
  out
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '' && l !== '--')

/** Why git refused, in its own first line. */
export function gitSaid(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr
  const said = Buffer.isBuffer(stderr) || typeof stderr === 'string' ? (stderr.toString().trim().split('\n')[0] ?? '') : ''
  return `git: ${said || fsReason(error)}`
}

export async function resolveRange(range: string, git: Git): Promise<RangeSides> {
  const notHere = (why: string): Error => inputError(`${range}: no such file, and not a git range here (${why}).`)
  // `--` makes git read the argument as a revision range, never as a path.
  const revs = lines(await git(['rev-parse', range, '--']).catch((e: unknown) => Promise.reject(notHere(gitSaid(e)))))
  const positive = revs.filter((r) => !r.startsWith('^'))
  const negative = revs.filter((r) => r.startsWith('^')).map((r) => r.slice(1))
  const [to, ...others] = positive
  if (to === undefined || (others.length > 0 && !range.includes('...'))) {
    throw inputError(`${range} names ${positive.length} commits, not a change: give a range such as A..B or A...B, or one commit as C^!.`)
  }
  if (range.includes('...')) {
    const from = negative[0]
    if (from === undefined) throw notHere(`git: ${range} has no merge base`)
    return { old: from, new: to, base: from }
  }
  if (negative.length === 0) {
    if (range.endsWith('^!')) return { old: EMPTY_TREE, new: to, base: undefined } // a root commit
    const worktree = lines(await git(['stash', 'create']).catch((e: unknown) => Promise.reject(notHere(gitSaid(e)))))[0] ?? 'HEAD'
    return { old: to, new: worktree, base: await mergeBase(range, to, 'HEAD', git) }
  }
  const from = negative[0] ?? ''
  const note =
    negative.length > 1
      ? `${range} is a merge: reviewed as its first-parent diff (${from.slice(0, 7)}..${to.slice(0, 7)}), what it brought into the branch it was merged into.`
      : undefined
  return { old: from, new: to, base: await mergeBase(range, from, to, git), ...(note === undefined ? {} : { note }) }
}

async function mergeBase(range: string, a: string, b: string, git: Git): Promise<string> {
  const sha = await git(['merge-base', a, b]).then(lines, () => [])
  if (sha[0] === undefined)
    throw inputError(`${range} is neither a file nor a git range here: \`git merge-base\` found no common ancestor.`)
  return sha[0]
}
