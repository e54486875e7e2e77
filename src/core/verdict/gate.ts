// Tally + policy → Conclusion. Only 'success' or 'failure': neutral and
// skipped satisfy a required check, so "did not review" must be a failure.
import { SEVERITY_RANK } from './match.ts'
import type { SkippedFile } from '../plan/types.ts'
import type { Conclusion, FailOn, Group, Tally } from './types.ts'

export interface GatePolicy {
  readonly failOn: FailOn
  readonly minReviewers: number
}

export function evaluateGate(tally: Tally, policy: GatePolicy, skipped: readonly SkippedFile[] = []): Conclusion {
  const reasons: string[] = []
  for (const s of skipped) if (s.gap !== undefined) reasons.push(`not reviewed: ${s.path} (${s.reason}); ${s.gap}`)
  for (const c of tally.coverage) {
    // One model repeating itself is not a second opinion: reviews count by lineage.
    if (c.lineages.length >= policy.minReviewers) continue
    const why = c.incomplete.map((i) => `${i.reviewer}: ${i.reason}`).join('; ')
    const count =
      c.lineages.length === c.complete.length
        ? `${c.complete.length} complete review(s), ${policy.minReviewers} needed`
        : `${c.complete.length} complete review(s) from ${c.lineages.length} lineage(s), ${policy.minReviewers} lineages needed`
    reasons.push(`bundle ${c.bundleId}: ${count} (min-reviewers)` + (why === '' ? '' : ` — ${why}`))
  }
  const failing = tally.groups.filter((g) => failsPolicy(g, policy.failOn))
  for (const g of failing) {
    const where = g.location.startLine === undefined ? g.location.path : `${g.location.path}:${g.location.startLine}`
    reasons.push(`${g.severity} at ${where} (${g.convergent ? `convergent: ${g.reviewers.join(' + ')}` : g.reviewers.join(', ')})`)
  }
  if (reasons.length > 0) return { conclusion: 'failure', reasons }
  if (tally.coverage.length === 0) return { conclusion: 'success', reasons: ['no reviewable changes (see the files not reviewed)'] }
  return {
    conclusion: 'success',
    reasons: [`no finding fails the fail-on policy (${policy.failOn}); every bundle has ${policy.minReviewers}+ complete reviews`],
  }
}

function failsPolicy(g: Group, failOn: FailOn): boolean {
  switch (failOn) {
    case 'convergent-block':
      return g.convergent && g.severity === 'BLOCK'
    case 'convergent-warn':
      return g.convergent && SEVERITY_RANK[g.severity] >= SEVERITY_RANK.WARN
    case 'any-block':
      return g.findings.some((f) => f.severity === 'BLOCK')
    case 'never':
      return false
  }
}
