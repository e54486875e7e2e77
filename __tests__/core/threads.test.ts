// Review threads, planned from plain values: which convergent findings become
// line comments, their bodies and suggestions, their identity across commits,
// and which of our threads are kept, restored or resolved.
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import type { FileDiff } from '../../src/core/diff/types.ts'
import { planThreads, type ExistingThread, type ThreadPlan } from '../../src/core/render/thread-plan.ts'
import { hasGoneNote, withGoneNote, withoutGoneNote } from '../../src/core/render/thread.ts'
import { threadsSection } from '../../src/core/render/threads-summary.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { Reviewer } from '../../src/core/reply/types.ts'
import { assess } from '../../src/core/verdict/assess.ts'
import type { Report } from '../../src/core/verdict/types.ts'
import { demoDiff, demoDiffMovedDown } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const REVIEWERS: Reviewer[] = [
  ['opus', 'anthropic'],
  ['kimi', 'moonshotai'],
  ['qwen', 'qwen'],
].map(([name = '', lineage = '']) => ({ name, model: `${lineage}/m`, lineage, baseURL: 'http://x', keySource: 'api-key' }))
const HEAD = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe'
const RL = 'services/gateway/src/ratelimit.ts'

// Longer than any fence a test's fix holds.
const FENCE = '`````'

interface Block {
  where: string
  severity?: string
  what?: string
  fix?: string
}
const block = (b: Block): string =>
  `SEVERITY: ${b.severity ?? 'BLOCK'}\nWHERE: ${b.where}\nWHAT: ${b.what ?? `Problem at ${b.where}.`}\nWHY: Shown.\n` +
  (b.fix === undefined ? '' : `FIX:\n${FENCE}\n${b.fix}\n${FENCE}\n`)

/** A report on `diff` where each reviewer answers every bundle with its blocks (or ship). */
function reportOf(
  replies: Partial<Record<string, Block[]>>,
  options: { diff?: string; files?: FileDiff[]; failed?: string | string[] } = {},
): Report {
  const plan = planFiles(options.files ?? parseUnifiedDiff(options.diff ?? demoDiff()), {})
  const reviews = plan.bundles.flatMap((b) =>
    REVIEWERS.map((r) => {
      const blocks = replies[r.name] ?? []
      const reply = `${blocks.map(block).join('\n')}\nVERDICT: ${blocks.length > 0 ? 'hold' : 'ship'}`
      const failed = [options.failed ?? []].flat().includes(r.name)
      const call = {
        reviewer: r.name,
        bundleId: b.id,
        reply: failed ? '' : reply,
        latencyMs: 1,
        tokensIn: 1,
        tokensOut: 99,
        finishReason: 'stop',
      }
      return toReview(failed ? { ...call, outcome: 'failed', reason: 'HTTP 500' } : { ...call, outcome: 'answered' }, b)
    }),
  )
  return assess({
    plan,
    reviews,
    reviewers: REVIEWERS,
    policy: { failOn: 'convergent-block', minReviewers: 2, lineWindow: 3 },
    label: 'pr',
  })
}

const both = (...blocks: Block[]): Partial<Record<string, Block[]>> => ({ opus: blocks, kimi: blocks })
const plan = (report: Report, existing: ExistingThread[] = [], max = 25): ThreadPlan =>
  planThreads(report, existing, { max, headSha: HEAD })
/** The threads a plan's comments would start, as GitHub lists them on the next run. */
const threadsOf = (p: ThreadPlan, resolved = false): ExistingThread[] =>
  p.comments.map((c, i) => ({ id: `T${i}`, resolved, path: c.path, body: c.body, commentId: 100 + i }))

describe('planThreads: which convergent findings become line comments', () => {
  it('puts two convergent findings on changed lines into one review of RIGHT-side comments naming the reviewers', () => {
    const p = plan(reportOf(both({ where: `${RL}:30` }, { where: 'services/gateway/src/server.ts:20-21', severity: 'WARN' })))
    expect(p.comments.map(({ body: _b, ...c }) => c)).toEqual([
      { path: RL, line: 30, side: 'RIGHT' },
      { path: 'services/gateway/src/server.ts', start_line: 20, line: 21, side: 'RIGHT', start_side: 'RIGHT' },
    ])
    const [first] = p.comments
    expect(first?.body).toMatch(
      /^<!-- cross-lineage-review:thread [0-9a-f]{8} [0-9a-f.]+ [0-9a-f.]* -->\n\*\*BLOCK\*\* · convergent: \*\*opus\*\* and \*\*kimi\*\* \(2 lineages\)/,
    )
    expect(first?.body).toContain(`- **opus** (BLOCK): Problem at services/gateway/src/ratelimit.ts:30. _Why:_ Shown.`)
    expect(p.reviewBody).toMatch(/^\*\*Cross-lineage review\*\* at `c0ffee0`: 2 finding\(s\)/)
    expect([p.kept, p.resolve, p.overflow]).toEqual([[], [], []])
  })

  it('comments on no off-diff, unknown-path, single-lineage or in-context finding', () => {
    // Mark load.ts line 1 as context added by `context: function`: shown to reviewers, not part of the diff.
    const files = parseUnifiedDiff(demoDiff()).map((f) =>
      f.path !== 'packages/config/src/load.ts'
        ? f
        : { ...f, hunks: f.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => (l.newLine === 1 ? { ...l, extended: true } : l)) })) },
    )
    const report = reportOf(
      {
        opus: [{ where: `${RL}:90` }, { where: 'nope.ts:3' }, { where: `${RL}:19` }, { where: 'packages/config/src/load.ts:1' }],
        kimi: [{ where: `${RL}:90` }, { where: 'nope.ts:3' }, { where: 'packages/config/src/load.ts:1' }],
      },
      { files },
    )
    expect(report.tally.groups.filter((g) => g.convergent).map((g) => g.location.label)).toEqual(['in-context', 'off-diff'])
    expect(plan(report).comments).toEqual([])
  })

  it('comments on no file whose path held a secret (redacted, GitHub could not resolve it)', () => {
    const diff = `${demoDiff()}diff --git a/deploy/[redacted]/a.env b/deploy/[redacted]/a.env\nnew file mode 100644\n--- /dev/null\n+++ b/deploy/[redacted]/a.env\n@@ -0,0 +1 @@\n+A=1\ndiff --git a/k/ghp_abcdefghijklmnopqrstuvwxyz0123/b.env b/k/ghp_abcdefghijklmnopqrstuvwxyz0123/b.env\nnew file mode 100644\n--- /dev/null\n+++ b/k/ghp_abcdefghijklmnopqrstuvwxyz0123/b.env\n@@ -0,0 +1 @@\n+B=1\n`
    const report = reportOf(both({ where: 'deploy/[redacted]/a.env:1' }, { where: 'k/ghp_abcdefghijklmnopqrstuvwxyz0123/b.env:1' }), {
      diff,
    })
    expect(report.tally.groups.filter((g) => g.convergent && g.location.label === 'in-diff')).toHaveLength(2)
    expect(plan(report).comments).toEqual([])
  })

  it('comments a range that leaves the diff on its first line only (GitHub refuses a range across hunks)', () => {
    const diff = `diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,3 +1,3 @@\n a1\n-a2\n+A2\n a3\n@@ -10,3 +10,3 @@\n a10\n-a11\n+A11\n a12\n`
    const p = plan(reportOf(both({ where: 'a.ts:2-11' }), { diff }))
    expect(p.comments.map(({ body: _b, ...c }) => c)).toEqual([{ path: 'a.ts', line: 2, side: 'RIGHT' }])
  })

  it('keeps at most max open threads, most severe first, and lists the rest as overflow', () => {
    const report = reportOf(
      both(
        { where: `${RL}:19`, severity: 'INFO' },
        { where: `${RL}:30` },
        { where: 'services/gateway/src/server.ts:21', severity: 'WARN' },
      ),
    )
    const first = plan(report, [], 2)
    expect(first.comments.map((c) => c.line)).toEqual([30, 21])
    expect(first.overflow.map((g) => [g.severity, g.location.startLine])).toEqual([['INFO', 19]])
    // The two threads are open: the next run has no room left for the INFO finding either.
    const again = plan(report, threadsOf(first), 2)
    expect([again.comments, again.kept.length, again.overflow.length]).toEqual([[], 2, 1])
  })

  it('counts an open thread toward the limit, but not one a person resolved', () => {
    const block30 = { where: `${RL}:30` }
    const warn21 = { where: 'services/gateway/src/server.ts:21', severity: 'WARN' }
    const first = plan(reportOf(both(block30)), [], 1)
    // Still open: the new WARN has no room.
    const open = plan(reportOf(both(block30, warn21)), threadsOf(first), 1)
    expect([open.comments, open.overflow.map((g) => g.severity)]).toEqual([[], ['WARN']])
    // Resolved by a person: it stays resolved and takes no place.
    const dismissed = plan(reportOf(both(block30, warn21)), threadsOf(first, true), 1)
    expect([dismissed.comments.map((c) => c.line), dismissed.dismissed, dismissed.reopen]).toEqual([[21], 1, []])
  })

  it('gives a new BLOCK a thread before an INFO thread already open takes the last place', () => {
    const info = { where: `${RL}:19`, severity: 'INFO' }
    const first = plan(reportOf(both(info)), [], 1)
    expect(first.comments.map((c) => c.line)).toEqual([19])
    const second = plan(reportOf(both(info, { where: `${RL}:30` })), threadsOf(first), 1)
    expect([second.comments.map((c) => c.line), second.kept.map((t) => t.id), second.overflow]).toEqual([[30], ['T0'], []])
  })
})

describe('planThreads: one thread per finding across runs and commits', () => {
  it('posts nothing on a second run that finds the same findings', () => {
    const report = reportOf(both({ where: `${RL}:30` }, { where: 'services/gateway/src/server.ts:21' }))
    const first = plan(report)
    const second = plan(report, threadsOf(first))
    expect(second.comments).toEqual([])
    expect(second.kept.map((t) => t.id)).toEqual(['T0', 'T1'])
    expect([second.resolve, second.reopen]).toEqual([[], []])
  })

  it('keeps the thread of a finding whose code moved on a new commit, and of one cited 30 once and 29-30 next', () => {
    const first = plan(reportOf(both({ where: `${RL}:30` })))
    // Three lines inserted above: the finding is now at line 33.
    const moved = demoDiffMovedDown()
    const second = plan(reportOf(both({ where: `${RL}:33` }), { diff: moved }), threadsOf(first))
    expect([second.comments, second.kept.map((t) => t.id), second.resolve]).toEqual([[], ['T0'], []])
    const widened = plan(reportOf({ opus: [{ where: `${RL}:29-30` }], kimi: [{ where: `${RL}:29-30` }] }), threadsOf(first))
    expect([widened.comments, widened.kept.map((t) => t.id)]).toEqual([[], ['T0']])
  })

  it("gives a new finding on a line that repeats a gone finding's text a thread of its own", () => {
    const go = ['func get(key string) string {', '\tv := load(key)', '\treturn cache.get(key)', '}', 'func put(key string) string {']
    const diff = `diff --git a/a.go b/a.go\nnew file mode 100644\n--- /dev/null\n+++ b/a.go\n@@ -0,0 +1,9 @@\n${[...go, '\tw := store(key)', '\treturn cache.get(key)', '}', '// end'].map((l) => `+${l}`).join('\n')}\n`
    const first = plan(reportOf(both({ where: 'a.go:3' }), { diff }))
    const second = plan(reportOf(both({ where: 'a.go:7' }), { diff }), threadsOf(first))
    expect([second.comments.map((c) => c.line), second.kept, second.resolve.map((t) => t.id)]).toEqual([[7], [], ['T0']])
  })

  it('does not let a one-line finding inside a long span that went away take over its thread', () => {
    const diff = `diff --git a/a.ts b/a.ts\nnew file mode 100644\n--- /dev/null\n+++ b/a.ts\n@@ -0,0 +1,12 @@\n${Array.from({ length: 12 }, (_, i) => `+const v${i + 1} = ${i + 1}`).join('\n')}\n`
    const first = plan(reportOf(both({ where: 'a.ts:2-10' }), { diff }))
    const second = plan(reportOf(both({ where: 'a.ts:6' }), { diff }), threadsOf(first))
    expect([second.comments.map((c) => c.line), second.resolve.map((t) => t.id)]).toEqual([[6], ['T0']])
    // The same span still reported keeps its thread, and the finding inside it gets its own.
    const third = plan(reportOf(both({ where: 'a.ts:2-10' }, { where: 'a.ts:6' }), { diff }), threadsOf(first))
    expect([third.comments.map((c) => c.line), third.kept.map((t) => t.id)]).toEqual([[6], ['T0']])
  })

  it('continues a thread whose marker was posted before context was kept, matching its lines alone', () => {
    const report = reportOf(both({ where: `${RL}:30` }))
    const old = threadsOf(plan(report)).map((t) => ({ ...t, body: t.body.replace(/^(<!-- \S+ \S+ \S+) \S* -->/, '$1 -->') }))
    expect(old[0]?.body).toMatch(/^<!-- cross-lineage-review:thread [0-9a-f]{8} [0-9a-f]{8} -->/)
    const again = plan(report, old)
    expect([again.comments, again.kept.map((t) => t.id)]).toEqual([[], ['T0']])
  })

  it('resolves our thread whose finding went away, keeps the other, and never touches a thread we did not start', () => {
    const first = plan(reportOf(both({ where: `${RL}:30` }, { where: 'services/gateway/src/server.ts:21' })))
    const foreign: ExistingThread = { id: 'F', resolved: false, path: RL, body: `Quoting the bot:\n${first.comments[0]?.body ?? ''}` }
    const second = plan(reportOf(both({ where: `${RL}:30` })), [...threadsOf(first), foreign])
    expect(second.kept.map((t) => t.id)).toEqual(['T0'])
    expect(second.resolve.map((t) => t.id)).toEqual(['T1'])
    expect(second.comments).toEqual([])
  })

  it('does not resolve a thread on a file whose review is incomplete this run', () => {
    const first = plan(reportOf(both({ where: `${RL}:30` })))
    // kimi failed: the finding is not convergent, but nobody can say it went away.
    const second = plan(reportOf({ opus: [{ where: `${RL}:30` }] }, { failed: 'kimi' }), threadsOf(first))
    expect(second.resolve).toEqual([])
  })

  it('resolves it when the one reviewer missing could not make anything convergent there, but not with two missing', () => {
    const first = plan(reportOf(both({ where: `${RL}:30` })))
    // qwen failed, opus and kimi no longer report it: qwen alone cannot make a finding convergent.
    expect(plan(reportOf({}, { failed: 'qwen' }), threadsOf(first)).resolve.map((t) => t.id)).toEqual(['T0'])
    // Two lineages missing could agree on it unseen.
    expect(plan(reportOf({}, { failed: ['qwen', 'kimi'] }), threadsOf(first)).resolve).toEqual([])
    // One missing beside another lineage's single finding on the file: the two could have agreed.
    const beside = plan(reportOf({ opus: [{ where: `${RL}:14` }] }, { failed: 'qwen' }), threadsOf(first))
    expect(beside.resolve).toEqual([])
  })

  it('leaves a thread someone resolved alone, and does not post its finding again', () => {
    const report = reportOf(both({ where: `${RL}:30` }))
    const again = plan(report, threadsOf(plan(report), true))
    expect([again.comments, again.kept, again.resolve, again.dismissed]).toEqual([[], [], [], 1])
  })

  it('reopens a thread it resolved itself when its finding is reported again, and counts it as open', () => {
    const report = reportOf(both({ where: `${RL}:30` }))
    const ours = threadsOf(plan(report), true).map((t) => ({ ...t, resolvedByUs: true }))
    const again = plan(report, ours, 1)
    expect([again.comments, again.reopen.map((t) => t.id), again.kept.map((t) => t.id), again.dismissed]).toEqual([[], ['T0'], ['T0'], 0])
  })

  it('takes back the "no longer reported" note of a thread whose finding came back', () => {
    const report = reportOf(both({ where: `${RL}:30` }))
    const [thread] = threadsOf(plan(report))
    const marked = { ...thread!, body: withGoneNote(thread!.body, HEAD) }
    expect(plan(report, [marked]).restore).toEqual([{ thread: marked, body: thread!.body }])
  })
})

describe('thread bodies: suggestions only for an agreed fix of exactly the commented lines', () => {
  const body = (replies: Partial<Record<string, Block[]>>): string => plan(reportOf(replies)).comments[0]?.body ?? ''
  const fix = '  if (bucket.tokens <= 0) return false'

  it('offers a suggestion when two lineages propose the same fix for exactly the commented lines', () => {
    const b = body(both({ where: `${RL}:30`, fix }))
    expect(b).toContain(`**opus** and **kimi** propose the same fix for these lines:\n\n\`\`\`suggestion\n${fix}\n\`\`\`\n`)
  })

  it('shows different fixes as plain code, without a suggestion', () => {
    const b = body({ opus: [{ where: `${RL}:30`, fix }], kimi: [{ where: `${RL}:30`, fix: '  if (bucket.tokens < 1) return false' }] })
    expect(b).not.toContain('```suggestion')
    expect(b).toContain('Proposed fixes, not offered as a suggestion (the reviewers propose different fixes):')
    expect(b).toContain(`**opus** (for line 30):\n\n\`\`\`\n${fix}\n\`\`\``)
    expect(b).toContain('**kimi** (for line 30):\n\n```\n  if (bucket.tokens < 1) return false\n```')
  })

  it.each([
    ['one lineage proposes it', { opus: [{ where: `${RL}:30`, fix }], kimi: [{ where: `${RL}:30` }] }],
    [
      'it replaces lines 30-31, not exactly the commented lines',
      { opus: [{ where: `${RL}:30-31`, fix }], kimi: [{ where: `${RL}:30`, fix }] },
    ],
    ['it would change nothing', both({ where: `${RL}:30`, fix: '  if (bucket.tokens < 0) return false' })],
    ['it carries diff line numbers or markers', both({ where: `${RL}:30`, fix: '30 +  if (bucket.tokens <= 0) return false' })],
    [
      'it holds characters a suggestion cannot carry safely',
      both({ where: `${RL}:30`, fix: '  if (bucket.tokens <= 0) return false // \u202E' }),
    ],
  ])('shows the fix as plain code when %s', (reason, replies) => {
    const b = body(replies)
    expect(b).not.toContain('```suggestion')
    expect(b).toContain(`not offered as a suggestion (${reason})`)
  })

  it('keeps model text inert: a fix cannot close its fence, reviewer text cannot mention or inject HTML', () => {
    const hostile = '```\n@octocat <img src=x onerror=alert(1)>\n```'
    const b = body(both({ where: `${RL}:30`, what: '@octocat <b>pwned</b> [link](https://evil)', fix: hostile }))
    expect(b).toContain('````\n' + hostile + '\n````')
    expect(b).toContain('@&#8203;octocat \\<b\\>pwned\\</b\\> \\[link\\]\\(https://evil\\)')
    expect(b).toContain('(it holds characters a suggestion cannot carry safely)')
  })
})

describe('the "no longer reported" note and the sticky comment part', () => {
  it('adds the note after the marker, replaces it, takes it back, and ignores a fix that quotes it', () => {
    const body = '<!-- cross-lineage-review:thread 00000000 11111111 -->\n**BLOCK** · x'
    const noted = withGoneNote(body, HEAD)
    expect(noted.split('\n')[1]).toBe(
      '> **No longer reported at `c0ffee0`:** the reviewers no longer agree on this finding. <!-- cross-lineage-review:gone -->',
    )
    expect(withGoneNote(noted, 'a'.repeat(40))).toBe(withGoneNote(body, 'a'.repeat(40)))
    expect([hasGoneNote(noted), withoutGoneNote(noted)]).toEqual([true, body])
    const quoting = `${body}\n\n\`\`\`\n${noted.split('\n')[1] ?? ''}\n\`\`\``
    expect([hasGoneNote(quoting), withoutGoneNote(quoting)]).toEqual([false, quoting])
  })

  it('says what was posted, kept and resolved, links the review, and lists what the limit left out', () => {
    const overflow = reportOf(both({ where: `${RL}:19`, severity: 'INFO' })).tally.groups
    const lines = threadsSection({
      posted: 2,
      reviewUrl: 'https://github.com/octo/widgets/pull/7#pullrequestreview-80',
      kept: 1,
      resolved: 1,
      markedGone: 0,
      reopened: 0,
      dismissed: 0,
      overflow,
      max: 3,
      problems: [],
    })
    expect(lines).toEqual([
      '**Review threads**: 2 new on the changed lines ([review](https://github.com/octo/widgets/pull/7#pullrequestreview-80)) · 1 still open from an earlier run · 1 resolved (no longer reported).',
      '',
      '_1 more convergent finding(s) on the changed lines have no review thread (max-inline-comments 3): INFO services/gateway/src/ratelimit.ts:19._',
      '',
    ])
    expect(
      threadsSection({
        posted: 1,
        reviewUrl: 'javascript:alert(1)',
        kept: 0,
        resolved: 0,
        markedGone: 0,
        reopened: 0,
        dismissed: 0,
        overflow: [],
        max: 3,
        problems: [],
      }),
    ).toEqual(['**Review threads**: 1 new on the changed lines.', ''])
  })
})
