// Is this text a plain unified diff of one state? git has other outputs that
// look enough like one to be read as one, wrongly: a merge's combined diff
// (read as "no content changes"), a word diff (every line read as context),
// coloured output, and several commits' patches one after another (later
// patches count their lines from the earlier ones' result, not from one base).
// Each is told apart here by marks a plain diff never has.
import { safeJson } from '../text/json.ts'

export type ShapeKind = 'combined' | 'word-diff' | 'colour' | 'several-patches'

export interface ShapeProblem {
  readonly kind: ShapeKind
  readonly problem: string
}

// A diff line behind a terminal escape: in a plain diff every line starts with its header word or its marker.
// eslint-disable-next-line no-control-regex -- the escape is what it looks for
const COLOUR = /^(?:\u001b\[[0-9;]*m)+(?:diff |@@|[-+ ])/m
const COMBINED = /^(?:diff --(?:cc|combined) |@@@+ )/m
// git format-patch's mbox separator (its fixed date marks it), and git log -p's commit line.
const MBOX_FROM = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/gm
const LOG_COMMIT = /^commit [0-9a-f]{40}(?: |$)/gm
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/

export function diffShapeProblem(text: string): ShapeProblem | undefined {
  if (COLOUR.test(text)) {
    return {
      kind: 'colour',
      problem:
        'holds terminal colour codes: it is coloured output (git diff --color, --color-words or --word-diff=color), not a plain diff',
    }
  }
  if (COMBINED.test(text)) {
    return {
      kind: 'combined',
      problem:
        'is a combined diff of a merge (git show <merge>, git diff --cc): it shows the merge against every parent at once, and git apply refuses it',
    }
  }
  const patches = Math.max(text.match(MBOX_FROM)?.length ?? 0, text.match(LOG_COMMIT)?.length ?? 0)
  if (patches > 1) {
    return {
      kind: 'several-patches',
      problem: `holds ${patches} commits' patches one after another (git format-patch -${patches} --stdout, git log -p): a later patch counts its lines from the earlier ones' result, so its line numbers are not those of one diff`,
    }
  }
  return wordDiffProblem(text)
}

/**
 * A hunk line must start with "+", "-", a space or "\" (an empty line is an
 * empty context line, as git apply reads it), and a hunk changes a line.
 * Word diffs break one or the other: plain ones write lines unmarked, with
 * [-old-]{+new+} inside; porcelain ones add "~" lines.
 */
function wordDiffProblem(text: string): ShapeProblem | undefined {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const header = HUNK.exec(lines[i] ?? '')
    if (!header) continue
    let olds = header[1] === undefined ? 1 : Number(header[1])
    let news = header[2] === undefined ? 1 : Number(header[2])
    let changes = 0
    const start = i
    while ((olds > 0 || news > 0) && i + 1 < lines.length) {
      const line = (lines[i + 1] ?? '').replace(/\r$/, '')
      // A hunk cut short runs into the next header: check.ts names that (broken-hunk).
      if (line.startsWith('@@') || line.startsWith('diff ')) break
      i++
      const mark = line.charAt(0)
      if (mark === '-' || mark === '+') changes++
      if (mark === '-') olds--
      else if (mark === '+') news--
      else if (mark === ' ' || mark === '') {
        olds--
        news--
      } else if (mark !== '\\') {
        return wordDiff(`line ${i + 1} starts with ${safeJson(line.slice(0, 20))}, not "+", "-" or a space (git apply would refuse it too)`)
      }
    }
    // A hunk cut short is check.ts's to name; a whole one always changes a line.
    if (changes === 0 && olds <= 0 && news <= 0)
      return wordDiff(`the hunk at line ${start + 1} changes no line (git never writes such a hunk)`)
  }
  return undefined
}

const wordDiff = (what: string): ShapeProblem => ({
  kind: 'word-diff',
  problem: `is a word diff (git diff --word-diff) or was edited by hand: ${what}`,
})
