// The repository's instructions (its policy file) → the bundles they apply to,
// and each bundle's brief: what its system message adds to the review prompt.
// The instructions are the repository owner's words, not the pull request
// author's, so they go in the system message and never beside the diff; a
// bundle gets only those whose paths match one of its files, bounded.
import { pathMatcher } from './select.ts'
import type { Bundle, GuidanceText, Instruction } from './types.ts'

/** Characters of instructions one bundle may carry; the rest are left out, with a warning. */
export const BRIEF_MAX_CHARS = 6_000

export interface BriefOptions {
  readonly instructions?: readonly Instruction[] | undefined
  /** The language of the findings' text; undefined: English. */
  readonly language?: string | undefined
  /** The repository's guidance files (guidance.ts): every bundle carries them. */
  readonly guidance?: readonly GuidanceText[] | undefined
}

export function briefBundles(bundles: readonly Bundle[], options: BriefOptions): { bundles: Bundle[]; warnings: string[] } {
  const rules = (options.instructions ?? []).map((i) => ({ instruction: i, matches: pathMatcher(i.paths) }))
  const warnings: string[] = []
  const briefed = bundles.map((bundle) => {
    const applied: Instruction[] = []
    let chars = 0
    for (const { instruction, matches } of rules) {
      if (!bundle.paths.some((p) => matches(p))) continue
      if (chars + instruction.text.length > BRIEF_MAX_CHARS) {
        warnings.push(
          `instruction ${instruction.number} was left out of bundle ${bundle.id}: one bundle's instructions are capped at ${BRIEF_MAX_CHARS} characters`,
        )
        continue
      }
      applied.push(instruction)
      chars += instruction.text.length
    }
    const brief = briefText(applied, options.language)
    const guided = options.guidance?.length ? { ...bundle, guidance: options.guidance } : bundle
    return brief === '' ? guided : { ...guided, instructions: applied, brief }
  })
  return { bundles: briefed, warnings }
}

export function briefText(instructions: readonly Instruction[], language: string | undefined): string {
  const parts: string[] = []
  if (instructions.length > 0) {
    parts.push(
      [
        "Instructions from this repository's maintainers (its review policy, not the pull request) for the files of this bundle. Apply them as well, and report what breaks them in the format above:",
        ...instructions.map((i) => `- ${i.text.trim().replace(/\n/g, '\n  ')}`),
      ].join('\n'),
    )
  }
  if (language !== undefined) {
    parts.push(
      `Write WHAT, WHY and the words after the VERDICT choice in ${language}. Keep the keys (SEVERITY, WHERE, WHAT, WHY, VERDICT), the severity and verdict words and the paths in English, exactly as specified above.`,
    )
  }
  return parts.join('\n\n')
}
