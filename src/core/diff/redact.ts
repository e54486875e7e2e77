// The run's own secrets out of the diff before anything reads it: a pull
// request that quotes our key (in a path or a line) must not carry it into
// prompts, reports or annotations, where escaping could hide it from the
// last redaction before posting.
import { redactSecrets } from '../text/sanitize.ts'
import type { FileDiff, Hunk } from './types.ts'

export function redactDiff(files: readonly FileDiff[], secrets: readonly string[]): readonly FileDiff[] {
  const known = secrets.filter((s) => s.length >= 8)
  if (known.length === 0) return files
  const holds = (text: string): boolean => known.some((s) => text.includes(s))
  const clean = (text: string): string => (holds(text) ? redactSecrets(text, known) : text)
  return files.map((f) => {
    const hunks = f.hunks.some((h) => holds(h.section) || h.lines.some((l) => holds(l.text)))
      ? f.hunks.map((h) => redactHunk(h, clean))
      : f.hunks
    if (hunks === f.hunks && !holds(f.path) && !holds(f.oldPath)) return f
    return { ...f, path: clean(f.path), oldPath: clean(f.oldPath), hunks }
  })
}

function redactHunk(h: Hunk, clean: (text: string) => string): Hunk {
  return { ...h, section: clean(h.section), lines: h.lines.map((l) => ({ ...l, text: clean(l.text) })) }
}
