// GitHub's pull-request (or compare) files-API entries → FileDiff[], used when
// GitHub refuses the whole diff as too large.
import parseDiff from 'parse-diff'
import { toHunk } from './parse.ts'
import type { FileDiff, FileStatus } from './types.ts'

/** One entry of GET /repos/{owner}/{repo}/pulls/{n}/files. */
export interface PullFileEntry {
  readonly filename: string
  readonly previous_filename?: string
  readonly status: string
  readonly additions: number
  readonly deletions: number
  readonly patch?: string
}

const FILES_API_STATUS: Record<string, FileStatus> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'modified',
  unchanged: 'modified',
}

/** Rebuilds FileDiffs from the files API, used when GitHub refuses the whole diff. */
export function fromFilesApi(entries: readonly PullFileEntry[]): FileDiff[] {
  return entries.map((e) => {
    const status = FILES_API_STATUS[e.status] ?? 'modified'
    const hunks =
      e.patch === undefined ? [] : (parseDiff(`--- a/x\n+++ b/x\n${e.patch.replace(/\r\n/g, '\n')}`)[0]?.chunks.map(toHunk) ?? [])
    // GitHub omits the patch of binary files (no line counts) and of text files too large to show.
    const noPatch = e.patch === undefined && !((status === 'renamed' || status === 'copied') && e.additions + e.deletions === 0)
    const lineCounts = e.additions + e.deletions > 0
    return {
      path: e.filename,
      oldPath: e.previous_filename ?? e.filename,
      status,
      binary: noPatch && !lineCounts,
      hunks,
      ...(noPatch && lineCounts
        ? { unreviewable: `GitHub sent no patch for this file (${e.additions + e.deletions} changed lines, too large)` }
        : {}),
    }
  })
}
