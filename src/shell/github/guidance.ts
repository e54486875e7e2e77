// The repository's guidance files for AI tools (AGENTS.md, CLAUDE.md, …) at
// the change's base commit, through the contents API: never at the head, so a
// pull request cannot rewrite its own reviewers' instructions. Unlike the
// policy file, guidance is advisory and the gate never depends on it: a file
// that is not there (404) is simply absent, and one that cannot be read (any
// other answer, a directory) is left out with a warning while the review goes
// on. Each path is read once: the likely list is asked for alongside the
// policy file, before the policy says which list applies.
import type { GuidanceRead } from '../../core/plan/guidance.ts'
import { httpStatus, repoRef, type GitHub, type RepoRef } from './client.ts'

type Outcome = { readonly text: string } | { readonly absent: true } | { readonly problem: string }

export interface GuidanceReader {
  /** Starts reading these paths (each once), without waiting. */
  readonly prefetch: (paths: readonly string[]) => void
  /** The files found of these paths, in their order; what could not be read is warned about. */
  readonly read: (paths: readonly string[]) => Promise<{ readonly at: string; readonly files: GuidanceRead[] }>
}

export function guidanceAtBase(gh: GitHub, where: RepoRef, baseSha: string, warn: (message: string) => void): GuidanceReader {
  const at = `base ${baseSha.slice(0, 7)}`
  const reads = new Map<string, Promise<Outcome>>()
  const readOne = (path: string): Promise<Outcome> => {
    const known = reads.get(path)
    if (known) return known
    const outcome = readFile(gh, where, baseSha, path)
    reads.set(path, outcome)
    return outcome
  }
  return {
    prefetch: (paths) => {
      for (const path of paths) void readOne(path)
    },
    read: async (paths) => {
      const outcomes = await Promise.all(paths.map(async (path) => ({ path, outcome: await readOne(path) })))
      const files: GuidanceRead[] = []
      for (const { path, outcome } of outcomes) {
        if ('text' in outcome) files.push({ path, text: outcome.text })
        else if ('problem' in outcome)
          warn(
            `guidance file ${path} at ${at} ${outcome.problem}; the review goes on without it (guidance is advisory; the gate does not depend on it)`,
          )
      }
      return { at, files }
    },
  }
}

async function readFile(gh: GitHub, where: RepoRef, sha: string, path: string): Promise<Outcome> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...repoRef(where), path, ref: sha, mediaType: { format: 'raw' } })
    return typeof data === 'string' ? { text: data } : { problem: Array.isArray(data) ? 'is a directory' : 'is not a file' }
  } catch (error) {
    const status = httpStatus(error)
    if (status === 404) return { absent: true }
    const why = (error as { response?: unknown }).response === undefined ? 'GitHub did not answer' : `HTTP ${status ?? '?'}`
    return { problem: `could not be read (${why})` }
  }
}
