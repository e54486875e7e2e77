// A parsed diff: files, hunks and lines, as every later stage reads them.

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied'

export interface DiffLine {
  readonly kind: 'add' | 'del' | 'ctx'
  /** Line content without the leading +/-/space marker or line ending. */
  readonly text: string
  readonly oldLine?: number
  readonly newLine?: number
  /** The diff said "\ No newline at end of file" after this line. */
  readonly noNewline?: boolean
  /** Context added from the head file (the `context: function` input), not part of the diff. */
  readonly extended?: boolean
}

export interface Hunk {
  readonly oldStart: number
  readonly oldLines: number
  readonly newStart: number
  readonly newLines: number
  /** Text after the closing @@ (git's enclosing-function hint), may be empty. */
  readonly section: string
  readonly lines: readonly DiffLine[]
}

export interface FileDiff {
  readonly path: string
  readonly oldPath: string
  readonly status: FileStatus
  readonly binary: boolean
  readonly oldMode?: string
  readonly newMode?: string
  readonly hunks: readonly Hunk[]
  /** Why this file cannot be reviewed from its diff alone (e.g. GitHub sent no patch). */
  readonly unreviewable?: string
}
