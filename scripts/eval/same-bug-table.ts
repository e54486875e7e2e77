// The same-bug-or-same-spot study → text for a terminal.
import type { SameBugStudy, Split } from './same-bug.ts'
import { columns, p, pct, signed } from './table.ts'

const share = (s: Split): string => `${p(s.precision)} (${s.findings}; ${s.mixedGroups}/${s.groups} mixed)`

export function renderSameBug(s: SameBugStudy): string {
  return [
    `Same bug or same spot? line-window ${s.window}; thresholds tuned on half A, judged on held-out half B.`,
    `Bar: precision +${s.bar.gain.toFixed(2)} or more while keeping ≥ ${pct(s.bar.keep)} of the true findings the rule kept.`,
    `What gates today (≥ 2 lineages): A ${s.rule.A.findings} findings, precision ${p(s.rule.A.precision)}; B ${s.rule.B.findings} findings, precision ${p(s.rule.B.precision)}.`,
    columns([
      ['content agreement', 'variant', 'threshold', 'A: precision', 'gain', 'true kept', 'B: precision', 'gain', 'true kept'],
      ...s.results.map((r) => [
        r.measure,
        r.variant,
        `${r.threshold}${r.tunedMeetsBar ? '' : '*'}`,
        p(r.halves.A.precision),
        signed(r.halves.A.gain),
        pct(r.halves.A.keptOfRuleTrue),
        p(r.halves.B.precision),
        signed(r.halves.B.gain),
        pct(r.halves.B.keptOfRuleTrue),
      ]),
    ]),
    '* no threshold met the bar on half A; the most permissive is shown.',
    s.adopt
      ? 'A content rule met the bar on the held-out half: see docs/evaluation.md before adopting it.'
      : 'No content rule met the bar on the held-out half: the location rule stays.',
    '',
    'Gating groups apart by content agreement: precision (findings; groups with both a true and a false finding / groups)',
    columns([
      ['measure', 'threshold', 'A: texts agree', 'A: same spot only', 'B: texts agree', 'B: same spot only'],
      ...Object.entries(s.curves).flatMap(([name, points]) =>
        points.map((c) => [name, String(c.threshold), share(c.A.content), share(c.A.spotOnly), share(c.B.content), share(c.B.spotOnly)]),
      ),
    ]),
  ].join('\n')
}
