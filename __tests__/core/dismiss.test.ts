// Dismissals from plain values: the command's words, who may use them, which
// dismissals stand, ids that follow a finding across pushes, a dismissal that
// lapses when its lines change, and the gate that leaves dismissed findings out.
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { toReview } from '../../src/core/reply/review.ts'
import type { Reviewer } from '../../src/core/reply/types.ts'
import { assess, type History } from '../../src/core/verdict/assess.ts'
import { parseCommand } from '../../src/core/verdict/commands.ts'
import { decideCommands, standingDismissals, type CommandFacts, type DismissalRules } from '../../src/core/verdict/dismiss.ts'
import type { FindingIdentity } from '../../src/core/verdict/history-types.ts'
import type { Report } from '../../src/core/verdict/types.ts'
import { dismissText } from '../../src/core/render/dismissals.ts'
import { demoDiff, demoDiffMovedDown, demoDiffRewriting } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const REVIEWERS: Reviewer[] = [
  ['opus', 'anthropic'],
  ['kimi', 'moonshotai'],
  ['qwen', 'qwen'],
].map(([name = '', lineage = '']) => ({ name, model: `${lineage}/m`, lineage, baseURL: 'http://x', keySource: 'api-key' }))
const RL = 'services/gateway/src/ratelimit.ts'
const HEAD = 'a'.repeat(40)
const RULES: DismissalRules = { command: '/review', permission: 'write', allowSelf: false, author: 'alice' }

describe('parseCommand: the words of a dismissal', () => {
  it.each([
    ['/review dismiss 3f9a1c2 false-positive', { verb: 'dismiss', id: '3f9a1c2', reason: 'false-positive', note: '' }],
    [
      '/review dismiss 3F9A1C2 wont-fix: the caller validates it',
      { verb: 'dismiss', id: '3f9a1c2', reason: 'wont-fix', note: 'the caller validates it' },
    ],
    [
      '/review dismiss `3f9a1c2` accepted-risk:internal only\nsecond line',
      { verb: 'dismiss', id: '3f9a1c2', reason: 'accepted-risk', note: 'internal only\nsecond line' },
    ],
    ["/review dismiss 3f9a1c2 won't-fix", { verb: 'dismiss', id: '3f9a1c2', reason: 'wont-fix', note: '' }],
    ['/review dismiss false-positive: in a thread', { verb: 'dismiss', reason: 'false-positive', note: 'in a thread' }],
    ['/review undismiss 3f9a1c2', { verb: 'undismiss', id: '3f9a1c2' }],
    ['/review undismiss', { verb: 'undismiss' }],
  ])('reads %j', (body, expected) => {
    expect(parseCommand(body, '/review')).toEqual(expected)
  })

  it.each([
    ['/review dismiss 3f9a1c2', /^missing reason: add one of false-positive, wont-fix, accepted-risk after 3f9a1c2$/],
    ['/review dismiss 3f9a1c2 because it is fine', /^unknown reason "because": use one of false-positive/],
    ['/review dismiss 3f9a1c2x false-positive', /^"3f9a1c2x" is not a finding id/],
    ['/review undismiss nope', /^"nope" is not a finding id/],
  ])('says what is wrong with %j', (body, problem) => {
    const parsed = parseCommand(body, '/review')
    expect(parsed && 'problem' in parsed ? parsed.problem : '').toMatch(problem)
  })

  it('is not a command unless the first line starts with the command and the verb', () => {
    expect(parseCommand('/review', '/review')).toBeUndefined()
    expect(parseCommand('please /review dismiss 3f9a1c2 false-positive', '/review')).toBeUndefined()
    expect(parseCommand('/reviewer dismiss 3f9a1c2 false-positive', '/review')).toBeUndefined()
    expect(parseCommand('/review dismissed 3f9a1c2 false-positive', '/review')).toBeUndefined()
    expect(parseCommand('/check dismiss 3f9a1c2 false-positive', '/check')).toMatchObject({ verb: 'dismiss' })
  })

  it('keeps at most 500 characters of free text', () => {
    const parsed = parseCommand(`/review dismiss 3f9a1c2 false-positive: ${'x'.repeat(900)}`, '/review')
    expect(parsed && 'note' in parsed ? parsed.note.length : 0).toBe(500)
  })
})

const facts = (over: Partial<CommandFacts> = {}): CommandFacts => ({
  commentId: 1,
  url: 'https://github.com/o/r/pull/7#issuecomment-1',
  author: 'maintainer',
  bot: false,
  createdAt: '2026-12-01T10:00:00Z',
  edited: false,
  body: '/review dismiss 3f9a1c2 false-positive: checked',
  access: { role: 'write' },
  ...over,
})
const KNOWN = { ids: new Set(['3f9a1c2', '1111111']), idOfThread: () => '1111111' }
const refusal = (f: CommandFacts, rules = RULES): string | undefined => decideCommands([f], rules, KNOWN)[0]?.refused

describe('decideCommands: who may overrule the gate', () => {
  it('honours a writer who did not open the pull request', () => {
    expect(decideCommands([facts()], RULES, KNOWN)).toEqual([
      {
        commentId: 1,
        url: facts().url,
        by: 'maintainer',
        at: facts().createdAt,
        verb: 'dismiss',
        id: '3f9a1c2',
        reason: 'false-positive',
        note: 'checked',
      },
    ])
  })

  it.each([
    [{ bot: true }, 'a bot cannot dismiss findings'],
    [{ edited: true }, 'the command was edited after it was posted; post it again as a new comment'],
    [{ access: { unknown: 'HTTP 502' } }, "maintainer's permission could not be checked (HTTP 502), so the command is not applied"],
    [{ access: { unknown: 'GitHub could not be reached' } }, "maintainer's permission could not be checked (GitHub could not be reached)"],
    [{ access: { role: 'read' as const } }, 'maintainer has read access; dismissing needs write access or more'],
    [{ access: { role: 'triage' as const } }, 'maintainer has triage access; dismissing needs write access or more'],
    [{ author: 'alice', access: { role: 'admin' as const } }, 'alice opened this pull request'],
    [{ body: '/review dismiss 3f9a1c2' }, 'missing reason'],
    [{ body: '/review dismiss false-positive' }, 'missing finding id: copy the command shown beside the finding'],
    [{ body: '/review dismiss 9999999 false-positive' }, 'unknown id 9999999: no finding of this pull request has it'],
  ])('refuses %j', (over, why) => {
    expect(refusal(facts(over))).toContain(why)
  })

  it('raises the bar where the policy says so, and lets authors dismiss only where it allows', () => {
    expect(refusal(facts({ access: { role: 'write' } }), { ...RULES, permission: 'maintain' })).toContain('needs maintain access')
    expect(refusal(facts({ access: { role: 'maintain' } }), { ...RULES, permission: 'maintain' })).toBeUndefined()
    expect(refusal(facts({ access: { role: 'maintain' } }), { ...RULES, permission: 'admin' })).toContain('needs admin access')
    expect(refusal(facts({ author: 'Alice' }), { ...RULES, allowSelf: true })).toBeUndefined()
    expect(refusal(facts({ author: 'Alice' }))).toContain('Alice opened this pull request')
  })

  it("takes a thread reply's id from its thread, and refuses one whose thread matches no finding", () => {
    const thread: FindingIdentity = { path: 'aaaaaaaa', lines: ['bbbbbbbb'] }
    const reply = facts({ body: '/review dismiss wont-fix', thread })
    expect(decideCommands([reply], RULES, KNOWN)[0]).toMatchObject({ id: '1111111', reason: 'wont-fix' })
    expect(decideCommands([reply], RULES, { ...KNOWN, idOfThread: () => undefined })[0]?.refused).toBe(
      "this thread's finding is not among the current findings",
    )
  })

  it('lets the latest honoured command about a finding stand, in the order they were posted', () => {
    const at = (n: number): string => `2026-12-01T10:0${n}:00Z`
    const decisions = decideCommands(
      [
        facts({ commentId: 3, createdAt: at(3), body: '/review undismiss 3f9a1c2' }),
        facts({ commentId: 1, createdAt: at(1) }),
        facts({
          commentId: 4,
          createdAt: at(4),
          body: '/review dismiss 1111111 accepted-risk',
          author: 'reader',
          access: { role: 'read' },
        }),
        facts({ commentId: 2, createdAt: at(2), body: '/review dismiss 1111111 wont-fix' }),
      ],
      RULES,
      KNOWN,
    )
    expect(decisions.map((d) => d.commentId)).toEqual([1, 2, 3, 4])
    const standing = standingDismissals(decisions)
    expect([...standing.keys()]).toEqual(['1111111'])
    expect(standing.get('1111111')).toMatchObject({ reason: 'wont-fix', commentId: 2 })
  })
})

const block = (where: string, severity = 'BLOCK'): string =>
  `SEVERITY: ${severity}\nWHERE: ${where}\nWHAT: Problem at ${where}.\nWHY: Shown.\n`

/** Reviewers opus and kimi report these places; qwen ships. */
function reportOf(
  where: readonly string[],
  options: { diff?: string; history?: History; failOn?: 'convergent-block' | 'any-block' } = {},
): Report {
  const plan = planFiles(parseUnifiedDiff(options.diff ?? demoDiff()), {})
  const reviews = plan.bundles.flatMap((b) =>
    REVIEWERS.map((r) => {
      const reply = r.name === 'qwen' ? 'VERDICT: ship' : `${where.map((w) => block(w)).join('\n')}\nVERDICT: hold`
      return toReview(
        { reviewer: r.name, bundleId: b.id, reply, latencyMs: 1, tokensIn: 1, tokensOut: 99, finishReason: 'stop', outcome: 'answered' },
        b,
      )
    }),
  )
  return assess({
    plan,
    reviews,
    reviewers: REVIEWERS,
    policy: { failOn: options.failOn ?? 'convergent-block', minReviewers: 2, lineWindow: 3 },
    label: 'pr',
    ...(options.history ? { history: options.history } : {}),
  })
}

const history = (previous: Report | undefined, commands: CommandFacts[] = [], head = HEAD): History => ({
  head,
  command: '/review',
  ...(previous?.ledger ? { ledger: previous.ledger } : {}),
  commands: { facts: commands, rules: RULES },
})
const idAt = (r: Report, path: string, line: number): string =>
  r.tally.groups.find((g) => g.location.path === path && g.location.startLine === line)?.id ?? ''
const dismiss = (id: string, n = 1): CommandFacts => facts({ commentId: n, body: `/review dismiss ${id} false-positive: fine` })
/** A push that adds three lines above the limiter: its code moves down by three. */
const moved = demoDiffMovedDown
/** A push that rewrites one line of the limiter. */
const rewritten = (line = 30): string => demoDiffRewriting(line, ' // rewritten')

describe('finding ids and the gate', () => {
  it('gives every group a seven-digit id that is the same on a second run of the same diff', () => {
    const first = reportOf([`${RL}:30`, `${RL}:19`])
    const again = reportOf([`${RL}:30`, `${RL}:19`])
    const ids = first.tally.groups.map((g) => g.id)
    expect(ids.every((id) => /^[0-9a-f]{7}$/.test(id ?? ''))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(again.tally.groups.map((g) => g.id)).toEqual(ids)
  })

  it('takes a dismissed convergent BLOCK out of the gate and names it in the reasons; the other still fails', () => {
    const first = reportOf([`${RL}:30`, `${RL}:19`], { history: history(undefined) })
    expect(first.conclusion.conclusion).toBe('failure')
    const id = idAt(first, RL, 30)
    const second = reportOf([`${RL}:30`, `${RL}:19`], { history: history(first, [dismiss(id)]) })
    expect(second.conclusion.conclusion).toBe('failure')
    expect(second.conclusion.reasons).toEqual([
      `BLOCK at ${RL}:19 (convergent: opus + kimi)`,
      `dismissed: BLOCK at ${RL}:30 (convergent: opus + kimi) by maintainer as false-positive`,
    ])
    const both = reportOf([`${RL}:30`, `${RL}:19`], { history: history(second, [dismiss(id), dismiss(idAt(first, RL, 19), 2)]) })
    expect(both.conclusion.conclusion).toBe('success')
    expect(both.conclusion.reasons[0]).toMatch(/^no finding fails the fail-on policy \(convergent-block\) but those dismissed/)
  })

  it('keeps the id and the dismissal when a push only moves the lines, and lapses it (new id) when a push rewrites them', () => {
    const first = reportOf([`${RL}:30`], { history: history(undefined) })
    const id = idAt(first, RL, 30)
    const dismissed = reportOf([`${RL}:30`], { history: history(first, [dismiss(id)]) })
    expect(dismissed.conclusion.conclusion).toBe('success')

    const afterMove = reportOf([`${RL}:33`], { diff: moved(), history: history(dismissed, [dismiss(id)], 'b'.repeat(40)) })
    expect(idAt(afterMove, RL, 33)).toBe(id)
    expect(afterMove.conclusion.conclusion).toBe('success')

    const afterRewrite = reportOf([`${RL}:30`], { diff: rewritten(), history: history(afterMove, [dismiss(id)], 'c'.repeat(40)) })
    expect(afterRewrite.conclusion.conclusion).toBe('failure')
    expect(idAt(afterRewrite, RL, 30)).not.toBe(id)
  })

  it('says a dismissal lapsed when the finding goes on but one of its lines changed', () => {
    const first = reportOf([`${RL}:29-31`], { history: history(undefined) })
    const id = idAt(first, RL, 29)
    const dismissed = reportOf([`${RL}:29-31`], { history: history(first, [dismiss(id)]) })
    expect(dismissed.conclusion.conclusion).toBe('success')
    const after = reportOf([`${RL}:29-31`], { diff: rewritten(31), history: history(dismissed, [dismiss(id)], 'c'.repeat(40)) })
    const now = idAt(after, RL, 29)
    expect(after.conclusion.conclusion).toBe('failure')
    expect(now).not.toBe(id)
    expect(after.dismissals?.lapsed).toEqual([{ id, now, by: 'maintainer', url: facts().url }])
  })

  it('dismisses a single-lineage BLOCK under any-block, and never lets a refused command dismiss anything', () => {
    const first = reportOf([`${RL}:30`], { failOn: 'any-block', history: history(undefined) })
    const id = idAt(first, RL, 30)
    const refused = reportOf([`${RL}:30`], {
      failOn: 'any-block',
      history: history(first, [{ ...dismiss(id), access: { unknown: 'HTTP 404' } }]),
    })
    expect(refused.conclusion.conclusion).toBe('failure')
    expect(refused.dismissals?.decisions[0]?.refused).toMatch(/could not be checked \(HTTP 404\)/)
  })

  it('applies no dismissal when the commands could not be read', () => {
    const first = reportOf([`${RL}:30`], { history: history(undefined) })
    const unread: History = { head: HEAD, command: '/review', unread: 'HTTP 502' }
    expect(reportOf([`${RL}:30`], { history: unread }).conclusion.conclusion).toBe('failure')
    expect(first.tally.groups.some((g) => g.dismissed)).toBe(false)
  })
})

describe('a lone finding held open by a review that was not counted', () => {
  /** opus flags the limiter alone; kimi's call failed, so it might have agreed; qwen ships. */
  const loneReport = (previous?: Report, commands: CommandFacts[] = []): Report => {
    const plan = planFiles(parseUnifiedDiff(demoDiff()), {})
    const reviews = plan.bundles.flatMap((b) =>
      REVIEWERS.map((r) => {
        const failed = r.name === 'kimi'
        const reply = r.name === 'opus' ? `${block(`${RL}:30`)}\nVERDICT: hold` : failed ? '' : 'VERDICT: ship'
        const call = { reviewer: r.name, bundleId: b.id, reply, latencyMs: 1, tokensIn: 1, tokensOut: 99, finishReason: 'stop' }
        return toReview({ ...call, outcome: failed ? 'failed' : 'answered', ...(failed ? { reason: 'HTTP 502' } : {}) }, b)
      }),
    )
    const policy = { failOn: 'convergent-block' as const, minReviewers: 2, lineWindow: 3 }
    return assess({ plan, reviews, reviewers: REVIEWERS, policy, label: 'pr', history: history(previous, commands) })
  }

  it('gates with a dismiss command beside it, and a dismissal settles it without any model call', () => {
    const first = loneReport()
    const group = first.tally.groups.find((g) => g.location.startLine === 30)!
    expect(first.conclusion.conclusion).toBe('failure')
    expect(first.conclusion.reasons).toEqual([expect.stringMatching(new RegExp(`^possibly convergent BLOCK at ${RL}:30: kimi's review`))])
    expect(dismissText(group, first)).toBe(`/review dismiss ${group.id} <reason>`)
    const second = loneReport(first, [dismiss(group.id!)])
    expect(second.conclusion).toEqual({
      conclusion: 'success',
      reasons: [
        'no finding fails the fail-on policy (convergent-block) but those dismissed; every bundle has 2+ complete reviews',
        `dismissed: BLOCK at ${RL}:30 (opus) by maintainer as false-positive`,
      ],
    })
    expect(
      dismissText(
        second.tally.groups.find((g) => g.id === group.id)!,
        second,
      ),
    ).toBeUndefined()
  })
})

describe('unknown beside several lone findings', () => {
  /** opus flags lines 27 and 33 alone; kimi wrote something at line 30, within the window of both, that could not be read. */
  const report = (previous?: Report, commands: CommandFacts[] = []): Report => {
    const plan = planFiles(parseUnifiedDiff(demoDiff()), {})
    const replies: Record<string, string> = {
      opus: `${block(`${RL}:27`)}\n${block(`${RL}:33`)}\nVERDICT: hold`,
      kimi: `${block('services/gateway/src/server.ts:21', 'INFO')}\n- \`${RL}:30\` — the guard admits one request too many\n\nVERDICT: hold`,
      qwen: `${block(`${RL}:12`, 'WARN')}\nVERDICT: ship-with-fixes`,
    }
    const reviews = plan.bundles.flatMap((b) =>
      REVIEWERS.map((r) => {
        const reply = b.paths.includes(RL) ? (replies[r.name] ?? '') : 'VERDICT: ship'
        const call = { reviewer: r.name, bundleId: b.id, reply, latencyMs: 1, tokensIn: 1, tokensOut: 99, finishReason: 'stop' }
        return toReview({ ...call, outcome: 'answered' }, b)
      }),
    )
    const policy = { failOn: 'convergent-block' as const, minReviewers: 2, lineWindow: 3 }
    return assess({ plan, reviews, reviewers: REVIEWERS, policy, label: 'pr', history: history(previous, commands) })
  }
  const at = (r: Report, line: number) => r.tally.groups.find((g) => g.location.path === RL && g.location.startLine === line)!

  it('offers a dismiss command for each finding it holds open, none for a lone WARN it does not, and passes only when all are dismissed', () => {
    const first = report()
    expect(first.conclusion.conclusion).toBe('failure')
    expect(dismissText(at(first, 27), first)).toBeDefined()
    expect(dismissText(at(first, 33), first)).toBeDefined()
    expect(dismissText(at(first, 12), first)).toBeUndefined()
    const one = report(first, [dismiss(at(first, 27).id!)])
    expect(one.conclusion.conclusion).toBe('failure')
    expect(one.conclusion.reasons.filter((r) => r.startsWith('possibly convergent'))).toHaveLength(1)
    const both = report(one, [dismiss(at(first, 27).id!), dismiss(at(first, 33).id!, 2)])
    expect(both.conclusion.conclusion).toBe('success')
    expect(both.conclusion.reasons.filter((r) => r.startsWith('dismissed: '))).toHaveLength(2)
  })
})
