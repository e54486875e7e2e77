// Which files go to the reviewers. Everything else is listed with a reason,
// never dropped silently.
import picomatch from 'picomatch'
import type { FileDiff } from '../diff/types.ts'
import type { SkippedFile } from './types.ts'

/** Lockfiles, build output, minified and generated files: noise to a reviewer. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '**/package-lock.json',
  '**/npm-shrinkwrap.json',
  '**/yarn.lock',
  '**/pnpm-lock.yaml',
  '**/bun.lockb',
  '**/Cargo.lock',
  '**/go.sum',
  '**/poetry.lock',
  '**/uv.lock',
  '**/Pipfile.lock',
  '**/Gemfile.lock',
  '**/composer.lock',
  '**/*.min.js',
  '**/*.min.css',
  '**/*.map',
  'dist/**',
  '**/__snapshots__/**',
  '**/*.snap',
  '**/*.pb.go',
  '**/*_pb2.py',
  '**/*.generated.*',
  '**/vendor/**',
]

export const ACCEPT_OR_SPLIT = 'add it to `exclude` to accept that, or split the pull request'

export interface Selection {
  readonly reviewable: readonly FileDiff[]
  readonly skipped: readonly SkippedFile[]
}

/** Why a glob of `exclude` (or of the policy's instructions) is not valid, or undefined when it is. */
export function globProblem(glob: string): string | undefined {
  const pattern = glob.startsWith('!') ? glob.slice(1) : glob
  if (pattern.trim() === '') return 'a ! needs a glob after it'
  const lead = /^\.?\//.exec(pattern)?.[0]
  if (lead !== undefined) return `paths are relative to the repository root; drop the leading ${lead}`
  try {
    // Unbalanced brackets otherwise match literally, silently matching nothing the user meant.
    if (picomatch.makeRe(pattern, { dot: true, strictBrackets: true }).source === '$^') return 'it matches no path'
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  return undefined
}

/** Matched by some glob and by no `!glob` (a `!glob` takes back what the others match, wherever it stands). */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  const any = (list: readonly string[]): ((path: string) => boolean) =>
    list.length === 0 ? () => false : picomatch([...list], { dot: true })
  const matched = any(globs.filter((g) => !g.startsWith('!')))
  const taken = any(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)))
  return (path) => matched(path) && !taken(path)
}

export function selectFiles(files: readonly FileDiff[], exclude: readonly string[]): Selection {
  const isExcluded = pathMatcher(exclude)
  const reviewable: FileDiff[] = []
  const skipped: SkippedFile[] = []
  for (const file of files) {
    const reason = skipReason(file, isExcluded)
    if (reason === undefined) reviewable.push(file)
    else skipped.push({ path: file.path, reason, ...(reason === file.unreviewable ? { gap: ACCEPT_OR_SPLIT } : {}) })
  }
  return { reviewable, skipped }
}

function skipReason(file: FileDiff, isExcluded: (path: string) => boolean): string | undefined {
  if (isExcluded(file.path)) return 'matches exclude'
  if (file.unreviewable !== undefined) return file.unreviewable
  if (file.binary) return 'binary file'
  if (file.hunks.length === 0) {
    return file.status === 'renamed' || file.status === 'copied' ? `${file.status} without content changes` : 'no content changes'
  }
  return undefined
}
