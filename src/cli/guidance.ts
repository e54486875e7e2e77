// The repository's guidance files for a CLI run, read as the action reads
// them at the pull request's base: for a git range at its merge base (never
// its head), for a diff file or standard input from the working tree, since
// there is no base to read. A replay has none (the caller asks for none): its
// replies were made with whatever guidance there was then. Advisory: a file
// that is not there is absent, one that cannot be read is left out with a
// note on stderr.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { GuidanceRead } from '../core/plan/guidance.ts'
import { git } from './policy.ts'

export interface CliGuidance {
  readonly at: string
  readonly files: readonly GuidanceRead[]
}

/** `base`: a git range's merge base; undefined for a diff file or standard input. */
export async function readCliGuidance(
  paths: readonly string[],
  base: string | undefined,
  cwd: string,
  note: (message: string) => void,
): Promise<CliGuidance | undefined> {
  if (paths.length === 0) return undefined
  const unread = (path: string, why: string): GuidanceRead[] => {
    note(`guidance file ${path} ${why}; the review goes on without it`)
    return []
  }
  if (base !== undefined) {
    const at = `merge base ${base.slice(0, 7)}`
    const files = paths.flatMap((path) => {
      const type = git(['cat-file', '-t', `${base}:${path}`], cwd)?.trim()
      if (type === undefined) return []
      if (type !== 'blob') return unread(path, `at ${at} is a ${type}, not a file`)
      const text = git(['cat-file', 'blob', `${base}:${path}`], cwd)
      return text === undefined ? unread(path, `at ${at} could not be read`) : [{ path, text }]
    })
    return { at, files }
  }
  const root = git(['rev-parse', '--show-toplevel'], cwd)?.trim() || cwd
  const files = await Promise.all(
    paths.map((path) =>
      readFile(resolve(root, path), 'utf8').then(
        (text): GuidanceRead[] => [{ path, text }],
        (error: unknown): GuidanceRead[] => {
          const code = (error as { code?: unknown }).code
          if (code === 'ENOENT' || code === 'ENOTDIR') return []
          return unread(path, `in the working tree could not be read (${code === 'EISDIR' ? 'a directory' : String(code ?? error)})`)
        },
      ),
    ),
  )
  return { at: 'the working tree', files: files.flat() }
}
