// What will be reviewed: bundles of diff pieces, and the files left out with the reason.
import type { FileDiff } from '../diff/types.ts'

export interface SkippedFile {
  readonly path: string
  readonly reason: string
  /**
   * Set when a change should have been reviewed but could not be sent (too
   * large): what the user can do. Gaps fail the gate; exclusions do not.
   */
  readonly gap?: string
}

/** One of the policy file's `instructions`: text for the reviewers of bundles touching these paths. */
export interface Instruction {
  /** Its position in the file, from 1: how the report names it. */
  readonly number: number
  readonly paths: readonly string[]
  readonly text: string
}

/** A guidance file of the repository as reviewers are given it: its path and its text, cut to the limits. */
export interface GuidanceText {
  readonly path: string
  readonly text: string
}

/** The guidance files a run used, for the report: where they were read, and each one's size and what was used of it. */
export interface GuidanceSource {
  /** e.g. "base 1a2b3c4", "merge base 1a2b3c4", "the working tree". */
  readonly at?: string
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly usedBytes: number }[]
}

export interface Bundle {
  /** Stable: component, part and a hash of the text. */
  readonly id: string
  readonly component: string
  readonly part: number
  readonly parts: number
  /** The diff pieces it holds, in reading order (a large file may be split into several bundles). */
  readonly files: readonly FileDiff[]
  /** The paths of those pieces, each once. */
  readonly paths: readonly string[]
  readonly bytes: number
  /** The diff text every reviewer sees, derived from `files`, byte-identical for all of them. */
  readonly text: string
  /** Hunk lines carry their new-side numbers (see formatLine). */
  readonly numbered: boolean
  /** The repository's instructions whose paths match a file of this bundle. */
  readonly instructions?: readonly Instruction[]
  /** What the system message adds for this bundle: those instructions, the findings' language (see brief.ts). */
  readonly brief?: string
  /** The repository's guidance files, the same for every bundle of a run, fenced in the system message before the reply format. */
  readonly guidance?: readonly GuidanceText[]
}
