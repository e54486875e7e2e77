// Tally + policy → Conclusion. Only 'success' or 'failure': neutral and
// skipped satisfy a required check, so "did not review" must be a failure.
import { SEVERITY_RANK } from './match.ts'
import type { SkippedFile } from '../plan/types.ts'
import type { Conclusion, FailOn, Group, Tally, UnreadSignal } from './types.ts'

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
  const dismissed = new Set(tally.groups.filter((g) => g.dismissed).map((g) => g.key))
  reasons.push(...new Set(tally.unread.filter((u) => !settled(u, dismissed)).flatMap((u) => unreadReason(u, policy.failOn))))
  const gating = tally.groups.filter((g) => failsPolicy(g, policy.failOn))
  for (const g of gating.filter((g) => !g.dismissed)) reasons.push(groupReason(g))
  // A dismissal is part of the verdict's record, whichever way it goes.
  const record = tally.groups.flatMap((g) =>
    g.dismissed && (gating.includes(g) || heldOpen(g, tally, policy.failOn))
      ? [`dismissed: ${groupReason(g)} by ${g.dismissed.by} as ${g.dismissed.reason}`]
      : [],
  )
  if (reasons.length > 0) return { conclusion: 'failure', reasons: [...reasons, ...record] }
  if (tally.coverage.length === 0)
    return { conclusion: 'success', reasons: ['no reviewable changes (see the files not reviewed)', ...record] }
  return {
    conclusion: 'success',
    reasons: [
      `no finding fails the fail-on policy (${policy.failOn})${record.length > 0 ? ' but those dismissed' : ''}; every bundle has ${policy.minReviewers}+ complete reviews`,
      ...record,
    ],
  }
}

/** Where a failing group's reason says it is: its path and first line. */
export function reasonWhere(g: Group): string {
  return g.location.startLine === undefined ? g.location.path : `${g.location.path}:${g.location.startLine}`
}

/** The reason a group fails the gate, e.g. "BLOCK at a.ts:19 (convergent: opus + kimi)"; renderers link its location. */
export function groupReason(g: Group): string {
  return `${g.severity} at ${reasonWhere(g)} (${g.convergent ? `convergent: ${g.reviewers.join(' + ')}` : g.reviewers.join(', ')})`
}

/** Whether a group fails the policy under `fail-on`, dismissed or not: the gate's rule, also what `npm run eval` measures. */
export function failsPolicy(g: Group, failOn: FailOn): boolean {
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

/** An unknown beside findings that were all dismissed: the dismissal answers it too. */
const settled = (u: UnreadSignal, dismissed: ReadonlySet<string>): boolean =>
  u.groups !== undefined && u.groups.length > 0 && u.groups.every((k) => dismissed.has(k))

/**
 * Whether a lone group fails the gate only because a review that was not
 * counted sits beside it: it gates, and can be dismissed, like a convergent one.
 */
export function heldOpen(g: Group, tally: Pick<Tally, 'unread'>, failOn: FailOn): boolean {
  return tally.unread.some((u) => u.groups?.includes(g.key) === true && unreadReason(u, failOn).length > 0)
}

/**
 * What is unknown fails the gate where it might have made a failing finding:
 * unread text or an uncounted review beside another lineage's finding (they
 * could be one convergent finding) under a convergent policy, or unread text
 * naming a BLOCK under any-block.
 */
function unreadReason(u: UnreadSignal, failOn: FailOn): string[] {
  const kept = ' could not be read as a finding'
  const where = 'its text is under "Unparsed replies"'
  if (failOn === 'any-block') {
    const at = u.location ? ` at ${u.location.path}${u.location.startLine === undefined ? '' : `:${u.location.startLine}`}` : ''
    return u.severity === 'BLOCK' ? [`possibly a BLOCK: ${u.reviewer} wrote a BLOCK${at} that${kept}; ${where}`] : []
  }
  if (failOn === 'never' || !u.beside || !u.location) return []
  const severity = u.severity && SEVERITY_RANK[u.severity] > SEVERITY_RANK[u.beside.severity] ? u.severity : u.beside.severity
  const fails = failOn === 'convergent-block' ? severity === 'BLOCK' : SEVERITY_RANK[severity] >= SEVERITY_RANK.WARN
  const at = `${u.location.path}:${u.location.startLine ?? ''}`
  if (fails && u.unknown !== undefined) {
    return [
      `possibly convergent ${severity} at ${at}: ${u.reviewer}'s review of bundle ${u.bundleId} is not counted (${u.unknown.slice(0, 200)}), beside ${u.beside.reviewers.join(' + ')} (${u.beside.severity}); re-run to settle it`,
    ]
  }
  return fails
    ? [
        `possibly convergent ${severity} at ${at}: ${u.reviewer} wrote something there that${kept}, beside ${u.beside.reviewers.join(' + ')} (${u.beside.severity}); ${where}`,
      ]
    : []
}
