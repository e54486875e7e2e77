import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { evaluateGate } from '../../src/core/verdict/gate.ts'
import { indexDiff, locate } from '../../src/core/verdict/locate.ts'
import { newSideLines } from '../../src/core/diff/hunks.ts'
import { DEFAULT_EXCLUDE } from '../../src/core/plan/select.ts'
import { tallyReviews } from '../../src/core/verdict/tally.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { CallResult, Review, Reviewer } from '../../src/core/reply/types.ts'
import { planFiles } from '../helpers/plan.ts'
import type { FailOn } from '../../src/core/verdict/types.ts'
import { demoDiff } from '../helpers/fixtures.ts'
import { annotationsFor } from '../../src/core/render/check.ts'

const files = parseUnifiedDiff(demoDiff())
const index = indexDiff(files)
const plan = planFiles(files, { exclude: DEFAULT_EXCLUDE, bundleMaxBytes: 60_000, bundleHardMaxBytes: 100_000, numberedLines: false })
const gateway = plan.bundles.find((b) => b.component === 'services/gateway')!
const config = plan.bundles.find((b) => b.component === 'packages/config')!

const reviewer = (name: string, lineage = name): Reviewer => ({
  name,
  model: `${lineage}/m`,
  lineage,
  baseURL: 'http://x',
  keySource: 'api-key',
})
const reviewers = [reviewer('opus', 'anthropic'), reviewer('kimi', 'moonshotai'), reviewer('qwen', 'qwen')]

/** A call as the fan-out would have made it, read into a Review the way the pipeline does. */
function result(
  name: string,
  bundleId: string,
  reply: string,
  status: 'complete' | 'incomplete' = 'complete',
  reason?: string,
  extra: Partial<CallResult> & { bundleBytes?: number } = {},
): Review {
  const { bundleBytes = gateway.bytes, ...call } = extra
  return toReview(
    {
      reviewer: name,
      bundleId,
      outcome: status === 'complete' ? 'answered' : 'failed',
      ...(reason ? { reason } : {}),
      reply,
      latencyMs: 1,
      tokensIn: 1000,
      tokensOut: 100,
      finishReason: 'stop',
      ...call,
    },
    { bytes: bundleBytes, paths: gateway.paths },
  )
}
const block = (where: string, severity = 'BLOCK'): string =>
  `SEVERITY: ${severity}\nWHERE: ${where}\nWHAT: problem at ${where}\nWHY: because\n`
const reply = (...blocks: string[]): string => `${blocks.join('\n')}\nVERDICT: hold - see above`
const shipAll = (bundleId: string, names = ['opus', 'kimi', 'qwen']): Review[] =>
  names.map((n) => result(n, bundleId, 'VERDICT: ship - fine'))

describe('locate', () => {
  it('labels lines the diff shows in-diff and others off-diff', () => {
    expect(locate({ path: 'services/gateway/src/server.ts', startLine: 21 }, '', index)).toMatchObject({ label: 'in-diff', startLine: 21 })
    expect(locate({ path: 'services/gateway/src/server.ts', startLine: 40 }, '', index)).toMatchObject({ label: 'off-diff', startLine: 40 })
  })

  it('strips a/ b/ ./ prefixes and resolves a unique path suffix', () => {
    expect(locate({ path: 'b/packages/config/src/load.ts', startLine: 12 }, '', index)).toMatchObject({
      path: 'packages/config/src/load.ts',
      label: 'in-diff',
    })
    expect(locate({ path: './load.ts', startLine: 12 }, '', index)).toMatchObject({ path: 'packages/config/src/load.ts', label: 'in-diff' })
    expect(locate({ path: 'ratelimit.ts', startLine: 3 }, '', index)).toMatchObject({ path: 'services/gateway/src/ratelimit.ts' })
  })

  it('does not guess between two files with the same suffix', () => {
    const two = indexDiff(
      parseUnifiedDiff(
        'diff --git a/x/a.ts b/x/a.ts\n--- a/x/a.ts\n+++ b/x/a.ts\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/y/a.ts b/y/a.ts\n--- a/y/a.ts\n+++ b/y/a.ts\n@@ -1 +1 @@\n-a\n+b\n',
      ),
    )
    expect(locate({ path: 'a.ts', startLine: 1 }, 'a.ts:1', two).label).toBe('unknown-path')
  })

  it('resolves a symbol to the line that defines or changes it', () => {
    expect(locate({ path: 'services/gateway/src/ratelimit.ts', symbol: 'allow' }, '', index)).toMatchObject({
      label: 'in-diff',
      startLine: 23,
    })
    expect(locate({ path: 'services/gateway/src/ratelimit.ts', symbol: 'nowhere' }, '', index)).toMatchObject({ label: 'file-level' })
  })

  it('survives a hostile range of a billion lines', () => {
    expect(locate({ path: 'services/gateway/src/server.ts', startLine: 1, endLine: 1_000_000_000 }, '', index)).toMatchObject({
      startLine: 1,
      endLine: 24,
      label: 'in-diff',
    })
    expect(locate({ path: 'services/gateway/src/server.ts', startLine: 500, endLine: 1_000_000_000 }, '', index)).toMatchObject({
      label: 'off-diff',
    })
  })

  it('clips a range to the lines the diff shows', () => {
    expect(locate({ path: 'services/gateway/src/server.ts', startLine: 19, endLine: 30 }, '', index)).toMatchObject({
      startLine: 19,
      endLine: 24,
    })
  })
})

describe('tallyReviews', () => {
  it('counts a location flagged by two lineages as convergent, max severity, distinct = all locations', () => {
    const tally = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway],
      index,
      reviews: [
        result(
          'opus',
          gateway.id,
          reply(block('services/gateway/src/ratelimit.ts:30'), block('services/gateway/src/ratelimit.ts:14', 'WARN')),
        ),
        result('kimi', gateway.id, reply(block('`services/gateway/src/ratelimit.ts:L30`', 'WARN'))),
        result('qwen', gateway.id, 'VERDICT: ship'),
      ],
    })
    expect(tally.convergent).toBe(1)
    expect(tally.distinct).toBe(2)
    expect(tally.groups[0]).toMatchObject({
      key: 'services/gateway/src/ratelimit.ts:30',
      severity: 'BLOCK',
      reviewers: ['opus', 'kimi'],
      convergent: true,
    })
    expect(tally.groups[1]).toMatchObject({ convergent: false, reviewers: ['opus'] })
  })

  it('does not count one reviewer repeating itself as convergence: each of its findings is its own group', () => {
    const tally = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway],
      index,
      reviews: [
        result(
          'opus',
          gateway.id,
          reply(
            block('services/gateway/src/ratelimit.ts:30'),
            block('services/gateway/src/ratelimit.ts:31'),
            block('services/gateway/src/ratelimit.ts:32'),
          ),
        ),
      ],
    })
    expect(tally.convergent).toBe(0)
    expect(tally.groups.map((g) => [g.location.startLine, g.findings.length, g.convergent])).toEqual([
      [30, 1, false],
      [31, 1, false],
      [32, 1, false],
    ])
  })

  it('counts a finding one reviewer repeats word for word (say, on two bundles) once', () => {
    const tally = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway, config],
      index,
      reviews: [
        result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
        result('opus', config.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
        result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
      ],
    })
    expect(tally.groups.map((g) => [g.reviewers, g.convergent])).toEqual([[['opus', 'kimi'], true]])
    expect(tally.perReviewer.find((r) => r.reviewer === 'opus')!.findings).toBe(1)
  })

  it('does not count two reviewers of one lineage as convergence, nor put them in one group', () => {
    const sameLab = [reviewer('opus', 'anthropic'), reviewer('sonnet', 'anthropic')]
    const tally = tallyReviews({
      lineWindow: 3,
      reviewers: sameLab,
      bundles: [gateway],
      index,
      reviews: [
        result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
        result('sonnet', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
      ],
    })
    expect(tally.groups.map((g) => [g.reviewers, g.lineages, g.convergent])).toEqual([
      [['opus'], ['anthropic'], false],
      [['sonnet'], ['anthropic'], false],
    ])
  })

  it("treats a reply with neither findings nor verdict as incomplete, and ignores incomplete replies' findings", () => {
    const tally = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway],
      index,
      reviews: [
        result('opus', gateway.id, 'I cannot help with that.'),
        result(
          'kimi',
          gateway.id,
          reply(block('services/gateway/src/ratelimit.ts:30')),
          'incomplete',
          'reply cut off at max-tokens (finish_reason length)',
        ),
        result('qwen', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
      ],
    })
    expect(tally.incomplete.map((i) => [i.reviewer, i.reason])).toEqual([
      ['opus', 'reply had no parseable finding and no VERDICT line'],
      ['kimi', 'reply cut off at max-tokens (finish_reason length)'],
    ])
    expect(tally.convergent).toBe(0)
    expect(tally.coverage[0]).toMatchObject({ complete: ['qwen'] })
  })

  // Issue-12 audit: a reply read only in part must not lose what was read (two lineages' BLOCK at one line passed the gate).
  it('counts the findings of a reply read only in part, which does not count toward min-reviewers', () => {
    const partly = `${block('services/gateway/src/ratelimit.ts:30')}\n- \`services/gateway/src/server.ts:21\` — leaks the stack.\n\nVERDICT: hold`
    const reviews = [
      result('opus', gateway.id, partly),
      result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
      result('qwen', gateway.id, 'VERDICT: ship - fine'),
    ]
    const tally = tallyReviews({ lineWindow: 3, reviewers, bundles: [gateway], index, reviews })
    expect(tally.incomplete.map((i) => i.reviewer)).toEqual(['opus'])
    expect(tally.coverage[0]).toMatchObject({ complete: ['kimi', 'qwen'] })
    expect(tally.groups.filter((g) => g.convergent).map((g) => [g.severity, g.reviewers])).toEqual([['BLOCK', ['opus', 'kimi']]])
    expect(evaluateGate(tally, { failOn: 'convergent-block', minReviewers: 2 }).conclusion).toBe('failure')
  })
})

describe('evaluateGate', () => {
  const convergentWarn = [
    result('opus', gateway.id, reply(block('services/gateway/src/server.ts:21', 'WARN'))),
    result('kimi', gateway.id, reply(block('services/gateway/src/server.ts:21', 'WARN'))),
    result('qwen', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30', 'BLOCK'))),
  ]
  const gate = (reviews: Review[], failOn: FailOn, minReviewers = 2, bundles = [gateway]) =>
    evaluateGate(tallyReviews({ reviewers, bundles, index, reviews, lineWindow: 3 }), { failOn, minReviewers })

  it.each<[FailOn, 'success' | 'failure']>([
    ['convergent-block', 'success'],
    ['convergent-warn', 'failure'],
    ['any-block', 'failure'],
    ['never', 'success'],
  ])('fail-on %s → %s', (failOn, conclusion) => {
    expect(gate(convergentWarn, failOn).conclusion).toBe(conclusion)
  })

  it('fails a convergent BLOCK under the default policy and names it', () => {
    const reviews = [
      result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30'))),
      result('qwen', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30-31'))),
    ]
    expect(gate(reviews, 'convergent-block')).toEqual({
      conclusion: 'failure',
      reasons: ['BLOCK at services/gateway/src/ratelimit.ts:30 (convergent: opus + qwen)'],
    })
  })

  it('never passes with too few complete reviews, whatever the policy', () => {
    const reviews = [
      result('opus', gateway.id, 'VERDICT: ship'),
      result('kimi', gateway.id, '', 'incomplete', 'HTTP 500: upstream error'),
      result('qwen', gateway.id, '', 'incomplete', 'timed out after 240s (timeout-seconds)'),
      ...shipAll(config.id),
    ]
    const verdict = gate(reviews, 'never', 2, [gateway, config])
    expect(verdict.conclusion).toBe('failure')
    expect(verdict.reasons).toEqual([
      `bundle ${gateway.id}: 1 complete review(s), 2 needed (min-reviewers) — kimi: HTTP 500: upstream error; qwen: timed out after 240s (timeout-seconds)`,
    ])
  })

  it('counts complete reviews by lineage: two reviewers of one lineage are one toward min-reviewers', () => {
    const twins = [reviewer('opus', 'anthropic'), reviewer('sonnet', 'anthropic'), reviewer('qwen', 'qwen')]
    const reviews = [
      result('opus', gateway.id, 'VERDICT: ship'),
      result('sonnet', gateway.id, 'VERDICT: ship'),
      result('qwen', gateway.id, '', 'incomplete', 'HTTP 500: upstream error'),
    ]
    const verdict = evaluateGate(tallyReviews({ reviewers: twins, bundles: [gateway], index, reviews, lineWindow: 3 }), {
      failOn: 'convergent-block',
      minReviewers: 2,
    })
    expect(verdict).toEqual({
      conclusion: 'failure',
      reasons: [
        `bundle ${gateway.id}: 2 complete review(s) from 1 lineage(s), 2 lineages needed (min-reviewers) — qwen: HTTP 500: upstream error`,
      ],
    })
  })

  describe('one rule for what is unknown: a failed call, a thin reply and unread text alike', () => {
    const lone = result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:31')))
    const fine = (text: string): Review => result('opus', gateway.id, `${text}\n\nVERDICT: ship`)

    it('passes a lone BLOCK beside a reviewer that calls that line fine: approval is neither a finding nor unread', () => {
      for (const text of [
        'I checked services/gateway/src/ratelimit.ts:31 — it is fine.',
        '## Looks good\n- `services/gateway/src/ratelimit.ts:31` is fine',
        'No issues found in services/gateway/src/ratelimit.ts.',
      ]) {
        const reviews = [fine(text), lone, result('qwen', gateway.id, 'VERDICT: ship')]
        expect(reviews[0]).toMatchObject({ complete: true, parsed: { findings: [], unparsed: [] } })
        expect(gate(reviews, 'convergent-block')).toMatchObject({ conclusion: 'success' })
      }
    })

    it('reads a reservation or a denial as no approval: "is not fine" beside the BLOCK fails as possibly convergent', () => {
      const reviews = [fine('- `services/gateway/src/ratelimit.ts:31` is not fine: two requests share one token'), lone]
      expect(reviews[0]?.complete).toBe(false)
      expect(gate(reviews, 'convergent-block').conclusion).toBe('failure')
    })

    it('puts an uncounted review beside each lone finding of another lineage in its bundle, and nowhere else', () => {
      const configPath = config.paths[0]!
      const configLine = [...newSideLines(files.find((f) => f.path === configPath)!)][0]!
      const kimi = `${block('services/gateway/src/ratelimit.ts:31')}\n${block('services/gateway/src/server.ts:21', 'WARN')}\nVERDICT: hold`
      const reviews = [
        result('opus', gateway.id, '', 'incomplete', 'HTTP 500: upstream error'),
        result('kimi', gateway.id, kimi),
        // qwen agrees on ratelimit.ts:31 (that group is convergent: decided, not unknown) and flags a place of its own.
        result(
          'qwen',
          gateway.id,
          reply(block('services/gateway/src/ratelimit.ts:31', 'INFO'), block('services/gateway/src/ratelimit.ts:12', 'INFO')),
        ),
        result('opus', config.id, 'VERDICT: ship'),
        result('kimi', config.id, reply(block(`${configPath}:${configLine}`))),
        result('qwen', config.id, 'VERDICT: ship'),
      ]
      const tally = tallyReviews({ reviewers, bundles: [gateway, config], index, reviews, lineWindow: 3 })
      const seen = tally.unread.map((u) => [u.reviewer, u.bundleId, `${u.location?.path}:${u.location?.startLine}`, u.beside, u.unknown])
      expect(seen).toEqual([
        ['opus', gateway.id, 'services/gateway/src/server.ts:21', { severity: 'WARN', reviewers: ['kimi'] }, 'HTTP 500: upstream error'],
        ['opus', gateway.id, 'services/gateway/src/ratelimit.ts:12', { severity: 'INFO', reviewers: ['qwen'] }, 'HTTP 500: upstream error'],
      ])
      expect(evaluateGate(tally, { failOn: 'convergent-warn', minReviewers: 2 }).reasons).toEqual([
        expect.stringMatching(/^possibly convergent WARN at services\/gateway\/src\/server\.ts:21: opus's review/),
        'BLOCK at services/gateway/src/ratelimit.ts:31 (convergent: kimi + qwen)',
      ])
    })

    it.each([
      ['a failed call', result('opus', gateway.id, '', 'incomplete', 'HTTP 500: upstream error'), 'HTTP 500: upstream error'],
      ['a thin reply', result('opus', gateway.id, 'ok', 'complete', undefined, { tokensOut: 3, bundleBytes: 200_000 }), 'thin reply'],
    ])('fails a lone BLOCK beside %s of another lineage, as it does beside unread text there', (_, unknown, why) => {
      const reviews = [unknown, lone, result('qwen', gateway.id, 'VERDICT: ship')]
      expect(reviews[0]?.complete).toBe(false)
      const verdict = gate(reviews, 'convergent-block')
      expect(verdict.conclusion).toBe('failure')
      expect(verdict.reasons).toEqual([
        expect.stringContaining(
          `possibly convergent BLOCK at services/gateway/src/ratelimit.ts:31: opus's review of bundle ${gateway.id} is not counted (${why}`,
        ),
      ])
      // A lone WARN is no BLOCK under convergent-block; the same lineage's own finding is never beside it.
      const warn = result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:31', 'WARN')))
      expect(gate([unknown, warn, result('qwen', gateway.id, 'VERDICT: ship')], 'convergent-block').conclusion).toBe('success')
      const own = result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:31')))
      expect(
        gate(
          [own, result('qwen', gateway.id, 'VERDICT: ship'), result('kimi', gateway.id, '', 'incomplete', 'HTTP 500')],
          'convergent-block',
        ).reasons,
      ).toEqual([expect.stringContaining("possibly convergent BLOCK at services/gateway/src/ratelimit.ts:31: kimi's review")])
    })
  })

  describe("a review with text no one could read, near another lineage's finding", () => {
    const unread = (extra = ''): string =>
      `${block('services/gateway/src/server.ts:21', 'INFO')}\n- \`services/gateway/src/ratelimit.ts:30\` — the guard admits one request too many${extra}\n\nVERDICT: hold`
    const others = (severity: string): Review[] => [
      result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:31', severity))),
      result('qwen', gateway.id, 'VERDICT: ship - fine'),
    ]

    it('fails the gate: the unread text may be the second lineage on that BLOCK', () => {
      const reviews = [result('opus', gateway.id, unread()), ...others('BLOCK')]
      expect(reviews[0]?.complete).toBe(false)
      const verdict = gate(reviews, 'convergent-block')
      expect(verdict).toEqual({
        conclusion: 'failure',
        reasons: [
          'possibly convergent BLOCK at services/gateway/src/ratelimit.ts:30: opus wrote something there that could not be read as a finding, beside kimi (BLOCK); its text is under "Unparsed replies"',
        ],
      })
    })

    it('fails it too for a reply with no readable finding that cites the place in prose', () => {
      const prose = 'The guard at services/gateway/src/ratelimit.ts:30 lets one request too many through.\n\nVERDICT: hold'
      const reviews = [result('opus', gateway.id, prose), ...others('BLOCK')]
      expect(reviews[0]?.complete).toBe(false)
      expect(gate(reviews, 'convergent-block').reasons).toEqual([
        'possibly convergent BLOCK at services/gateway/src/ratelimit.ts:30: opus wrote something there that could not be read as a finding, beside kimi (BLOCK); its text is under "Unparsed replies"',
      ])
      // Far from any other lineage's finding, it only makes that review incomplete.
      const far = [result('opus', gateway.id, prose.replace(':30', ':14')), ...others('BLOCK')]
      expect(gate(far, 'convergent-block').conclusion).toBe('success')
    })

    it('counts only other lineages within line-window of the unread place, and names the gravest', () => {
      const at = (line: number, severity = 'BLOCK', name = 'kimi'): Review =>
        result(name, gateway.id, reply(block(`services/gateway/src/ratelimit.ts:${line}`, severity)))
      const opus = result('opus', gateway.id, unread())
      // Three lines away is within the window; four is not; another file at the same line is not.
      expect(gate([opus, at(33), shipAll(gateway.id, ['qwen'])[0]!], 'convergent-block').conclusion).toBe('failure')
      expect(gate([opus, at(26), shipAll(gateway.id, ['qwen'])[0]!], 'convergent-block').conclusion).toBe('success')
      const otherFile = result('kimi', gateway.id, reply(block('services/gateway/src/server.ts:30')))
      expect(gate([opus, otherFile, shipAll(gateway.id, ['qwen'])[0]!], 'convergent-block').conclusion).toBe('success')
      // The gravest of two lineages beside it: qwen's BLOCK, not kimi's WARN.
      expect(gate([opus, at(31, 'WARN'), at(29, 'BLOCK', 'qwen')], 'convergent-block').reasons).toContain(
        'possibly convergent BLOCK at services/gateway/src/ratelimit.ts:30: opus wrote something there that could not be read as a finding, beside qwen (BLOCK); its text is under "Unparsed replies"',
      )
    })

    it("is not beside the unread reviewer's own finding: one lineage is never convergent with itself", () => {
      const own = `${block('services/gateway/src/ratelimit.ts:31')}\n- \`services/gateway/src/ratelimit.ts:30\` — the guard admits one request too many\n\nVERDICT: hold`
      const reviews = [result('opus', gateway.id, own), ...shipAll(gateway.id, ['kimi', 'qwen'])]
      expect(reviews[0]?.complete).toBe(false)
      expect(gate(reviews, 'convergent-block').conclusion).toBe('success')
    })

    it('makes a WARN beside it a BLOCK when the unread text itself says BLOCK', () => {
      const says = `${block('services/gateway/src/server.ts:21', 'INFO')}\n- \`services/gateway/src/ratelimit.ts:30\` — a critical race: two requests share one token\n\nVERDICT: hold`
      const reviews = [result('opus', gateway.id, says), ...others('WARN')]
      expect(reviews[0]?.complete).toBe(false)
      expect(gate(reviews, 'convergent-block').reasons).toEqual([
        'possibly convergent BLOCK at services/gateway/src/ratelimit.ts:30: opus wrote something there that could not be read as a finding, beside kimi (WARN); its text is under "Unparsed replies"',
      ])
    })

    it('does not fail any-block for unread text that names no BLOCK; under convergent policies, unread text that cites no place is unknown throughout its bundle', () => {
      const warn = `${block('services/gateway/src/server.ts:21', 'INFO')}\n- [BLOCK] the limiter is wrong\n\nVERDICT: hold`
      const reviews = [result('opus', gateway.id, warn), ...others('BLOCK')]
      expect(reviews[0]?.complete).toBe(false)
      // It says BLOCK about "the limiter" but cites no place: it may be kimi's BLOCK at ratelimit.ts:31, as a failed call may be.
      const { conclusion, reasons } = gate(reviews, 'convergent-block')
      expect(conclusion).toBe('failure')
      expect(reasons).toEqual([
        expect.stringMatching(
          /^possibly convergent BLOCK at services\/gateway\/src\/ratelimit\.ts:31: opus.s review of bundle \S+ is not counted \(a block that says BLOCK could not be read as a finding/,
        ),
      ])
      const unreadWarn = [result('opus', gateway.id, unread()), ...shipAll(gateway.id, ['kimi', 'qwen'])]
      expect(gate(unreadWarn, 'any-block').conclusion).toBe('success')
      expect(gate(unreadWarn, 'never').conclusion).toBe('success')
    })

    it('does not fail it for a WARN under convergent-block, but does under convergent-warn', () => {
      const reviews = [result('opus', gateway.id, unread()), ...others('WARN')]
      expect(gate(reviews, 'convergent-block').conclusion).toBe('success')
      expect(gate(reviews, 'convergent-warn').reasons).toEqual([
        'possibly convergent WARN at services/gateway/src/ratelimit.ts:30: opus wrote something there that could not be read as a finding, beside kimi (WARN); its text is under "Unparsed replies"',
      ])
    })

    it('fails any-block when the unread text itself says BLOCK, with nobody beside it', () => {
      const reviews = [
        result(
          'opus',
          gateway.id,
          `${block('services/gateway/src/server.ts:21', 'INFO')}\n[BLOCK] The limiter admits one request too many.\n\nVERDICT: hold`,
        ),
        ...shipAll(gateway.id, ['kimi', 'qwen']),
      ]
      expect(reviews[0]?.complete).toBe(false)
      expect(gate(reviews, 'any-block').reasons).toEqual([
        'possibly a BLOCK: opus wrote a BLOCK that could not be read as a finding; its text is under "Unparsed replies"',
      ])
      expect(gate(reviews, 'convergent-block').conclusion).toBe('success')
    })
  })

  it('passes when every bundle has enough clean reviews, and says so', () => {
    expect(gate([...shipAll(gateway.id), ...shipAll(config.id)], 'convergent-block', 3, [gateway, config])).toEqual({
      conclusion: 'success',
      reasons: ['no finding fails the fail-on policy (convergent-block); every bundle has 3+ complete reviews'],
    })
  })

  it('under any-block fails a group holding one BLOCK among other severities, naming a lone reviewer without "convergent"', () => {
    const mixed = [
      result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30', 'WARN'))),
      result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30', 'BLOCK'))),
      result('qwen', gateway.id, reply(block('services/gateway/src/server.ts:21', 'BLOCK'))),
    ]
    expect(gate(mixed, 'any-block').reasons).toEqual([
      'BLOCK at services/gateway/src/ratelimit.ts:30 (convergent: opus + kimi)',
      'BLOCK at services/gateway/src/server.ts:21 (qwen)',
    ])
    const warnOnly = [
      result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30', 'WARN'))),
      ...shipAll(gateway.id, ['kimi', 'qwen']),
    ]
    expect(gate(warnOnly, 'any-block').conclusion).toBe('success')
    // A WARN only one lineage reports does not fail convergent-warn.
    expect(gate(warnOnly, 'convergent-warn').conclusion).toBe('success')
  })

  it('pairs file-level findings most severe first: BLOCK with BLOCK, INFO with INFO', () => {
    const both = reply(block('services/gateway/src/ratelimit.ts', 'INFO'), block('services/gateway/src/ratelimit.ts', 'BLOCK'))
    const tally = tallyReviews({
      reviewers,
      bundles: [gateway],
      index,
      reviews: [
        result('opus', gateway.id, both),
        result(
          'kimi',
          gateway.id,
          // In the other order: pairing by reply order would put opus's INFO with kimi's BLOCK.
          reply(block('services/gateway/src/ratelimit.ts', 'BLOCK'), block('services/gateway/src/ratelimit.ts', 'INFO')),
        ),
      ],
      lineWindow: 3,
    })
    expect(tally.groups.map((g) => g.findings.map((f) => f.severity))).toEqual([
      ['BLOCK', 'BLOCK'],
      ['INFO', 'INFO'],
    ])
  })

  it("lists each bundle's incomplete reviews under that bundle only", () => {
    const reviews = [
      ...shipAll(gateway.id),
      result('qwen', config.id, '', 'incomplete', 'HTTP 500: upstream error'),
      ...shipAll(config.id, ['opus', 'kimi']),
    ]
    const tally = tallyReviews({ reviewers, bundles: [gateway, config], index, reviews, lineWindow: 3 })
    expect(tally.coverage.map((c) => [c.bundleId, c.incomplete.map((i) => i.reviewer)])).toEqual([
      [gateway.id, []],
      [config.id, ['qwen']],
    ])
  })

  it('names a file-level finding by its path alone', () => {
    const fileLevel = [
      result('opus', gateway.id, reply(block('services/gateway/src/ratelimit.ts'))),
      result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts'))),
      result('qwen', gateway.id, 'VERDICT: ship'),
    ]
    expect(gate(fileLevel, 'convergent-block').reasons).toEqual(['BLOCK at services/gateway/src/ratelimit.ts (convergent: opus + kimi)'])
  })

  it('says only the count when a bundle lacks reviews that were never made (no reason to quote)', () => {
    const verdict = gate([result('opus', gateway.id, 'VERDICT: ship')], 'never')
    expect(verdict.reasons).toEqual([`bundle ${gateway.id}: 1 complete review(s), 2 needed (min-reviewers)`])
  })

  it('fails on changes that could not be sent to reviewers, naming the way out', () => {
    const verdict = evaluateGate(
      tallyReviews({ reviewers, bundles: [gateway], index, reviews: shipAll(gateway.id), lineWindow: 3 }),
      { failOn: 'never', minReviewers: 2 },
      [
        { path: 'logo.png', reason: 'binary file' },
        {
          path: 'dump.sql',
          reason: 'GitHub sent no patch for this file (90000 changed lines, too large)',
          gap: 'add it to `exclude` to accept that, or split the pull request',
        },
      ],
    )
    expect(verdict).toEqual({
      conclusion: 'failure',
      reasons: [
        'not reviewed: dump.sql (GitHub sent no patch for this file (90000 changed lines, too large)); add it to `exclude` to accept that, or split the pull request',
      ],
    })
  })

  it('passes with a reason when nothing was reviewable', () => {
    expect(
      evaluateGate(tallyReviews({ reviewers, bundles: [], index, reviews: [], lineWindow: 3 }), {
        failOn: 'convergent-block',
        minReviewers: 2,
      }),
    ).toEqual({ conclusion: 'success', reasons: ['no reviewable changes (see the files not reviewed)'] })
  })
})

describe('fuzzy convergence (line-window)', () => {
  // A 60-line new file: every line 1..60 is a new-side line.
  const big = indexDiff(
    parseUnifiedDiff(
      `diff --git a/src/x.ts b/src/x.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/x.ts\n@@ -0,0 +1,60 @@\n${Array.from({ length: 60 }, (_, i) => `+line${i + 1}${i === 19 ? ' function handler() {' : ''}`).join('\n')}\n`,
    ),
  )
  const bundle = { ...gateway, id: 'src.1-x' }
  const run = (window: number, cites: [string, string][]) =>
    tallyReviews({
      reviewers,
      bundles: [bundle],
      index: big,
      lineWindow: window,
      reviews: reviewers.map((r) =>
        result(r.name, bundle.id, reply(...cites.filter(([who]) => who === r.name).map(([, where]) => block(where)))),
      ),
    })

  it('groups ranges that overlap, and lines within the window', () => {
    const t = run(3, [
      ['opus', 'src/x.ts:42'],
      ['kimi', 'src/x.ts:40-45'],
      ['qwen', 'src/x.ts:45'],
    ])
    expect(t.groups).toHaveLength(1)
    expect(t.groups[0]).toMatchObject({ reviewers: ['kimi', 'opus', 'qwen'], convergent: true })
  })

  it('puts the window edge inside (3 apart groups) and beyond it outside (4 apart does not)', () => {
    expect(
      run(3, [
        ['opus', 'src/x.ts:10'],
        ['kimi', 'src/x.ts:13'],
      ]).convergent,
    ).toBe(1)
    expect(
      run(3, [
        ['opus', 'src/x.ts:10'],
        ['kimi', 'src/x.ts:14'],
      ]).convergent,
    ).toBe(0)
    expect(
      run(0, [
        ['opus', 'src/x.ts:10'],
        ['kimi', 'src/x.ts:11'],
      ]).convergent,
    ).toBe(0)
    expect(
      run(0, [
        ['opus', 'src/x.ts:10-11'],
        ['kimi', 'src/x.ts:11'],
      ]).convergent,
    ).toBe(1)
  })

  it('does not chain: a run of nearby citations splits so every pair in a group is within the window', () => {
    const cites: [string, string][] = [10, 12, 14, 16, 18, 20].map((l, i) => [i % 2 ? 'opus' : 'kimi', `src/x.ts:${l}`])
    const t = run(3, cites)
    const total = t.groups.reduce((n, g) => n + g.findings.length, 0)
    expect(total).toBe(6) // no finding in two groups
    for (const g of t.groups) {
      const lines = g.findings.map((f) => f.location.startLine!)
      expect(Math.max(...lines) - Math.min(...lines)).toBeLessThanOrEqual(3)
    }
    expect(t.groups.length).toBeGreaterThan(1)
  })

  it('matches a symbol with a line citing where it is defined', () => {
    const t = run(3, [
      ['opus', 'src/x.ts:handler'],
      ['qwen', 'src/x.ts:20'],
    ])
    expect(t.groups).toHaveLength(1)
    expect(t.groups[0]!.convergent).toBe(true)
  })

  it('annotates the span the members share', () => {
    const t = run(3, [
      ['opus', 'src/x.ts:40-48'],
      ['kimi', 'src/x.ts:44-50'],
    ])
    expect(t.groups[0]!.location).toEqual({ path: 'src/x.ts', startLine: 44, endLine: 48, label: 'in-diff' })
  })

  it("never puts one reviewer's two findings in one group", () => {
    const t = run(3, [
      ['opus', 'src/x.ts:30'],
      ['opus', 'src/x.ts:31'],
    ])
    expect(t.groups.map((g) => [g.reviewers, g.location.startLine])).toEqual([
      [['opus'], 30],
      [['opus'], 31],
    ])
  })

  it('keeps two bugs on adjacent lines apart when two lineages flag both: two groups, two annotations', () => {
    const t = run(3, [
      ['opus', 'src/x.ts:12'],
      ['opus', 'src/x.ts:13'],
      ['kimi', 'src/x.ts:12'],
      ['kimi', 'src/x.ts:13'],
    ])
    expect(t.groups.map((g) => [g.location.startLine, g.reviewers, g.convergent])).toEqual([
      [12, ['opus', 'kimi'], true],
      [13, ['opus', 'kimi'], true],
    ])
    expect(annotationsFor(t.groups).map((a) => a.start_line)).toEqual([12, 13])
  })

  it('pairs a finding with the nearest finding of another lineage, leaving the farther one alone', () => {
    const t = run(3, [
      ['opus', 'src/x.ts:10'],
      ['kimi', 'src/x.ts:13'],
      ['kimi', 'src/x.ts:11'],
    ])
    expect(t.groups.map((g) => [g.location.startLine, g.location.endLine, g.reviewers, g.convergent])).toEqual([
      [10, 11, ['opus', 'kimi'], true],
      [13, 13, ['kimi'], false],
    ])
  })

  it('at one line, pairs findings of the same severity first', () => {
    const t = tallyReviews({
      reviewers,
      bundles: [bundle],
      index: big,
      lineWindow: 3,
      reviews: [
        result('opus', bundle.id, reply(block('src/x.ts:12', 'WARN'), block('src/x.ts:12', 'BLOCK'))),
        result('kimi', bundle.id, reply(block('src/x.ts:12', 'BLOCK'))),
      ],
    })
    expect(t.groups.map((g) => [g.severity, g.reviewers, g.convergent])).toEqual([
      ['BLOCK', ['opus', 'kimi'], true],
      ['WARN', ['opus'], false],
    ])
  })

  it('groups the same findings the same way whatever order the replies arrive in', () => {
    const cites: [string, string][] = [10, 11, 12, 14, 15, 17].flatMap((l, i): [string, string][] => [
      [reviewers[i % 3]!.name, `src/x.ts:${l}`],
      [reviewers[(i + 1) % 3]!.name, `src/x.ts:${l + (i % 2)}`],
    ])
    const shape = (t: ReturnType<typeof run>) => t.groups.map((g) => `${g.key} ${[...g.reviewers].sort().join('+')}`)
    const forward = shape(run(3, cites))
    const reviews = reviewers.map((r) =>
      result(r.name, bundle.id, reply(...cites.filter(([who]) => who === r.name).map(([, where]) => block(where)))),
    )
    const backward = tallyReviews({ reviewers, bundles: [bundle], index: big, lineWindow: 3, reviews: [...reviews].reverse() })
    expect(shape(backward)).toEqual(forward)
  })
})

describe('120 consecutive lines, each flagged by two lineages', () => {
  const lines = 150
  const file = indexDiff(
    parseUnifiedDiff(
      `diff --git a/src/many.ts b/src/many.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/many.ts\n@@ -0,0 +1,${lines} @@\n${Array.from({ length: lines }, (_, i) => `+const x${i + 1} = ${i}`).join('\n')}\n`,
    ),
  )
  const severities = ['BLOCK', 'WARN', 'INFO'] as const
  const findings = Array.from({ length: 120 }, (_, i) => block(`src/many.ts:${i + 11}`, severities[i % 3]))
  const bundle = { ...gateway, id: 'src.1-many' }
  const tally = tallyReviews({
    reviewers,
    bundles: [bundle],
    index: file,
    lineWindow: 3,
    reviews: [result('opus', bundle.id, reply(...findings)), result('kimi', bundle.id, reply(...findings))],
  })

  it('gives 120 convergent groups, each at its own line with its own severity', () => {
    expect(tally.convergent).toBe(120)
    expect(tally.distinct).toBe(120)
    const byLine = [...tally.groups].sort((a, b) => a.location.startLine! - b.location.startLine!)
    byLine.forEach((g, i) => {
      expect(g.location).toMatchObject({ startLine: i + 11, endLine: i + 11 })
      expect(g.severity).toBe(severities[i % 3])
      expect(g.findings.map((f) => f.reviewer)).toEqual(['opus', 'kimi'])
    })
  })

  it('gives 120 annotations, each at its own line and level', () => {
    const annotations = annotationsFor(tally.groups)
    expect(annotations).toHaveLength(120)
    expect(new Set(annotations.map((a) => a.start_line)).size).toBe(120)
    const level = { BLOCK: 'failure', WARN: 'warning', INFO: 'notice' }
    for (const a of annotations) expect(a.annotation_level).toBe(level[severities[(a.start_line - 11) % 3]!])
  })
})

describe('retractions, thin replies and misplaced citations', () => {
  it('lists a retracted finding without counting it toward convergence', () => {
    const retracting =
      'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:30\nWHAT: Off by one.\nWHY: On reflection this is fine, retracted.\nVERDICT: ship'
    const t = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway],
      index,
      reviews: [result('opus', gateway.id, retracting), result('kimi', gateway.id, reply(block('services/gateway/src/ratelimit.ts:30')))],
    })
    expect(t.convergent).toBe(0)
    expect(t.retracted.map((f) => [f.reviewer, f.whereText])).toEqual([['opus', 'services/gateway/src/ratelimit.ts:30']])
    expect(t.perReviewer.find((r) => r.reviewer === 'opus')!.retracted).toBe(1)
  })

  it('flags a reply far too short for its bundle, without finding or verdict, as thin and incomplete', () => {
    const big = { ...gateway, bytes: 165_000 }
    const on = { bundleBytes: big.bytes }
    const thin = result('kimi', big.id, 'The change adds a limiter.', 'complete', undefined, { ...on, tokensOut: 62 })
    const terse = result('qwen', big.id, 'VERDICT: ship', 'complete', undefined, { ...on, tokensOut: 4 })
    const engaged = result('opus', big.id, reply(block('services/gateway/src/ratelimit.ts:30')), 'complete', undefined, {
      ...on,
      tokensOut: 62,
    })
    const t = tallyReviews({ reviewers, bundles: [big], index, reviews: [thin, terse, engaged], lineWindow: 3 })
    expect(t.thin).toEqual([{ reviewer: 'kimi', bundleId: big.id, tokensOut: 62, bundleBytes: 165_000 }])
    expect(t.incomplete).toEqual([
      {
        reviewer: 'kimi',
        bundleId: big.id,
        reason: 'thin reply: 62 output tokens for 165000 bytes, no finding and no VERDICT line (the reviewer disengaged)',
      },
    ])
    expect(t.coverage[0]!.complete).toEqual(['qwen', 'opus'])
  })

  it('counts off-diff and unknown-path citations per reviewer (the hallucination rate)', () => {
    const t = tallyReviews({
      lineWindow: 3,
      reviewers,
      bundles: [gateway],
      index,
      reviews: [
        result(
          'qwen',
          gateway.id,
          reply(block('services/gateway/src/server.ts:40'), block('nowhere/ghost.ts:1'), block('services/gateway/src/server.ts:21')),
        ),
      ],
    })
    expect(t.perReviewer.find((r) => r.reviewer === 'qwen')).toMatchObject({ findings: 3, offDiff: 1, unknownPath: 1 })
  })
})
