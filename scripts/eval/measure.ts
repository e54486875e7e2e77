// Labelled findings → the action's groups and gate → precision by agreement.
// Grouping and gating are the action's own functions (src/core/verdict/),
// imported, never re-implemented: what is measured is what the action does.
import { failsPolicy } from '../../src/core/verdict/gate.ts'
import { indexDiff } from '../../src/core/verdict/locate.ts'
import { groupFindings } from '../../src/core/verdict/match.ts'
import { withoutRepeats } from '../../src/core/verdict/tally.ts'
import type { FailOn, Finding, Group } from '../../src/core/verdict/types.ts'
import type { LabelledFinding } from './format.ts'
import { clusterBootstrap, wilson } from './stats.ts'

export type Level = 1 | 2 | 3

export interface PlacedGroup {
  readonly pr: string
  readonly members: readonly LabelledFinding[]
  /** Distinct lineages in the group, 3 for three or more. */
  readonly level: Level
  /** It fails the check under the chosen fail-on. */
  readonly gates: boolean
}

export interface Placement {
  readonly groups: readonly PlacedGroup[]
  /** Findings the tally drops as a reviewer repeating itself. */
  readonly repeats: number
}

// No diff: every cited line counts as shown (the data's findings were written against the diff).
const NO_DIFF = indexDiff([])

/** A finding without severity is a BLOCK: the measure is then of agreement alone, as convergent-block gates it. */
function toFinding(f: LabelledFinding): Finding {
  return {
    reviewer: f.reviewer,
    lineage: f.lineage,
    bundleId: f.pr,
    severity: f.severity ?? 'BLOCK',
    whereText: `${f.path}:${f.start}-${f.end}`,
    what: f.text,
    why: '',
    location: { path: f.path, startLine: f.start, endLine: f.end, label: 'in-diff' },
  }
}

/** Groups each pull request's findings as the tally does (repeats dropped, then matched within `window`). */
export function place(findings: readonly LabelledFinding[], window: number, failOn: FailOn): Placement {
  const byPr = new Map<string, LabelledFinding[]>()
  for (const f of findings) byPr.set(f.pr, [...(byPr.get(f.pr) ?? []), f])
  const groups: PlacedGroup[] = []
  let repeats = 0
  for (const pr of [...byPr.keys()].sort()) {
    const source = new Map<Finding, LabelledFinding>()
    for (const f of byPr.get(pr) ?? []) source.set(toFinding(f), f)
    const kept = withoutRepeats([...source.keys()])
    repeats += source.size - kept.length
    for (const g of groupFindings(kept, window, NO_DIFF)) {
      groups.push({
        pr,
        members: g.findings.map((m) => source.get(m) as LabelledFinding),
        level: levelOf(g),
        gates: failsPolicy(g, failOn),
      })
    }
  }
  return { groups, repeats }
}

const levelOf = (g: Group): Level => Math.min(3, g.lineages.length) as Level

export interface Counts {
  readonly findings: number
  readonly true: number
  readonly false: number
  readonly unlabelled: number
  /** true / (true + false); null when none is labelled. */
  readonly precision: number | null
  /** Wilson 95% interval of the precision. */
  readonly ci95: readonly [number, number] | null
}

export function counts(fs: readonly LabelledFinding[]): Counts {
  const t = fs.filter((f) => f.label === true).length
  const n = fs.filter((f) => f.label === false).length
  return {
    findings: fs.length,
    true: t,
    false: n,
    unlabelled: fs.length - t - n,
    precision: t + n === 0 ? null : t / (t + n),
    ci95: wilson(t, t + n) ?? null,
  }
}

/** Per finding, plus the groups: how many hold both a true and a false finding, only true ones (of those labelled), any true one. */
export type LevelCounts = Counts & {
  readonly groups: number
  readonly mixedGroups: number
  readonly groupsAllTrue: number
  readonly groupsAnyTrue: number
}
export type RuleCounts = Counts & { readonly keptTrueShare: number | null }
export type LineageCounts = Counts & { readonly agreed: Counts; readonly alone: Counts }

export interface Table {
  readonly window: number
  readonly byAgreement: Readonly<Record<Level, LevelCounts>>
  readonly rules: { readonly atLeast1: RuleCounts; readonly atLeast2: RuleCounts; readonly atLeast3: RuleCounts }
  readonly gate: RuleCounts & { readonly failOn: FailOn }
  /** precision(≥ 2 lineages) − precision(1 lineage), with a 95% interval resampling pull requests. */
  readonly lift: { readonly difference: number | null; readonly ci95: readonly [number, number] | null }
  readonly byLineage: Readonly<Record<string, LineageCounts>>
  readonly repeats: number
}

/** Every count is per finding: a group of three findings at level 3 adds three findings to level 3. */
export function tabulate(findings: readonly LabelledFinding[], window: number, failOn: FailOn): Table {
  const { groups, repeats } = place(findings, window, failOn)
  const members = (keep: (g: PlacedGroup) => boolean): LabelledFinding[] => groups.filter(keep).flatMap((g) => g.members)
  const allTrue = members(() => true).filter((f) => f.label === true).length
  const rule = (fs: readonly LabelledFinding[]): RuleCounts => {
    const c = counts(fs)
    return { ...c, keptTrueShare: allTrue === 0 ? null : c.true / allTrue }
  }
  const level = (l: Level): LevelCounts => {
    const at = groups.filter((g) => g.level === l)
    const some = (g: PlacedGroup, label: boolean): boolean => g.members.some((m) => m.label === label)
    return {
      ...counts(at.flatMap((g) => g.members)),
      groups: at.length,
      mixedGroups: at.filter((g) => some(g, true) && some(g, false)).length,
      groupsAllTrue: at.filter((g) => some(g, true) && !some(g, false)).length,
      groupsAnyTrue: at.filter((g) => some(g, true)).length,
    }
  }
  const byAgreement = { 1: level(1), 2: level(2), 3: level(3) }
  const agreed = byAgreement[2].findings + byAgreement[3].findings > 0
  const p1 = byAgreement[1].precision
  const p2 = counts(members((g) => g.level >= 2)).precision
  return {
    window,
    byAgreement,
    rules: {
      atLeast1: rule(members(() => true)),
      atLeast2: rule(members((g) => g.level >= 2)),
      atLeast3: rule(members((g) => g.level >= 3)),
    },
    gate: { ...rule(members((g) => g.gates)), failOn },
    lift: {
      difference: p1 === null || p2 === null ? null : p2 - p1,
      ci95: agreed ? (clusterBootstrap(perPrCounts(groups)) ?? null) : null,
    },
    byLineage: byLineage(groups),
    repeats,
  }
}

function perPrCounts(groups: readonly PlacedGroup[]): { aTrue: number; aLabelled: number; bTrue: number; bLabelled: number }[] {
  const byPr = new Map<string, { aTrue: number; aLabelled: number; bTrue: number; bLabelled: number }>()
  for (const g of groups) {
    const c = byPr.get(g.pr) ?? { aTrue: 0, aLabelled: 0, bTrue: 0, bLabelled: 0 }
    const t = g.members.filter((m) => m.label === true).length
    const l = g.members.filter((m) => m.label !== null).length
    byPr.set(
      g.pr,
      g.level === 1 ? { ...c, aTrue: c.aTrue + t, aLabelled: c.aLabelled + l } : { ...c, bTrue: c.bTrue + t, bLabelled: c.bLabelled + l },
    )
  }
  return [...byPr.values()]
}

/** Each lineage's precision over all its findings, and apart for those another lineage agreed with and those it flagged alone. */
function byLineage(groups: readonly PlacedGroup[]): Record<string, LineageCounts> {
  const names = [...new Set(groups.flatMap((g) => g.members.map((m) => m.lineage)))].sort()
  return Object.fromEntries(
    names.map((name) => {
      const of = (keep: (g: PlacedGroup) => boolean): LabelledFinding[] =>
        groups.filter(keep).flatMap((g) => g.members.filter((m) => m.lineage === name))
      return [name, { ...counts(of(() => true)), agreed: counts(of((g) => g.level >= 2)), alone: counts(of((g) => g.level === 1)) }]
    }),
  )
}
