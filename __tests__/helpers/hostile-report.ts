// A report whose convergent groups all carry the given reviewer text: for
// escaping and size-limit tests of the renderers.
import type { Group, Report } from '../../src/core/verdict/types.ts'

export function hostileReport(base: Report, text: string, count: number): Report {
  const template = base.tally.groups[0]!
  const groups: Group[] = Array.from({ length: count }, (_, i) => ({
    ...template,
    key: `k${i}`,
    location: { ...template.location, startLine: i + 1 },
    findings: template.findings.map((f) => ({ ...f, what: text, why: text })),
  }))
  return { ...base, tally: { ...base.tally, groups, convergent: count, distinct: count } }
}
