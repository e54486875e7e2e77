// Findings → groups of findings about the same place. Two models that flag
// the same bug rarely cite the same line (42 vs 40-45 vs a function name), so
// line ranges that overlap or lie within `window` lines of each other group.
import { clipTo, type DiffIndex } from './locate.ts'
import type { Severity } from '../reply/types.ts'
import type { Finding, Group, Location } from './types.ts'

export const SEVERITY_RANK: Record<Severity, number> = { BLOCK: 3, WARN: 2, INFO: 1 }

interface Open {
  readonly path: string
  /** Intersection of the members' ranges; lo > hi when they are near but apart. */
  lo: number
  hi: number
  readonly members: Finding[]
}

/**
 * Greedy, in line order: a finding joins the open group whose shared span it
 * overlaps or comes within `window` lines of, so every pair in a group lies
 * within the window and no finding joins two groups. File-level findings
 * group by path, unknown paths by their text.
 */
export function groupFindings(findings: readonly Finding[], window: number, index: DiffIndex): Group[] {
  const lined = new Set(findings.filter((f) => f.location.startLine !== undefined && f.location.label !== 'unknown-path'))
  const sorted = [...lined].sort((a, b) => a.location.path.localeCompare(b.location.path) || start(a) - start(b) || end(a) - end(b))
  const open: Open[] = []
  for (const f of sorted) {
    const s = start(f)
    const e = end(f)
    const g = open.findLast((o) => o.path === f.location.path && Math.max(o.lo, s) - Math.min(o.hi, e) <= window)
    if (g) {
      g.lo = Math.max(g.lo, s)
      g.hi = Math.min(g.hi, e)
      g.members.push(f)
    } else {
      open.push({ path: f.location.path, lo: s, hi: e, members: [f] })
    }
  }
  const byKey = new Map<string, Finding[]>()
  for (const f of findings.filter((x) => !lined.has(x))) {
    const key = f.location.label === 'unknown-path' ? `?${f.location.path}` : f.location.path
    byKey.set(key, [...(byKey.get(key) ?? []), f])
  }
  const groups = [
    ...open.map((o) => makeGroup(spanKey(o), spanLocation(o, index), o.members)),
    ...[...byKey].flatMap(([key, [first, ...rest]]) => (first ? [makeGroup(key, first.location, [first, ...rest])] : [])),
  ]
  return groups.sort(
    (a, b) =>
      Number(b.convergent) - Number(a.convergent) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.location.path.localeCompare(b.location.path) ||
      (a.location.startLine ?? 0) - (b.location.startLine ?? 0),
  )
}

const start = (f: Finding): number => f.location.startLine ?? 0
const end = (f: Finding): number => f.location.endLine ?? start(f)

function spanKey(o: Open): string {
  const [a, b] = [Math.min(o.lo, o.hi), Math.max(o.lo, o.hi)]
  return a === b ? `${o.path}:${a}` : `${o.path}:${a}-${b}`
}

/** The lines all members share (or the gap between them), clipped to what the diff shows. */
function spanLocation(o: Open, index: DiffIndex): Location {
  const [a, b] = [Math.min(o.lo, o.hi), Math.max(o.lo, o.hi)]
  const shown = clipTo(index.lines.get(o.path), a, b)
  if (shown) return { path: o.path, ...shown, label: 'in-diff' }
  const inDiff = o.members.find((m) => m.location.label === 'in-diff') ?? o.members.find((m) => m.location.label === 'in-context')
  if (inDiff) return inDiff.location
  return { path: o.path, startLine: a, endLine: b, label: o.members[0]?.location.label ?? 'off-diff' }
}

function makeGroup(key: string, location: Location, members: readonly Finding[]): Group {
  const lineages = [...new Set(members.map((m) => m.lineage))]
  return {
    key,
    location,
    severity: members.reduce<Severity>((s, m) => (SEVERITY_RANK[m.severity] > SEVERITY_RANK[s] ? m.severity : s), 'INFO'),
    findings: members,
    reviewers: [...new Set(members.map((m) => m.reviewer))],
    lineages,
    convergent: lineages.length >= 2 && location.label !== 'unknown-path',
  }
}
