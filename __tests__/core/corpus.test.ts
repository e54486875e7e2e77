// The reply corpus (__tests__/fixtures/replies): replies shaped the way models
// answer, each with the findings a careful human extracts from it, and
// grouping cases across lineages. Grow it whenever a model answers in a new shape.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { ParsedFinding, Review, Reviewer } from '../../src/core/reply/types.ts'
import { locationText } from '../../src/core/render/report.ts'
import { indexDiff } from '../../src/core/verdict/locate.ts'
import { DEFAULT_LINE_WINDOW, tallyReviews } from '../../src/core/verdict/tally.ts'
import { demoDiff, fixturePath } from '../helpers/fixtures.ts'

interface Expectation {
  verdict?: string
  /** Unparsed blocks once the review is read (a substantive reply without findings is one). */
  unparsed?: number
  /** The review does not count: substantive text, but no finding could be read. */
  incomplete?: boolean
  /** The bundle's paths, when the case depends on them. */
  paths?: string[]
  /** [severity, path, start, end] or [severity, path, symbol] or [severity, path], then "retracted" when withdrawn. */
  findings: (string | number)[][]
  /** Each finding's FIX text, in the same order (null: none); left out when no finding has one. */
  fixes?: (string | null)[]
  /** [path, start, end] of each place cited by a block left unread (a finding seen, without a severity). */
  unreadAt?: (string | number)[][]
  /** Why the expectation departs from what a careful human extracts (an ambiguous shape counted as unparsed). */
  note?: string
}

const expected = JSON.parse(readFileSync(fixturePath('replies/expected.json'), 'utf8')) as Record<string, Expectation>
const files = readdirSync(fixturePath('replies'))
  .filter((f) => f.endsWith('.md'))
  .sort()
const replyText = (name: string): string => readFileSync(fixturePath(`replies/${name}`), 'utf8')

function read(reviewer: string, bundleId: string, reply: string, paths: readonly string[] = []): Review {
  const call = { reviewer, bundleId, outcome: 'answered' as const, reply, latencyMs: 1, tokensIn: 1, tokensOut: 1, finishReason: 'stop' }
  return toReview(call, { bytes: 0, paths })
}

const shape = (f: ParsedFinding): (string | number)[] => [
  f.severity,
  f.where?.path ?? `?${f.whereText}`,
  ...(f.where?.symbol !== undefined ? [f.where.symbol] : f.where?.startLine !== undefined ? [f.where.startLine, f.where.endLine ?? 0] : []),
  ...(f.retracted ? ['retracted'] : []),
]

describe('reply corpus: every finding a human sees', () => {
  it('has an expectation for every reply, and at least 60 replies', () => {
    expect(files).toEqual(Object.keys(expected).sort())
    expect(files.length).toBeGreaterThanOrEqual(60)
  })

  it.each(files)('%s', (name) => {
    const want = expected[name]!
    const review = read('r', 'b', replyText(name), want.paths)
    expect(review.parsed.findings.map(shape)).toEqual(want.findings)
    // A fix is read only from a fenced block after a FIX key (or a JSON fix field): advice in prose is no fix.
    expect(review.parsed.findings.map((f) => f.fix ?? null)).toEqual(want.fixes ?? want.findings.map(() => null))
    expect(review.parsed.verdict).toBe(want.verdict)
    expect(review.parsed.unparsed).toHaveLength(want.unparsed ?? 0)
    expect(review.complete).toBe(want.incomplete !== true)
    if (want.unreadAt) {
      const marks = review.parsed.unreadMarks ?? []
      expect(marks.flatMap((m) => (m.where ? [[m.where.path, m.where.startLine ?? 0, m.where.endLine ?? 0]] : []))).toEqual(want.unreadAt)
    }
  })

  it('reports parse accuracy over the corpus', () => {
    let wanted = 0
    let found = 0
    let extra = 0
    let replies = 0
    for (const name of files) {
      const want = expected[name]!
      const review = read('r', 'b', replyText(name), want.paths)
      const got = review.parsed.findings.map((f) => JSON.stringify(shape(f)))
      const left = [...got]
      for (const w of want.findings.map((f) => JSON.stringify(f))) {
        const i = left.indexOf(w)
        if (i >= 0) left.splice(i, 1)
        else wanted++
      }
      extra += left.length
      found += got.length - left.length
      const exact =
        left.length === 0 &&
        got.length === want.findings.length &&
        review.parsed.verdict === want.verdict &&
        review.complete === !want.incomplete
      if (exact) replies++
    }
    const total = found + wanted
    console.log(
      `reply corpus: ${files.length} replies, ${replies}/${files.length} read exactly; findings ${found}/${total} found (recall ${pct(found, total)}), ${extra} spurious (precision ${pct(found, found + extra)})`,
    )
    expect([found, extra, replies]).toEqual([total, 0, files.length])
  })
})

interface GroupingCase {
  diff?: 'demo'
  /** Per reviewer: a corpus file, or "SEVERITY where [what]" lines written as strict blocks. */
  replies: Record<string, string | string[]>
  /** "location SEVERITY reviewer+reviewer [convergent]", sorted. */
  groups: string[]
}

const cases = JSON.parse(readFileSync(fixturePath('replies/grouping.json'), 'utf8')) as Record<string, GroupingCase>
const LINEAGE: Record<string, string> = { opus: 'anthropic', sonnet: 'anthropic', kimi: 'moonshotai', qwen: 'qwen' }
// Two 200-line new files; line 20 of each defines handler().
const synthetic = ['src/x.ts', 'src/y.ts']
  .map(
    (p) =>
      `diff --git a/${p} b/${p}\nnew file mode 100644\n--- /dev/null\n+++ b/${p}\n@@ -0,0 +1,200 @@\n${Array.from(
        { length: 200 },
        (_, i) => `+line${i + 1}${i === 19 ? ' function handler() {' : ''}`,
      ).join('\n')}\n`,
  )
  .join('')

function groupsOf(c: GroupingCase): string[] {
  const files = parseUnifiedDiff(c.diff === 'demo' ? demoDiff() : synthetic)
  const reviewers: Reviewer[] = Object.keys(c.replies).map((name) => ({
    name,
    model: `${LINEAGE[name] ?? name}/m`,
    lineage: LINEAGE[name] ?? name,
    baseURL: 'http://x',
    keySource: 'api-key',
  }))
  const reviews = Object.entries(c.replies).map(([name, reply]) => {
    const block = (line: string, i: number): string => {
      const [severity, where, ...what] = line.split(' ')
      return `SEVERITY: ${severity}\nWHERE: ${where}\nWHAT: ${what.join(' ') || `problem ${i + 1}`}\nWHY: it is\n`
    }
    const text = Array.isArray(reply) ? `${reply.map(block).join('\n')}\nVERDICT: hold` : replyText(reply)
    return read(name, 'b', text)
  })
  const bundle = { id: 'b', component: 'c', part: 1, parts: 1, files, paths: files.map((f) => f.path), bytes: 0, text: '', numbered: false }
  const tally = tallyReviews({ reviewers, bundles: [bundle], reviews, index: indexDiff(files), lineWindow: DEFAULT_LINE_WINDOW })
  return tally.groups
    .map((g) =>
      [
        locationText(g.location.path, g.location.startLine, g.location.endLine),
        g.severity,
        [...g.reviewers].sort().join('+'),
        ...(g.convergent ? ['convergent'] : []),
      ].join(' '),
    )
    .sort()
}

describe('grouping corpus: agreement is one-to-one across lineages', () => {
  it.each(Object.keys(cases))('%s', (name) => {
    expect(groupsOf(cases[name]!)).toEqual([...cases[name]!.groups].sort())
  })

  it('reports grouping accuracy over the corpus', () => {
    let right = 0
    let total = 0
    let exact = 0
    for (const c of Object.values(cases)) {
      const got = groupsOf(c)
      const hits = c.groups.filter((g) => got.includes(g)).length
      right += hits
      total += Math.max(c.groups.length, got.length)
      if (hits === c.groups.length && got.length === c.groups.length) exact++
    }
    const n = Object.keys(cases).length
    console.log(`grouping corpus: ${n} cases, ${exact}/${n} exact; groups ${right}/${total} right (${pct(right, total)})`)
    expect([right, exact]).toEqual([total, n])
  })
})

const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`)
