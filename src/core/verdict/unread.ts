// What the gate does not know: text a reviewer wrote that could not be read
// as a finding, and reviews that failed or disengaged. One rule for both: a
// review not counted is unknown where it cites a place (everywhere in its
// bundle when it cites none), and beside another lineage's lone finding there
// it might have made that finding convergent.
import type { Review, Severity } from '../reply/types.ts'
import { locate, type DiffIndex } from './locate.ts'
import { SEVERITY_RANK } from './match.ts'
import type { Finding, Group, Location, UnreadSignal } from './types.ts'

export function unreadSignals(
  reviews: readonly Review[],
  groups: readonly Group[],
  at: { readonly index: DiffIndex; readonly lineWindow: number; readonly lineageOf: ReadonlyMap<string, string> },
): UnreadSignal[] {
  return reviews
    .filter((r) => !r.complete)
    .flatMap((r) => {
      const lineage = at.lineageOf.get(r.reviewer) ?? r.reviewer
      const marks = (r.parsed.unreadMarks ?? []).map((mark): UnreadSignal => {
        const location = mark.where ? locate(mark.where, mark.whereText ?? '', at.index) : undefined
        const near = location && besideOf(location, lineage, groups, at)
        return {
          reviewer: r.reviewer,
          bundleId: r.bundleId,
          ...(location ? { location } : {}),
          ...(mark.severity ? { severity: mark.severity } : {}),
          ...(near ? { beside: near.beside, groups: near.groups } : {}),
        }
      })
      // Unknown where it cites a place; where it cites none, unknown at every place of its bundle.
      const placed = marks.some((m) => m.location?.startLine !== undefined && m.location.label !== 'unknown-path')
      return placed ? marks : [...marks, ...unknownThroughout(r, lineage, groups)]
    })
}

/**
 * A review that failed, disengaged or cannot be read where it matters is
 * unknown: beside each finding another lineage made alone in its bundle, it
 * might have agreed. The same rule as unread text citing that place.
 */
function unknownThroughout(r: Review, lineage: string, groups: readonly Group[]): UnreadSignal[] {
  return groups
    .filter((g) => !g.convergent && g.location.startLine !== undefined)
    .flatMap((g) => {
      const others = g.findings.filter((f) => f.bundleId === r.bundleId && f.lineage !== lineage)
      if (others.length === 0) return []
      return [
        {
          reviewer: r.reviewer,
          bundleId: r.bundleId,
          location: g.location,
          beside: gravestOf(others),
          unknown: r.incompleteReason ?? 'not counted',
          groups: [g.key],
        },
      ]
    })
}

/** The gravest severity among findings, and who gave it. */
function gravestOf(findings: readonly Finding[]): NonNullable<UnreadSignal['beside']> {
  const severity = findings.map((f) => f.severity).reduce((a: Severity, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a))
  return { severity, reviewers: [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.reviewer))] }
}

/** The gravest finding of another lineage within line-window of the place, if any, and the groups there. */
function besideOf(
  place: Location,
  lineage: string,
  groups: readonly Group[],
  at: { readonly lineWindow: number; readonly lineageOf: ReadonlyMap<string, string> },
): { beside: NonNullable<UnreadSignal['beside']>; groups: string[] } | undefined {
  if (place.startLine === undefined || place.label === 'unknown-path') return undefined
  const [start, end] = [place.startLine, place.endLine ?? place.startLine]
  const near = groups
    .filter((g) => g.location.path === place.path && g.location.startLine !== undefined)
    .filter(
      (g) =>
        (g.location.startLine ?? 0) - at.lineWindow <= end && start <= (g.location.endLine ?? g.location.startLine ?? 0) + at.lineWindow,
    )
    .filter((g) => g.findings.some((f) => f.lineage !== lineage))
  const others = near.flatMap((g) => g.findings.filter((f) => f.lineage !== lineage))
  if (others.length === 0) return undefined
  return { beside: gravestOf(others), groups: near.map((g) => g.key) }
}
