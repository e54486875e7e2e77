// Is this text a unified diff at all? Checked before anything else, so an
// empty file (a failed `git diff > x.diff`), a binary or prose is refused
// instead of passing the gate with nothing reviewed.
import { parseUnifiedDiff } from './parse.ts'
import type { FileDiff } from './types.ts'

export type DiffCheck =
  | { readonly ok: true; readonly files: FileDiff[] }
  | { readonly ok: false; readonly kind: 'empty' | 'binary' | 'not-a-diff'; readonly problem: string }

// git's own heuristic: a NUL in the first 8000 bytes means binary.
const SNIFF = 8000
const FILE_HEADER = /^diff --git |^--- .*\r?\n\+\+\+ /m

export function readUnifiedDiff(text: string): DiffCheck {
  if (text.trim() === '') return { ok: false, kind: 'empty', problem: 'is empty: there is no change to review' }
  if (text.slice(0, SNIFF).includes('\0')) return { ok: false, kind: 'binary', problem: 'is a binary file, not a diff' }
  const files = FILE_HEADER.test(text) ? parseUnifiedDiff(text) : []
  if (files.length === 0) {
    const first = text.trimStart().split('\n', 1)[0] ?? ''
    const shown = first.length > 60 ? `${first.slice(0, 60)}…` : first
    return {
      ok: false,
      kind: 'not-a-diff',
      problem: `is not a unified diff: no "diff --git" or "---"/"+++" file header (it starts with ${JSON.stringify(shown)})`,
    }
  }
  return { ok: true, files }
}
