// A file git or GitHub shows as binary is listed as not reviewed. That is
// right when the base says so: its content there is binary, or its
// .gitattributes marks the file (-diff, binary). Otherwise the change made
// its own text unreadable (an attribute it adds, a NUL byte it writes, a
// rendering choice GitHub makes) and would pass unreviewed: a gap, which
// fails the gate.
import type { FileDiff } from './types.ts'

export interface BinaryFacts {
  /** The base's attributes unset `diff` for the path (`-diff`, or the `binary` macro). */
  readonly markedByBase: boolean
  /** A NUL in the first 8000 bytes at the base (at the head for an added file); absent when it could not be read. */
  readonly binaryContent?: boolean
  /** Why the content could not be read, when it could not. */
  readonly unread?: string
}

const SHOWN = 'shown as binary, so no reviewer saw it, but'

/** Why a file shown as binary must count as an unreviewed change, or undefined when it really is binary. */
export function hiddenChange(file: FileDiff, facts: BinaryFacts | undefined): string | undefined {
  if (!file.binary || facts?.markedByBase === true || facts?.binaryContent === true) return undefined
  const where = file.status === 'added' ? 'it is text' : 'it was text at the base'
  if (facts?.binaryContent === false) return `${SHOWN} ${where} and the base's .gitattributes does not mark it binary`
  return `${SHOWN} whether it is binary at the base could not be checked${facts?.unread === undefined ? '' : ` (${facts.unread})`}`
}

/** The files, each one hiding its change marked unreviewable (a gap). */
export function withHiddenChanges(files: readonly FileDiff[], facts: ReadonlyMap<string, BinaryFacts>): FileDiff[] {
  return files.map((f) => {
    const hidden = hiddenChange(f, facts.get(f.path))
    return hidden === undefined ? f : { ...f, unreviewable: hidden }
  })
}
