// What the report says about the run's policy: which of the repository's
// instructions went to which bundles, and a footer line saying where the
// policy came from (the policy file at which commit, with which keys; the
// inputs that took precedence; the built-in defaults).
import { markdownText } from '../text/sanitize.ts'
import { guidanceLine } from './guidance.ts'
import type { PolicySource, Report } from '../verdict/types.ts'

export function policyLine(source: PolicySource): string {
  const file = source.file
  const at = file?.at === undefined ? '' : ` at ${file.at}`
  const parts = [
    ...(file === undefined ? [] : [file.found ? `${file.path}${at} (${file.keys.join(', ') || 'no keys'})` : `no ${file.path}${at}`]),
    ...(source.inputs.length === 0 ? [] : [`${source.inputsName}: ${source.inputs.join(', ')}`]),
  ]
  return `Policy: ${[...parts, parts.length === 0 ? 'built-in defaults' : 'built-in defaults otherwise'].join(' · ')}.`
}

/** The instructions that applied, then the footer's policy line (when the report says where its policy came from) and guidance line. */
export function policyLines(report: Report, max: number): string[] {
  return [
    ...instructionList(report, max),
    ...(report.policy ? [`<sub>${markdownText(policyLine(report.policy), 1000)}</sub>`] : []),
    ...(report.guidance ? ['', `<sub>${markdownText(guidanceLine(report.guidance), 1000)}</sub>`] : []),
  ]
}

/** Each instruction that applied, with the bundles it went to; nothing when none did. */
function instructionList(report: Report, max: number): string[] {
  const applied = new Map<number, { paths: readonly string[]; bundles: string[] }>()
  for (const b of report.bundles) {
    for (const i of b.instructions ?? []) {
      const entry = applied.get(i.number) ?? { paths: i.paths, bundles: [] }
      entry.bundles.push(b.id)
      applied.set(i.number, entry)
    }
  }
  if (applied.size === 0) return []
  const rows = [...applied].sort(([a], [b]) => a - b).slice(0, max)
  return [
    `<details><summary>Repository instructions applied (${applied.size}): sent to the reviewers of these bundles only</summary>`,
    '',
    ...rows.map(([n, e]) => `- ${n} (${markdownText(e.paths.join(', '), 200)}): ${markdownText(e.bundles.join(', '), 600)}`),
    '',
    '</details>',
    '',
  ]
}
