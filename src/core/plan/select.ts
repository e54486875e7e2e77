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

export function selectFiles(files: readonly FileDiff[], exclude: readonly string[]): Selection {
  const isExcluded = picomatch([...exclude], { dot: true })
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
