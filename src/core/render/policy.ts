// The footer line that says where the run's policy came from: the repository's
// policy file (at which commit, which keys), the inputs that took precedence,
// and the built-in defaults.
import { markdownText } from '../text/sanitize.ts'
import type { PolicySource } from '../verdict/types.ts'

export function policyLine(source: PolicySource): string {
  const file = source.file
  const at = file?.at === undefined ? '' : ` at ${file.at}`
  const parts = [
    ...(file === undefined ? [] : [file.found ? `${file.path}${at} (${file.keys.join(', ') || 'no keys'})` : `no ${file.path}${at}`]),
    ...(source.inputs.length === 0 ? [] : [`${source.inputsName}: ${source.inputs.join(', ')}`]),
    'built-in defaults otherwise',
  ]
  return `Policy: ${parts.join(' · ')}.`
}

/** The footer's policy line, or nothing when the report does not say where its policy came from. */
export function policyFooter(source: PolicySource | undefined): string[] {
  return source === undefined ? [] : [`<sub>${markdownText(policyLine(source), 1000)}</sub>`]
}
