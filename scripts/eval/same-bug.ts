// Same bug, or only the same spot? Within the groups that gate (two or more
// lineages), does requiring the findings' texts to agree as well raise the
// precision of what gates? Thresholds are tuned on half A only and judged on
// half B; a change is worth adopting only when, on the held-out half, it adds
// ≥ 0.05 precision while keeping ≥ 90% of the true findings the rule kept.
import type { FailOn } from '../../src/core/verdict/types.ts'
import { cosine, identifiers, jaccard, sharedCount, terms, tfidf } from './content.ts'
import type { LabelledFinding } from './format.ts'
import { counts, place, type Counts, type PlacedGroup } from './measure.ts'
import { halfOf } from './stats.ts'

export const BAR = { gain: 0.05, keep: 0.9 } as const

type Score = (a: LabelledFinding, b: LabelledFinding) => number
interface Measure {
  readonly name: string
  readonly description: string
  readonly thresholds: readonly number[]
  /** Scores built from one half's findings (TF-IDF weights come from that half alone). */
  readonly build: (findings: readonly LabelledFinding[]) => Score
}

const steps = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100)

function memo<T>(make: (f: LabelledFinding) => T): (f: LabelledFinding) => T {
  const cache = new Map<LabelledFinding, T>()
  return (f) => cache.get(f) ?? (cache.set(f, make(f)).get(f) as T)
}

export const MEASURES: readonly Measure[] = [
  {
    name: 'identifiers',
    description: 'code identifiers both texts name (backticked, snake_case, camelCase, dotted, calls): at least N shared',
    thresholds: [1, 2, 3, 4],
    build: () => {
      const ids = memo((f) => identifiers(f.text))
      return (a, b) => sharedCount(ids(a), ids(b))
    },
  },
  {
    name: 'key terms',
    description: 'Jaccard similarity of the key terms (words of 3+ letters, stopwords out) at least T',
    thresholds: steps(0.05, 0.5, 0.05),
    build: () => {
      const words = memo((f) => new Set(terms(f.text)))
      return (a, b) => jaccard(words(a), words(b))
    },
  },
  {
    name: 'tf-idf',
    description: 'cosine similarity of TF-IDF vectors (IDF over the half) at least T',
    thresholds: steps(0.05, 0.6, 0.05),
    build: (findings) => {
      const vectors = tfidf(findings.map((f) => f.text))
      const of = new Map(findings.map((f, i) => [f, vectors[i] ?? new Map<string, number>()]))
      return (a, b) => cosine(of.get(a) ?? new Map(), of.get(b) ?? new Map())
    },
  },
]

export type Variant = 'group' | 'finding'
export type Arm = Counts & { readonly keptOfRuleTrue: number | null; readonly gain: number | null }
export type Split = Counts & { readonly groups: number; readonly mixedGroups: number }

export interface MeasureResult {
  readonly measure: string
  readonly description: string
  /** group: a group gates only if two of its lineages agree in content; finding: a finding counts only if it agrees with another lineage's. */
  readonly variant: Variant
  readonly threshold: number
  /** Some threshold met the bar on half A (if none, the most permissive is shown). */
  readonly tunedMeetsBar: boolean
  readonly halves: Readonly<Record<'A' | 'B', Arm>>
  /** The groups that gate, apart by whether their texts agree: does content separate true convergence from a hot spot? */
  readonly split: Readonly<Record<'A' | 'B', { readonly content: Split; readonly spotOnly: Split }>>
  readonly meetsBarHeldOut: boolean
}

/** At one threshold, per half: the gating groups apart by content agreement, and the share of the rule's true findings the content rule keeps. */
export interface CurvePoint {
  readonly threshold: number
  readonly A: { readonly content: Split; readonly spotOnly: Split }
  readonly B: { readonly content: Split; readonly spotOnly: Split }
}

export interface SameBugStudy {
  readonly window: number
  readonly failOn: FailOn
  readonly bar: typeof BAR
  /** What gates today (≥ 2 lineages under fail-on), per half. */
  readonly rule: Readonly<Record<'A' | 'B', Counts>>
  readonly results: readonly MeasureResult[]
  /** Every threshold of every measure (group variant): does agreeing in content go with being right? */
  readonly curves: Readonly<Record<string, readonly CurvePoint[]>>
  readonly adopt: boolean
}

interface Half {
  readonly gating: readonly PlacedGroup[]
  readonly rule: Counts
  readonly score: Score
}

/** Per gating group (or finding), the best cross-lineage score. */
function best(g: PlacedGroup, score: Score, of?: LabelledFinding): number {
  const pairs =
    of === undefined
      ? g.members.flatMap((a, i) => g.members.slice(i + 1).map((b) => [a, b] as const))
      : g.members.map((b) => [of, b] as const)
  return Math.max(0, ...pairs.filter(([a, b]) => a.lineage !== b.lineage).map(([a, b]) => score(a, b)))
}

function arm(h: Half, variant: Variant, t: number): Arm {
  const kept =
    variant === 'group'
      ? h.gating.filter((g) => best(g, h.score) >= t).flatMap((g) => g.members)
      : h.gating.flatMap((g) => g.members.filter((m) => best(g, h.score, m) >= t))
  const c = counts(kept)
  return {
    ...c,
    keptOfRuleTrue: h.rule.true === 0 ? null : c.true / h.rule.true,
    gain: c.precision === null || h.rule.precision === null ? null : c.precision - h.rule.precision,
  }
}

const meets = (a: Arm): boolean => (a.gain ?? -1) >= BAR.gain - 1e-9 && (a.keptOfRuleTrue ?? 0) >= BAR.keep

function split(h: Half, t: number): { content: Split; spotOnly: Split } {
  const part = (gs: readonly PlacedGroup[]): Split => ({
    ...counts(gs.flatMap((g) => g.members)),
    groups: gs.length,
    mixedGroups: gs.filter((g) => g.members.some((m) => m.label === true) && g.members.some((m) => m.label === false)).length,
  })
  return { content: part(h.gating.filter((g) => best(g, h.score) >= t)), spotOnly: part(h.gating.filter((g) => best(g, h.score) < t)) }
}

export function sameBugStudy(findings: readonly LabelledFinding[], options: { window: number; failOn: FailOn }): SameBugStudy {
  const gatingOf = (fs: readonly LabelledFinding[]): PlacedGroup[] =>
    place(fs, options.window, options.failOn).groups.filter((g) => g.gates && g.level >= 2)
  const parts = { A: findings.filter((f) => halfOf(f.pr) === 'A'), B: findings.filter((f) => halfOf(f.pr) === 'B') }
  const gating = { A: gatingOf(parts.A), B: gatingOf(parts.B) }
  const rule = { A: counts(gating.A.flatMap((g) => g.members)), B: counts(gating.B.flatMap((g) => g.members)) }
  const results: MeasureResult[] = []
  const curves: Record<string, CurvePoint[]> = {}
  for (const m of MEASURES) {
    const h = {
      A: { gating: gating.A, rule: rule.A, score: m.build(parts.A) },
      B: { gating: gating.B, rule: rule.B, score: m.build(parts.B) },
    }
    curves[m.name] = m.thresholds.map((t) => ({ threshold: t, A: split(h.A, t), B: split(h.B, t) }))
    for (const variant of ['group', 'finding'] as const) {
      // Tuned on A alone: the most precise threshold that keeps 90% of the rule's true findings there, else the most permissive.
      const onA = m.thresholds.map((t) => ({ t, a: arm(h.A, variant, t) }))
      const keeping = onA.filter((x) => (x.a.keptOfRuleTrue ?? 0) >= BAR.keep)
      const chosen =
        keeping.reduce<(typeof onA)[number] | undefined>(
          (x, y) => (x && (x.a.precision ?? 0) >= (y.a.precision ?? 0) ? x : y),
          undefined,
        ) ?? onA[0]
      if (chosen === undefined) continue
      const B = arm(h.B, variant, chosen.t)
      results.push({
        measure: m.name,
        description: m.description,
        variant,
        threshold: chosen.t,
        tunedMeetsBar: meets(chosen.a),
        halves: { A: chosen.a, B },
        split: { A: split(h.A, chosen.t), B: split(h.B, chosen.t) },
        meetsBarHeldOut: meets(chosen.a) && meets(B),
      })
    }
  }
  return { window: options.window, failOn: options.failOn, bar: BAR, rule, results, curves, adopt: results.some((r) => r.meetsBarHeldOut) }
}
