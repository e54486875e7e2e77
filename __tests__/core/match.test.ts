// Grouping findings across lineages (src/core/verdict/match.ts) on plain
// values: the cases Stryker showed no core test held (issue 30). The first
// cases are in tally.test.ts ("fuzzy convergence").
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import type { Severity } from '../../src/core/reply/types.ts'
import { indexDiff, locate } from '../../src/core/verdict/locate.ts'
import { groupFindings } from '../../src/core/verdict/match.ts'
import type { Finding } from '../../src/core/verdict/types.ts'
import { demoDiff } from '../helpers/fixtures.ts'

const index = indexDiff(parseUnifiedDiff(demoDiff()))
const RL = 'services/gateway/src/ratelimit.ts'

/** `reviewer@line` or `reviewer@start-end` on ratelimit.ts; the lineage is the reviewer's name. */
function f(spec: string, severity: Severity = 'BLOCK', what = 'Problem.'): Finding {
  const [reviewer = '', lines = ''] = spec.split('@')
  const [start, end] = lines.split('-').map(Number)
  const where = { path: RL, startLine: start!, ...(end === undefined ? {} : { endLine: end }) }
  return {
    reviewer,
    lineage: reviewer,
    bundleId: 'b',
    severity,
    whereText: `${RL}:${lines}`,
    what,
    why: '',
    location: locate(where, '', index),
  }
}
const summary = (fs: Finding[]) =>
  groupFindings(fs, 3, index).map((g) => ({ key: g.key, at: [g.location.startLine, g.location.endLine], reviewers: g.reviewers }))

describe('groupFindings', () => {
  it('never lets a group take a second finding of a lineage it holds, even through another lineage', () => {
    // kimi@31 pairs with opus@30 first (both one line apart, opus@30 read first); opus@32 cannot join them.
    expect(summary([f('opus@30'), f('kimi@31'), f('opus@32')])).toEqual([
      { key: `${RL}:30-31`, at: [30, 31], reviewers: ['opus', 'kimi'] },
      { key: `${RL}:32`, at: [32, 32], reviewers: ['opus'] },
    ])
  })

  it('places a group of citations that do not overlap on the span between them, and keys it by that span', () => {
    expect(summary([f('opus@30'), f('kimi@33')])).toEqual([{ key: `${RL}:30-33`, at: [30, 33], reviewers: ['opus', 'kimi'] }])
  })

  it('places a group of overlapping ranges on the lines they share', () => {
    expect(summary([f('opus@28-31'), f('kimi@30-34')])).toEqual([{ key: `${RL}:30-31`, at: [30, 31], reviewers: ['opus', 'kimi'] }])
  })

  it('keys two groups at the same place apart', () => {
    const groups = groupFindings([f('opus@30', 'BLOCK', 'One.'), f('opus@30', 'BLOCK', 'Two.')], 3, index)
    expect(groups.map((g) => g.key)).toEqual([`${RL}:30`, `${RL}:30#2`])
  })

  it('orders groups of one standing by line within a file', () => {
    expect(summary([f('opus@31'), f('kimi@19'), f('qwen@25')]).map((g) => g.at[0])).toEqual([19, 25, 31])
  })
})
