// The pull request's history at its edges, on plain values: command words at
// their boundaries, the order commands apply in, ids that must not collide,
// every field a ledger block is checked for, the repository figures, and the
// report's dismissal sections. (Written for the gaps a mutation run showed.)
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { dismissCell, dismissedSection, dismissHint, dismissText } from '../../src/core/render/dismissals.ts'
import { parseCommand } from '../../src/core/verdict/commands.ts'
import { decideCommands, standingDismissals, stillHolds, type CommandFacts } from '../../src/core/verdict/dismiss.ts'
import type { Ledger, LedgerEntry } from '../../src/core/verdict/history-types.ts'
import { identify } from '../../src/core/verdict/identify.ts'
import { decodeLedger, encodeLedger, summarise } from '../../src/core/verdict/ledger-codec.ts'
import { aggregate } from '../../src/core/verdict/stats.ts'
import type { Group, Report } from '../../src/core/verdict/types.ts'

describe('parseCommand at its edges', () => {
  it('reads a command after blank lines, with CRLF line ends, a tab, capitals and a curly apostrophe', () => {
    expect(parseCommand('\r\n  /review\tdismiss 3F9A1C2 FALSE-POSITIVE   :  first\r\nsecond\r\n', '/review')).toEqual({
      verb: 'dismiss',
      id: '3f9a1c2',
      reason: 'false-positive',
      note: 'first\nsecond',
    })
    expect(parseCommand('/review dismiss 3f9a1c2 won’t-fix', '/review')).toMatchObject({ reason: 'wont-fix' })
    expect(parseCommand('/review dismiss 3f9a1c2 wontfix', '/review')).toMatchObject({ reason: 'wont-fix' })
  })

  it('lets words follow an undismiss that names its id, and names an id that is one digit short', () => {
    expect(parseCommand('/review undismiss 3f9a1c2 please', '/review')).toEqual({ verb: 'undismiss', id: '3f9a1c2' })
    expect(parseCommand('/review dismiss 3f9a1c false-positive', '/review')).toEqual({
      verb: 'dismiss',
      problem: '"3f9a1c" is not a finding id (seven hex digits)',
    })
    expect(parseCommand('/review dismiss 3f9a1c2 false-positive', '/review')).not.toHaveProperty('problem')
  })

  it('cuts a long unknown word at 40 characters, and keeps no id that was not given', () => {
    const long = 'x'.repeat(60)
    expect(parseCommand(`/review dismiss 3f9a1c2 ${long}`, '/review')).toEqual({
      verb: 'dismiss',
      problem: `unknown reason "${'x'.repeat(40)}…": use one of false-positive, wont-fix, accepted-risk`,
    })
    expect(parseCommand(`/review dismiss 3f9a1c2 ${'y'.repeat(40)}`, '/review')).toMatchObject({
      problem: expect.stringContaining(`"${'y'.repeat(40)}"`),
    })
    expect(parseCommand('/review dismiss accepted-risk', '/review')).toEqual({ verb: 'dismiss', reason: 'accepted-risk', note: '' })
  })

  it('takes the command itself literally, whatever regex characters it holds', () => {
    expect(parseCommand('/re.view dismiss 3f9a1c2 wont-fix', '/re.view')).toMatchObject({ verb: 'dismiss' })
    expect(parseCommand('/reXview dismiss 3f9a1c2 wont-fix', '/re.view')).toBeUndefined()
  })
})

const facts = (over: Partial<CommandFacts>): CommandFacts => ({
  commentId: 1,
  url: 'https://github.com/o/r/pull/7#issuecomment-1',
  author: 'maintainer',
  bot: false,
  createdAt: '2026-12-01T10:00:00Z',
  edited: false,
  body: '/review dismiss 3f9a1c2 false-positive',
  access: { role: 'write' },
  ...over,
})
const rules = { command: '/review', permission: 'write' as const, allowSelf: false, author: 'alice' }
const known = { ids: new Set(['3f9a1c2']), idOfThread: () => undefined }

describe('which commands stand', () => {
  it('ignores comments that are not commands, and orders commands posted in the same second by comment id', () => {
    const decisions = decideCommands(
      [
        facts({ commentId: 9, body: '/review undismiss 3f9a1c2' }),
        facts({ commentId: 8, body: 'thanks, looks good' }),
        facts({ commentId: 7 }),
      ],
      rules,
      known,
    )
    expect(decisions.map((d) => [d.commentId, d.verb])).toEqual([
      [7, 'dismiss'],
      [9, 'undismiss'],
    ])
    expect(standingDismissals(decisions).size).toBe(0)
    expect(decideCommands([facts({ body: '/review dismiss 3f9a1c2 wont-fix' })], rules, known)[0]).not.toHaveProperty('refused')
  })

  it('lets no refused or unnamed command stand, and keeps an empty note as empty', () => {
    const standing = standingDismissals([
      { commentId: 1, url: 'u', by: 'x', at: 't', verb: 'dismiss', id: '1111111', reason: 'wont-fix', refused: 'no' },
      { commentId: 2, url: 'u', by: 'x', at: 't', verb: 'dismiss', reason: 'wont-fix' },
      { commentId: 3, url: 'u', by: 'x', at: 't', verb: 'dismiss', id: '2222222' },
      { commentId: 4, url: 'u', by: 'x', at: 't', verb: 'dismiss', id: '3333333', reason: 'accepted-risk' },
    ])
    expect([...standing.values()]).toEqual([{ id: '3333333', by: 'x', at: 't', reason: 'accepted-risk', note: '', url: 'u', commentId: 4 }])
  })

  it('holds a dismissal only for cited lines it was given, and never for a finding that cites none', () => {
    expect(stillHolds({ path: 'p', lines: ['a', 'b'] }, ['a', 'b', 'c'])).toBe(true)
    expect(stillHolds({ path: 'p', lines: ['a', 'd'] }, ['a', 'b', 'c'])).toBe(false)
    expect(stillHolds({ path: 'p', lines: [] }, ['a'])).toBe(false)
  })
})

const group = (over: Partial<Group> = {}): Group => ({
  key: 'a.ts:2',
  location: { path: 'a.ts', startLine: 2, endLine: 2, label: 'in-diff' },
  severity: 'BLOCK',
  findings: [],
  reviewers: ['opus', 'kimi'],
  lineages: ['anthropic', 'moonshotai'],
  convergent: true,
  ...over,
})
const bundle = {
  id: 'b',
  hash: 'h',
  component: 'root',
  part: 1,
  parts: 1,
  paths: ['a.ts'],
  bytes: 10,
  text: '',
  files: [
    {
      path: 'a.ts',
      status: 'modified' as const,
      binary: false,
      hunks: [
        {
          header: '@@ -1,1 +1,3 @@',
          oldStart: 1,
          oldLines: 1,
          newStart: 1,
          newLines: 3,
          lines: [
            { kind: 'ctx' as const, text: 'const a = 1', oldLine: 1, newLine: 1 },
            { kind: 'add' as const, text: 'eval(x)', newLine: 2 },
            { kind: 'add' as const, text: 'exec(y)', newLine: 3 },
          ],
        },
      ],
    },
  ],
}

describe('ids', () => {
  it('never gives a new finding an id the ledger holds for another', () => {
    const first = identify([group()], [bundle as never], undefined, undefined)
    const id = first.groups[0]?.id ?? ''
    // The ledger's finding with that id is another one (another file): the new finding must not take its id.
    const other: LedgerEntry = {
      id,
      identity: { path: 'ffffffff', lines: ['eeeeeeee'], context: [] },
      severity: 'WARN',
      lineages: [],
      reviewers: [],
      agreement: 1,
      gated: false,
      first: 'a',
      last: 'a',
      outcome: 'vanished',
    }
    const again = identify(
      [group()],
      [bundle as never],
      { entries: [other], record: { runs: 1, failed: 0, overruled: 0, costUsd: 0 } },
      undefined,
    )
    expect(again.groups[0]?.id).toMatch(/^[0-9a-f]{7}$/)
    expect(again.groups[0]?.id).not.toBe(id)
    expect(again.continues.size).toBe(0)
    // Two groups whose identities hash alike still get two ids.
    const twice = identify([group(), group({ key: 'a.ts:2#2' })], [bundle as never], undefined, undefined)
    expect(new Set(twice.groups.map((g) => g.id)).size).toBe(2)
  })

  it('continues an entry it matches, and names the thread a reply is in only when that thread matches a finding', () => {
    const first = identify([group()], [bundle as never], undefined, undefined)
    const identity = first.identities.get(first.groups[0]?.id ?? '')!
    const entry: LedgerEntry = {
      id: first.groups[0]!.id!,
      identity,
      severity: 'BLOCK',
      lineages: [],
      reviewers: [],
      agreement: 2,
      gated: true,
      first: 'a',
      last: 'a',
      outcome: 'open',
    }
    const ledger: Ledger = { entries: [entry], record: { runs: 1, failed: 1, overruled: 0, costUsd: 0 } }
    const reply = (thread: typeof identity): CommandFacts => facts({ body: '/review dismiss wont-fix', thread })
    const again = identify([group()], [bundle as never], ledger, {
      facts: [reply(identity), reply({ path: '00000000', lines: ['11111111'] })],
      rules,
    })
    expect(again.continues.get(entry.id)).toBe(entry)
    expect(again.decisions.map((d) => d.refused ?? d.id)).toEqual([entry.id, "this thread's finding is not among the current findings"])
    expect(again.groups[0]?.dismissed).toMatchObject({ id: entry.id, reason: 'wont-fix' })
  })
})

const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: '0000001',
  identity: { path: '00000000', lines: ['11111111'], context: [] },
  severity: 'BLOCK',
  lineages: ['anthropic', 'qwen'],
  reviewers: ['opus', 'qwen'],
  agreement: 2,
  gated: true,
  first: 'abcdef012345',
  last: 'abcdef012345',
  outcome: 'open',
  ...over,
})
const RECORD = { runs: 1, failed: 0, overruled: 0, costUsd: 0 }
const block = (data: unknown): string => `<!-- cross-lineage-review:ledger v1 ${gzipSync(JSON.stringify(data)).toString('base64')} -->`
const packed = (e: LedgerEntry): unknown[] => {
  const raw = decodeRaw(encodeLedger({ head: 'abcdef012345', entries: [e], record: RECORD }))
  return (raw.e as unknown[][])[0] ?? []
}
function decodeRaw(b: string): Record<string, unknown> {
  const body = /ledger v1 (\S+) -->/.exec(b)?.[1] ?? ''
  return JSON.parse(gunzipSync(Buffer.from(body, 'base64')).toString('utf8')) as Record<string, unknown>
}

describe('the ledger block', () => {
  it('reads back every field, a dismissal snapshot and an empty context among them', () => {
    const e = entry({
      outcome: 'dismissed',
      reason: 'accepted-risk',
      gated: false,
      dismissedLines: { command: 42, lines: ['11111111', '22222222'] },
    })
    const ledger: Ledger = {
      head: 'abcdef012345',
      entries: [e, entry({ id: '0000002', identity: { path: '00000000', lines: [], context: ['33333333'] } })],
      record: { runs: 3, failed: 2, overruled: 1, costUsd: 0.25 },
    }
    expect(decodeLedger(encodeLedger(ledger))).toEqual({ ledger })
  })

  it.each([
    ['an id of six digits', 0, '000001'],
    ['a path not of eight hex digits', 1, 'zzzzzzzz'],
    ['a line hash too short', 2, '1111'],
    ['a context hash not hex', 3, 'gggggggg'],
    ['a severity no run writes', 4, 'CRITICAL'],
    ['lineages that are not names', 5, [1]],
    ['reviewers that are not a list', 6, 'opus'],
    ['a negative agreement', 7, -1],
    ['gated as 2', 8, 2],
    ['a first commit that is not hex', 9, 'main'],
    ['a last commit that is not text', 10, 7],
    ['an unknown outcome', 11, 'fixed'],
    ['an unknown reason', 12, 'because'],
    ['a snapshot command that is not a number', 13, 'x'],
    ['snapshot lines that are not hashes', 14, 'a.b'],
  ])('refuses an entry with %s', (_name, field, value) => {
    const fields = packed(entry())
    fields[field] = value
    expect(decodeLedger(block({ h: 'abcdef012345', r: RECORD, e: [fields] }))).toEqual({
      problem: 'the findings ledger in the last comment is not well-formed',
    })
  })

  it.each([
    ['an entry with a field too many', { h: 'ab', r: RECORD, e: [[...packed(entry()), 1]] }],
    ['a head that is not hex', { h: 'main', r: RECORD, e: [] }],
    ['no entries list', { h: 'ab', r: RECORD }],
    ['a record without its cost', { h: 'ab', r: { runs: 1, failed: 0, overruled: 0 }, e: [] }],
    ['no record', { h: 'ab', e: [] }],
    [
      'a summary with a count that is not a number',
      {
        h: 'ab',
        r: RECORD,
        e: [],
        o: { byLineage: { qwen: { open: 'x', addressed: 0, vanished: 0, dismissed: 0 } }, byAgreement: {}, falsePositiveBlocks: 0 },
      },
    ],
    ['a summary without its false-positive count', { h: 'ab', r: RECORD, e: [], o: { byLineage: {}, byAgreement: {} } }],
    ['a summary that is not an object', { h: 'ab', r: RECORD, e: [], o: 3 }],
    ['a list instead of a ledger', [1, 2]],
  ])('refuses %s', (_name, data) => {
    expect(decodeLedger(block(data)).ledger).toBeUndefined()
  })

  it('reads a ledger without a head as one that names none', () => {
    expect(decodeLedger(block({ h: '', r: RECORD, e: [] }))).toEqual({ ledger: { entries: [], record: RECORD } })
  })

  it('summarises entries into counts, false-positive convergent BLOCKs apart', () => {
    const s = summarise(
      [
        entry({ outcome: 'dismissed', reason: 'false-positive' }),
        entry({ outcome: 'dismissed', reason: 'wont-fix' }),
        entry({ outcome: 'dismissed', reason: 'false-positive', severity: 'WARN' }),
        entry({ outcome: 'dismissed', reason: 'false-positive', agreement: 1, lineages: ['qwen'] }),
        entry({ outcome: 'addressed', agreement: 4 }),
      ],
      { byLineage: { qwen: { open: 1, addressed: 0, vanished: 0, dismissed: 0 } }, byAgreement: {}, falsePositiveBlocks: 2 },
    )
    expect(s?.falsePositiveBlocks).toBe(3)
    expect(s?.byAgreement).toEqual({
      '1': { open: 0, addressed: 0, vanished: 0, dismissed: 1 },
      '2': { open: 0, addressed: 0, vanished: 0, dismissed: 3 },
      '3': { open: 0, addressed: 1, vanished: 0, dismissed: 0 },
    })
    expect(s?.byLineage.qwen).toEqual({ open: 1, addressed: 1, vanished: 0, dismissed: 4 })
    expect(summarise([], undefined)).toBeUndefined()
  })
})

describe('aggregate at its edges', () => {
  const pull = (entries: LedgerEntry[], record = RECORD, merged = false) => ({ number: 1, merged, ledger: { entries, record } })
  it('puts three and more lineages in one row, counts only convergent BLOCKs dismissed as false positives, and sorts lineages', () => {
    const s = aggregate([
      pull(
        [
          entry({ agreement: 3, lineages: ['zhipu', 'anthropic', 'qwen'] }),
          entry({ agreement: 4, outcome: 'dismissed', reason: 'false-positive' }),
          entry({ outcome: 'dismissed', reason: 'false-positive', severity: 'WARN' }),
          entry({ outcome: 'dismissed', reason: 'wont-fix' }),
          entry({ outcome: 'addressed', reason: 'false-positive' }),
          entry({ gated: false, outcome: 'vanished' }),
        ],
        { runs: 4, failed: 2, overruled: 1, costUsd: 1.5 },
        true,
      ),
      pull([], { runs: 1, failed: 0, overruled: 2, costUsd: 0.5 }),
    ])
    expect(s.byAgreement['3']).toEqual({ findings: 2, open: 1, addressed: 0, vanished: 0, dismissed: 1 })
    expect(s.gate).toEqual({ runs: 5, failed: 2, overruled: 3, falsePositiveBlocks: 1 })
    expect(s.gating).toEqual({ findings: 5, open: 1, addressed: 1, vanished: 0, dismissed: 3 })
    expect(Object.keys(s.byLineage)).toEqual(['anthropic', 'qwen', 'zhipu'])
    expect(s.cost).toEqual({ totalUsd: 2, perPullRequestUsd: 1 })
    expect(s.pullRequests).toEqual({ read: 2, counted: 2, merged: 1, skipped: 0 })
  })

  it('costs nothing per pull request when none has a ledger, and says why each was skipped', () => {
    const s = aggregate([{ number: 3, merged: true }])
    expect(s.cost).toEqual({ totalUsd: 0, perPullRequestUsd: 0 })
    expect(s.skipped).toEqual([{ number: 3, reason: 'no ledger' }])
    expect(s.pullRequests).toEqual({ read: 1, counted: 0, merged: 0, skipped: 1 })
  })
})

const report = (groups: Group[], dismissals?: Report['dismissals']): Report => ({
  tally: {
    groups,
    convergent: groups.length,
    distinct: groups.length,
    perReviewer: [],
    coverage: [],
    incomplete: [],
    retracted: [],
    thin: [],
    unread: [],
  },
  conclusion: { conclusion: 'failure', reasons: [] },
  failOn: 'convergent-block',
  minReviewers: 2,
  reviewers: [],
  bundles: [],
  reviews: [],
  skipped: [],
  warnings: [],
  label: 'pr',
  ...(dismissals ? { dismissals } : {}),
})

const DISMISSAL = {
  id: '1234567',
  by: 'maintainer',
  at: '2026-12-07T10:00:00Z',
  reason: 'wont-fix' as const,
  note: 'use `x` instead',
  url: 'https://github.com/o/r/pull/7#issuecomment-9',
  commentId: 9,
}

describe('the report on dismissals', () => {
  const none = { command: '/review', decisions: [], lapsed: [] }
  it('offers the command only beside a finding that gates, and only where the run takes commands', () => {
    const gating = group({ id: '1234567' })
    const warn = group({ id: '7654321', severity: 'WARN' })
    const dismissed = group({ id: '1111111', dismissed: DISMISSAL })
    const r = report([gating, warn, dismissed], none)
    expect([gating, warn, dismissed].map((g) => dismissText(g, r))).toEqual(['/review dismiss 1234567 <reason>', undefined, undefined])
    expect(dismissCell(gating, r)).toBe('`/review dismiss 1234567 <reason>`')
    expect(dismissCell(warn, r)).toBe('')
    expect(dismissText(gating, report([gating]))).toBeUndefined()
    expect(dismissText(group(), r)).toBeUndefined()
    expect(dismissHint(r)[0]).toMatch(/^<sub>A finding that gates can be dismissed/)
    expect(dismissHint(report([warn], none))).toEqual([])
  })

  it('lists the dismissed, the lapsed, the unread and the refused, each only when there are any', () => {
    const cap = { max: 5, where: 'the tally' }
    expect(dismissedSection(report([group()], none), cap)).toEqual([])
    const lines = dismissedSection(
      report([group({ id: '1234567', dismissed: DISMISSAL })], {
        command: '/review',
        decisions: [
          {
            commentId: 3,
            url: 'javascript:alert(1)',
            by: 'reader',
            at: '2026-12-06T01:00:00Z',
            verb: 'dismiss',
            refused: 'reader has read access',
          },
        ],
        lapsed: [{ id: '7777777', now: '8888888', by: 'maintainer', url: DISMISSAL.url }],
        unread: 'HTTP 502',
      }),
      cap,
    )
    expect(lines).toEqual([
      '### Dismissed findings (1)',
      '',
      '| Severity | Location | Dismissed by | Reason | Why |',
      '|---|---|---|---|---|',
      `| BLOCK | a.ts:2 \`1234567\` | maintainer on [2026-12-07](${DISMISSAL.url}) | wont-fix | use \`x\` instead |`,
      '',
      '**Dismissals that no longer hold (1)**: the lines they were given for changed, so the finding gates again under a new id',
      '',
      `- \`7777777\` (dismissed by maintainer, [command](${DISMISSAL.url})) is now \`8888888\``,
      '',
      '**Dismissals not applied**: HTTP 502.',
      '',
      '<details><summary>Commands that changed nothing (1)</summary>',
      '',
      '- reader on 2026-12-06: reader has read access',
      '',
      '</details>',
      '',
    ])
  })
})
