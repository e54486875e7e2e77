// Convergent findings as review threads: the lines a finding can be commented
// on, the hidden marker naming its identity (identity.ts), and which files a
// run cannot vouch for. Which of our existing threads a finding continues is
// decided by identity, not line numbers.
import type { Bundle } from '../plan/types.ts'
import { REDACTED, redactSecrets } from '../text/sanitize.ts'
import type { DiffLines, ThreadIdentity, ThreadSpan } from './identity.ts'
import type { Group, Report } from './types.ts'

const MARKER =
  /^<!-- cross-lineage-review:thread ([0-9a-f]{8}) ([0-9a-f]{8}(?:\.[0-9a-f]{8}){0,49})(?: ((?:[0-9a-f]{8}(?:\.[0-9a-f]{8})?)?))? -->/

/** New-side lines of the pull request's diff (never `context: function` lines), by path: line → text. */
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
