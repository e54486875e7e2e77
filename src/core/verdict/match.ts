// Findings → groups of findings about the same place, matched across lineages
// and never within one: a reviewer does not agree with itself. Two models that
// flag the same bug rarely cite the same line (42 vs 40-45 vs a function name),
// so findings within `window` lines of each other may match, nearest first.
import { clipTo, type DiffIndex } from './locate.ts'
import type { Severity } from '../reply/types.ts'
import type { Finding, Group, Location } from './types.ts'

export const SEVERITY_RANK: Record<Severity, number> = { BLOCK: 3, WARN: 2, INFO: 1 }

/** A group being built: its members' lineages, latest start and earliest end. */
interface Cluster {
  members: Finding[]
  lineages: Set<string>
  lo: number
  hi: number
}

/**
 * Each finding is in exactly one group, with at most one finding per lineage.
 * Lined findings pair by distance: identical ranges, then overlaps, then the
 * nearest within the window; ties go to equal severity, then to reading order.
 * Every pair in a group lies within the window. File-level findings pair by
 * path, unknown paths by their text, one per lineage each.
 */
export function groupFindings(findings: readonly Finding[], window: number, index: DiffIndex): Group[] {
  const ordered = [...findings].sort(readingOrder)
  const isLined = (f: Finding): boolean => f.location.startLine !== undefined && f.location.label !== 'unknown-path'
  const byPath = new Map<string, Finding[]>()
  const byKey = new Map<string, Finding[]>()
  for (const f of ordered) {
    const [map, key] = isLined(f)
      ? [byPath, f.location.path]
      : [byKey, `${f.location.label === 'unknown-path' ? '?' : ''}${f.location.path}`]
    const list = map.get(key)
    if (list) list.push(f)
    else map.set(key, [f])
  }
  const keys = new Map<string, number>()
  const unique = (key: string): string => {
    const n = (keys.get(key) ?? 0) + 1
    keys.set(key, n)
    return n === 1 ? key : `${key}#${n}`
  }
  const groups = [
    ...[...byPath.values()]
      .flatMap((fs) => matchLines(fs, window))
      .map((c) => makeGroup(unique(spanKey(c)), spanLocation(c, index), c.members)),
    ...[...byKey].flatMap(([key, fs]) =>
      zipLineages(fs).map((m) => makeGroup(unique(key), m[0]?.location ?? { path: key, label: 'unknown-path' }, m)),
    ),
  ]
  return groups.sort(
    (a, b) =>
      Number(b.convergent) - Number(a.convergent) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      byText(a.location.path, b.location.path) ||
      (a.location.startLine ?? 0) - (b.location.startLine ?? 0) ||
      byText(a.key, b.key),
  )
}

// Offsets beyond this rank alike; keeps the pair rank one exact number.
const MAX_OFFSET = 1_000_000
const start = (f: Finding): number => f.location.startLine ?? 0
/** Code-unit order: the same on every machine, whatever its locale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const end = (f: Finding): number => f.location.endLine ?? start(f)

/** A stable order that does not depend on which reply arrived first. */
function readingOrder(a: Finding, b: Finding): number {
  return (
    byText(a.location.path, b.location.path) ||
    start(a) - start(b) ||
    end(a) - end(b) ||
    byText(a.lineage, b.lineage) ||
    byText(a.reviewer, b.reviewer) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    byText(a.whereText, b.whereText) ||
    byText(a.what, b.what)
  )
}

/**
 * Greedy over candidate pairs, closest first (Kruskal with two constraints:
 * no lineage twice, every pair within the window). Pairs are only those of
 * different lineages within the window of each other, found by a sweep over
 * findings sorted by start: O(n·k log(n·k)) for k neighbours in the window.
 */
function matchLines(fs: readonly Finding[], window: number): Cluster[] {
  const pairs: { a: number; b: number; rank: number }[] = []
  for (let a = 0; a < fs.length; a++) {
    const fa = fs[a] as Finding
    for (let b = a + 1; b < fs.length && start(fs[b] as Finding) - end(fa) <= window; b++) {
      const fb = fs[b] as Finding
      const distance = Math.max(0, Math.max(start(fa), start(fb)) - Math.min(end(fa), end(fb)))
      if (fa.lineage === fb.lineage || distance > window) continue
      const offset = Math.min(Math.abs(start(fa) - start(fb)) + Math.abs(end(fa) - end(fb)), MAX_OFFSET)
      // Closer first; at one distance identical ranges, then the smaller offset, then equal severity.
      const rank = ((distance * 2 + (offset === 0 ? 0 : 1)) * (MAX_OFFSET + 1) + offset) * 2 + (fa.severity === fb.severity ? 0 : 1)
      pairs.push({ a, b, rank })
    }
  }
  pairs.sort((x, y) => x.rank - y.rank || x.a - y.a || x.b - y.b)
  const clusters = fs.map((f): Cluster => ({ members: [f], lineages: new Set([f.lineage]), lo: start(f), hi: end(f) }))
  const parent = fs.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i
    return i
  }
  for (const { a, b } of pairs) {
    const ra = root(a)
    const rb = root(b)
    const ca = clusters[ra] as Cluster
    const cb = clusters[rb] as Cluster
    if (ra === rb || sharesLineage(ca, cb)) continue
    const lo = Math.max(ca.lo, cb.lo)
    const hi = Math.min(ca.hi, cb.hi)
    if (lo - hi > window) continue
    parent[rb] = ra
    clusters[ra] = { members: [...ca.members, ...cb.members], lineages: new Set([...ca.lineages, ...cb.lineages]), lo, hi }
  }
  return fs.flatMap((_, i) => (root(i) === i ? [clusters[i] as Cluster] : []))
}

function sharesLineage(a: Cluster, b: Cluster): boolean {
  for (const l of b.lineages) if (a.lineages.has(l)) return true
  return false
}

/** Groups at one key: the first finding of each lineage, then the second of each, and so on (most severe first). */
function zipLineages(fs: readonly Finding[]): Finding[][] {
  const byLineage = new Map<string, Finding[]>()
  for (const f of [...fs].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])) {
    const list = byLineage.get(f.lineage)
    if (list) list.push(f)
    else byLineage.set(f.lineage, [f])
  }
  const depth = Math.max(0, ...[...byLineage.values()].map((l) => l.length))
  return Array.from({ length: depth }, (_, i) => [...byLineage.values()].flatMap((l) => (l[i] ? [l[i]] : [])))
}

function spanKey(c: Cluster): string {
  const path = c.members[0]?.location.path ?? ''
  const [a, b] = [Math.min(c.lo, c.hi), Math.max(c.lo, c.hi)]
  return a === b ? `${path}:${a}` : `${path}:${a}-${b}`
}

/** The lines all members share (or the gap between them), clipped to what the diff shows. */
function spanLocation(c: Cluster, index: DiffIndex): Location {
  const path = c.members[0]?.location.path ?? ''
  const [a, b] = [Math.min(c.lo, c.hi), Math.max(c.lo, c.hi)]
  const shown = clipTo(index.lines.get(path), a, b)
  if (shown) return { path, ...shown, label: 'in-diff' }
  const inDiff = c.members.find((m) => m.location.label === 'in-diff') ?? c.members.find((m) => m.location.label === 'in-context')
  if (inDiff) return inDiff.location
  return { path, startLine: a, endLine: b, label: c.members[0]?.location.label ?? 'off-diff' }
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
