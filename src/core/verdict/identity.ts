// A finding's identity across runs and commits: its file and the text of the
// lines it cites and of the nearest lines around them, never their numbers.
// A finding that moved with its code keeps its identity; a reviewer citing
// 30-31 one run and 31 the next still matches; another finding on a line that
// merely repeats the text elsewhere does not. Review threads, dismissals and
// the outcome ledger all key on it, and its short id is what people type.
import { createHash } from 'node:crypto'
import type { Bundle } from '../plan/types.ts'
import type { FindingIdentity } from './history-types.ts'
import type { Location } from './types.ts'

/** New-side lines by path: line → text. */
export type DiffLines = ReadonlyMap<string, ReadonlyMap<number, string>>

/** A span of new-side lines: `startLine` to `endLine` (one line when equal). */
export interface ThreadSpan {
  readonly path: string
  readonly startLine: number
  readonly endLine: number
}

export type { FindingIdentity }

/** The identity a review thread's marker carries. */
export type ThreadIdentity = FindingIdentity

// Enough to tell a file's lines apart; the identity is a hint for matching, never a secret.
export const HASH_HEX = 8
// A long span is still identified by its first lines.
export const IDENTITY_LINES = 50
// How far to look above and below a span for a line that tells it apart.
const CONTEXT_REACH = 3
// Share of their lines and context two identities need in common to be one finding.
const SAME_FINDING = 0.5
/** Hex digits of a finding's id: short enough to type, enough to tell a pull request's findings apart. */
export const FINDING_ID_HEX = 7

export const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, HASH_HEX)
const normalize = (line: string): string => line.trim().replace(/\s+/g, ' ')
// Lines like `}` or `);` repeat all over a file: they identify nothing unless nothing else is there.
const trivial = (line: string): boolean => !/[\p{L}\p{N}]/u.test(line)
/** A line's hash as identities hold it. */
export const lineHash = (line: string): string => hash(normalize(line))

/** Every new-side line reviewers were shown, `context: function` lines included, by path. */
export function shownLines(bundles: readonly Bundle[]): DiffLines {
  const byPath = new Map<string, Map<number, string>>()
  for (const file of bundles.flatMap((b) => b.files)) {
    const lines = byPath.get(file.path) ?? new Map<number, string>()
    byPath.set(file.path, lines)
    for (const line of file.hunks.flatMap((h) => h.lines)) if (line.newLine !== undefined) lines.set(line.newLine, line.text)
  }
  return byPath
}

/** The texts of a span's lines, in order. */
export function spanText(span: ThreadSpan, lines: DiffLines): string[] {
  const file = lines.get(span.path)
  const out: string[] = []
  for (let l = span.startLine; l <= span.endLine; l++) out.push(file?.get(l) ?? '')
  return out
}

export function identityOf(span: ThreadSpan, lines: DiffLines): FindingIdentity {
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

/**
 * Any group's identity. Cited lines reviewers were shown identify it as a
 * thread's would. Without them (a file-level finding, a line off the diff),
 * the file's changed lines stand in, so any change to the file makes it a new
 * finding; a path the diff lacks is identified by what was cited.
 */
export function groupIdentity(location: Location, lines: DiffLines): FindingIdentity {
  const { path, startLine, endLine, label } = location
  const file = lines.get(path)
  if (startLine !== undefined && file?.has(startLine) && label !== 'unknown-path') {
    let end = startLine
    while (end < (endLine ?? startLine) && file.has(end + 1)) end++
    return identityOf({ path, startLine, endLine: end }, lines)
  }
  const cited = `${label}:${startLine ?? ''}-${endLine ?? ''}`
  if (!file || file.size === 0 || label === 'unknown-path') return { path: hash(path), lines: [hash(cited)], context: [] }
  const texts = [...file.values()].map(normalize).filter((t) => !trivial(t))
  return { path: hash(path), lines: [...new Set(texts.map(hash))].slice(0, IDENTITY_LINES), context: [hash(cited)] }
}

/** A finding's short id, from its identity: the same finding at the same lines gets the same id on every run. */
export function findingId(identity: FindingIdentity): string {
  const text = [identity.path, identity.lines.join('.'), (identity.context ?? []).join('.')].join(' ')
  return createHash('sha256').update(text).digest('hex').slice(0, FINDING_ID_HEX)
}

/**
 * How alike two identities of one path are, 0 to 1; 0 when they share no
 * cited line. Lines and context count together, so a span and the same span
 * widened by a line match, and a line that repeats elsewhere does not. An
 * identity without context (a marker posted before it was kept) matches by lines alone.
 */
export function likeness(a: FindingIdentity, b: FindingIdentity): number {
  if (a.path !== b.path) return 0
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
export function matchIdentities(wanted: readonly FindingIdentity[], existing: readonly FindingIdentity[]): Map<number, number> {
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
