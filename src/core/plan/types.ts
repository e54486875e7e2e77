// What will be reviewed: bundles of diff pieces, and the files left out with the reason.

export interface SkippedFile {
  readonly path: string
  readonly reason: string
  /**
   * Set when a change should have been reviewed but could not be sent (too
   * large): what the user can do. Gaps fail the gate; exclusions do not.
   */
  readonly gap?: string
}

export interface Bundle {
  /** Stable: component, part and a hash of the text. */
  readonly id: string
  readonly component: string
  readonly part: number
  readonly parts: number
  readonly files: readonly string[]
  readonly bytes: number
  /** The diff text every reviewer sees, byte-identical for all of them. */
  readonly text: string
  /** Hunk lines carry their new-side numbers (see formatLine). */
  readonly numbered: boolean
}
