// Convergent findings as review threads: the lines a finding can be commented
// on, its identity across commits, and which of our existing threads it
// continues. A finding is identified by its file and the text of the lines it
// is commented on and of the nearest lines around them (not their numbers),
// so a finding that moved with its code keeps its thread, and a reviewer
// citing 30-31 one run and 31 the next still matches, while another finding
// on a line that merely repeats the text elsewhere does not.
import { createHash } from 'node:crypto'
import type { Bundle } from '../plan/types.ts'
import { REDACTED, redactSecrets } from '../text/sanitize.ts'
import type { Group, Report } from './types.ts'

/** New-side lines of the pull request's diff (never `context: function` lines), by path: line → text. */
export type DiffLines = ReadonlyMap<string, ReadonlyMap<number, string>>

/** Where a thread goes: `startLine` to `endLine` on the new side (one line when equal). */
export interface ThreadSpan {
  readonly path: string
  readonly startLine: number
  readonly endLine: number
}

export interface ThreadIdentity {
  /** A hash of the path. */
  readonly path: string
  /** Hashes of the commented lines' texts, whitespace-normalized. */
  readonly lines: readonly string[]
  /** Hashes of the nearest telling lines above and below; absent in markers posted before context was kept. */
  readonly context?: readonly string[]
}

// Enough to tell a file's lines apart; the identity is a hint for matching, never a secret.
const HASH_HEX = 8
// A long span is still identified by its first lines.
const IDENTITY_LINES = 50
// How far to look above and below a span for a line that tells it apart.
const CONTEXT_REACH = 3
// Share of their lines and context two identities need in common to be one finding.
const SAME_FINDING = 0.5
const MARKER =
  /^<!-- cross-lineage-review:thread ([0-9a-f]{8}) ([0-9a-f]{8}(?:\.[0-9a-f]{8}){0,49})(?: ((?:[0-9a-f]{8}(?:\.[0-9a-f]{8})?)?))? -->/

export function diffLines(bundles: readonly Bundle[]): DiffLines {
  const byPath = new Map<string, Map<number, string>>()
  for (const file of bundles.flatMap((b) => b.files)) {
    const lines = byPath.get(file.path) ?? new Map<number, string>()
    byPath.set(file.path, lines)
    for (const line of file.hunks.flatMap((h) => h.lines)) {
      if (line.newLine !== undefined && line.extended !== true) lines.set(line.newLine, line.text)
    }
  }
  return byPath
}

/**
 * Where a convergent group can be commented: its lines when every one of them
 * is a new-side line of the diff (GitHub refuses a range across hunks), else
 * its first line alone; undefined for a location that is not in the diff or
 * whose path held a secret.
 */
export function commentSpan(group: Group, lines: DiffLines): ThreadSpan | undefined {
  const { path, startLine, endLine, label } = group.location
  const file = lines.get(path)
  if (!group.convergent || label !== 'in-diff' || startLine === undefined || !file?.has(startLine)) return undefined
  // A path with a secret in it was redacted: GitHub cannot resolve it, and the real one must not be posted.
  if (path.includes(REDACTED) || redactSecrets(path) !== path) return undefined
  const end = endLine ?? startLine
  for (let l = startLine; l <= end; l++) if (!file.has(l)) return { path, startLine, endLine: startLine }
  return { path, startLine, endLine: end }
}

/** The texts of a span's lines, in order. */
export function spanText(span: ThreadSpan, lines: DiffLines): string[] {
  const file = lines.get(span.path)
  const out: string[] = []
  for (let l = span.startLine; l <= span.endLine; l++) out.push(file?.get(l) ?? '')
  return out
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, HASH_HEX)
const normalize = (line: string): string => line.trim().replace(/\s+/g, ' ')
// Lines like `}` or `);` repeat all over a file: they identify nothing unless nothing else is there.
const trivial = (line: string): boolean => !/[\p{L}\p{N}]/u.test(line)

export function identityOf(span: ThreadSpan, lines: DiffLines): ThreadIdentity {
  const texts = spanText(span, lines).map(normalize).slice(0, IDENTITY_LINES)
  const telling = texts.filter((t) => !trivial(t))
  const file = lines.get(span.path)
  const near = (from: number, step: number): string[] => {
    for (let l = from, n = 0; n < CONTEXT_REACH; l += step, n++) {
      const text = normalize(file?.get(l) ?? '')
      if (!trivial(text)) return [hash(text)]
    }
    return []
  }
  return {
    path: hash(span.path),
    lines: [...new Set((telling.length > 0 ? telling : texts).map(hash))],
    context: [...near(span.startLine - 1, -1), ...near(span.endLine + 1, 1)],
  }
}

/** The hidden first line of a thread we start: it names the finding's identity. */
export function threadMarker(id: ThreadIdentity): string {
  return `<!-- cross-lineage-review:thread ${id.path} ${id.lines.join('.')} ${(id.context ?? []).join('.')} -->`
}

/** The identity a thread's first comment starts with, or undefined when it does not start with our marker. */
export function readMarker(body: string): ThreadIdentity | undefined {
  const m = MARKER.exec(body)
  if (!m) return undefined
  const context = m[3] === undefined ? {} : { context: m[3] === '' ? [] : m[3].split('.') }
  return { path: m[1] ?? '', lines: (m[2] ?? '').split('.'), ...context }
}

/**
 * How alike two identities of one path are, 0 to 1; 0 when they share no
 * commented line. Lines and context count together, so a span and the same
 * span widened by a line match, and a line that repeats elsewhere does not.
 * A marker without context (posted before it was kept) matches by lines alone.
 */
function likeness(a: ThreadIdentity, b: ThreadIdentity): number {
  const mine = new Set(a.lines)
  const shared = b.lines.filter((l) => mine.has(l)).length
  if (shared === 0) return 0
  if (a.context === undefined || b.context === undefined) return shared / (mine.size + b.lines.length - shared)
  const x = new Set([...a.lines, ...a.context])
  const y = new Set([...b.lines, ...b.context])
  const both = [...x].filter((h) => y.has(h)).length
  const score = both / (x.size + y.size - both)
  return score >= SAME_FINDING ? score : 0
}

/**
 * Pairs wanted identities with existing ones, one-to-one: same path, alike
 * enough (likeness), the most alike first, then in order.
 * Returns, for each wanted index, the index of the existing identity it continues.
 */
export function matchIdentities(wanted: readonly ThreadIdentity[], existing: readonly ThreadIdentity[]): Map<number, number> {
  const byPath = new Map<string, number[]>()
  existing.forEach((b, e) => {
    const list = byPath.get(b.path)
    if (list) list.push(e)
    else byPath.set(b.path, [e])
  })
  const pairs: { w: number; e: number; score: number }[] = []
  wanted.forEach((a, w) => {
    for (const e of byPath.get(a.path) ?? []) {
      const b = existing[e]
      const score = b ? likeness(a, b) : 0
      if (score > 0) pairs.push({ w, e, score })
    }
  })
  pairs.sort((x, y) => y.score - x.score || x.w - y.w || x.e - y.e)
  const matched = new Map<number, number>()
  const taken = new Set<number>()
  for (const { w, e } of pairs) {
    if (matched.has(w) || taken.has(e)) continue
    matched.set(w, e)
    taken.add(e)
  }
  return matched
}

/**
 * Files whose findings this run cannot vouch for: a finding gone from them may
 * only be unseen. That is so where the lineages missing from one of their
 * bundles could still make a finding there convergent (two or more missing, or
 * one missing beside another lineage's single finding on the file), and for
 * files not reviewed at all (a gap). One reviewer down alone, with nobody
 * else reporting anything on the file, cannot make anything convergent.
 */
export function unvouchedPaths(report: Pick<Report, 'bundles' | 'reviewers' | 'skipped' | 'tally'>): Set<string> {
  const lineage = new Map(report.reviewers.map((r) => [r.name, r.lineage]))
  const coverage = new Map(report.tally.coverage.map((c) => [c.bundleId, c]))
  const single = report.tally.groups.filter((g) => !g.convergent)
  const unvouched = new Set(report.skipped.filter((s) => s.gap !== undefined).map((s) => s.path))
  for (const bundle of report.bundles) {
    const c = coverage.get(bundle.id)
    const done = new Set(c?.complete.map((r) => lineage.get(r)))
    const missing = new Set(c?.incomplete.map((i) => lineage.get(i.reviewer)).filter((l) => !done.has(l)))
    if (missing.size === 0) continue
    for (const path of bundle.paths) {
      const partner = single.some((g) => g.location.path === path && g.lineages.some((l) => !missing.has(l)))
      if (missing.size >= 2 || partner) unvouched.add(path)
    }
  }
  return unvouched
}
