// Text a reviewer wrote that could not be read as a finding, where the gate
// can still tell it matters: it cites a place beside another lineage's finding
// (the two may be one convergent finding nobody could count), or it names a
// BLOCK. Only reviews answered but not counted (incomplete, not thin) have it.
import type { Review, Severity } from '../reply/types.ts'
import { locate, type DiffIndex } from './locate.ts'
import { SEVERITY_RANK } from './match.ts'
import type { Group, Location, UnreadSignal } from './types.ts'

export function unreadSignals(
  reviews: readonly Review[],
  groups: readonly Group[],
  at: { readonly index: DiffIndex; readonly lineWindow: number; readonly lineageOf: ReadonlyMap<string, string> },
): UnreadSignal[] {
  return reviews
    .filter((r) => !r.complete && r.outcome === 'answered' && !r.thin)
    .flatMap((r) => {
      const lineage = at.lineageOf.get(r.reviewer) ?? r.reviewer
      return (r.parsed.unreadMarks ?? []).map((mark): UnreadSignal => {
        const location = mark.where ? locate(mark.where, mark.whereText ?? '', at.index) : undefined
        const beside = location && besideOf(location, lineage, groups, at)
        return {
          reviewer: r.reviewer,
          bundleId: r.bundleId,
          ...(location ? { location } : {}),
          ...(mark.severity ? { severity: mark.severity } : {}),
          ...(beside ? { beside } : {}),
        }
      })
    })
}

/** The gravest finding of another lineage within line-window of the place, if any. */
function besideOf(
  place: Location,
  lineage: string,
  groups: readonly Group[],
  at: { readonly lineWindow: number; readonly lineageOf: ReadonlyMap<string, string> },
): UnreadSignal['beside'] {
  if (place.startLine === undefined || place.label === 'unknown-path') return undefined
  const [start, end] = [place.startLine, place.endLine ?? place.startLine]
  const others = groups
    .filter((g) => g.location.path === place.path && g.location.startLine !== undefined)
    .filter(
      (g) =>
        (g.location.startLine ?? 0) - at.lineWindow <= end && start <= (g.location.endLine ?? g.location.startLine ?? 0) + at.lineWindow,
    )
    .flatMap((g) => g.findings.filter((f) => f.lineage !== lineage))
  if (others.length === 0) return undefined
  const severity = others.map((f) => f.severity).reduce((a: Severity, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a))
  return { severity, reviewers: [...new Set(others.filter((f) => f.severity === severity).map((f) => f.reviewer))] }
}
