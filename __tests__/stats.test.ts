// `stats` against the loopback GitHub: the action runs over several pushes of
// several pull requests, they close, and the counts `stats --json` reads back
// from their comments are what happened. Reading 500 closed pull requests
// takes one read each plus the list's pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeLedger } from '../src/core/verdict/ledger-codec.ts'
import { aggregate } from '../src/core/verdict/stats.ts'
import { COMMENT_MARKER } from '../src/core/render/report.ts'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { cli } from './helpers/cli-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { commentOnPull } from './helpers/webhooks.ts'

const RL = 'services/gateway/src/ratelimit.ts'
const TOKEN = 'ghs_loopbackstatstoken0000000000000000'
const RECENT = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z')

/** What each reviewer flags on the limiter's bundle in the next run. */
let said: Record<string, string[]> = {}
const reviewer =
  (name: string): ModelScript =>
  (req) => {
    const places = fencedDiff(req).includes(`+++ b/${RL}`) ? (said[name] ?? []) : []
    const blocks = places.map((p) => {
      const [where, severity = 'BLOCK'] = p.split(' ')
      return `SEVERITY: ${severity}\nWHERE: ${where}\nWHAT: Problem at ${where}.\nWHY: Shown.\n`
    })
    return { reply: `${blocks.join('\n')}\nVERDICT: ${blocks.length ? 'hold' : 'ship'}` }
  }

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  github = await startFakeGitHub()
  models = await startFakeModels({
    'anthropic/opus': reviewer('opus'),
    'moonshotai/kimi': reviewer('kimi'),
    'qwen/qwen3-coder': reviewer('qwen'),
  })
  github.permissions.set('maintainer', 'write')
})

afterEach(async () => {
  await github.close()
  await models.close()
})

const open = (n: number, head = HEAD_SHA, diff = demoDiff()): void =>
  void github.pulls.set(n, { number: n, headSha: head, baseSha: 'b'.repeat(40), title: `PR ${n}`, diff, author: 'alice' })
const review = (n: number): ReturnType<typeof runAgainst> =>
  runAgainst(github, models, {
    event: { action: 'synchronize', number: n, pull_request: { number: n, head: { sha: github.pulls.get(n)!.headSha } } },
  })
const close = (n: number, merged: boolean): void =>
  void github.pulls.set(n, { ...github.pulls.get(n)!, state: 'closed', merged, closedAt: RECENT })
const rewrite30 = (): string => demoDiff().replace('+  if (bucket.tokens < 0) return false\n', '+  if (bucket.tokens < 1) return false\n')

describe('stats over closed pull requests', () => {
  it('counts what became of each finding: fixed in the next push, vanished, open at merge, dismissed', async () => {
    // #7: a convergent BLOCK fixed by the next push, and qwen's lone WARN it does not repeat.
    open(7)
    said = { opus: [`${RL}:30`], kimi: [`${RL}:30`], qwen: [`${RL}:19 WARN`] }
    expect((await review(7)).result?.conclusion).toBe('failure')
    open(7, 'e'.repeat(40), rewrite30())
    said = {}
    expect((await review(7)).result?.conclusion).toBe('success')
    close(7, true)

    // #8: a convergent BLOCK still reported when it is merged.
    open(8)
    said = { opus: [`${RL}:30`], kimi: [`${RL}:30`] }
    await review(8)
    close(8, true)

    // #9: a convergent BLOCK a maintainer dismisses as a false positive; closed without merging.
    open(9)
    said = { opus: [`${RL}:19`], kimi: [`${RL}:19`] }
    await review(9)
    const sticky = github.comments.find((c) => c.issue_number === 9 && c.body.includes(COMMENT_MARKER))!
    const id = /`\/review dismiss ([0-9a-f]{7}) <reason>`/.exec(sticky.body)?.[1] ?? ''
    github.comments.push({
      id: 9001,
      user: { login: 'maintainer', type: 'User' },
      body: `/review dismiss ${id} false-positive`,
      html_url: 'https://github.com/octo/widgets/pull/9#issuecomment-9001',
      issue_number: 9,
    })
    const event = commentOnPull(`/review dismiss ${id} false-positive`)
    Object.assign(event.issue, { number: 9 })
    Object.assign(event.comment, { id: 9001 })
    expect((await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })).result?.conclusion).toBe('success')
    close(9, false)

    const run = await cli(['stats', 'octo/widgets', '--json'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url })
    expect(run.code).toBe(0)
    const stats = JSON.parse(run.stdout) as ReturnType<typeof aggregate>
    const counts = (findings: number, c: Partial<Record<'addressed' | 'dismissed' | 'vanished' | 'open', number>>): object => ({
      findings,
      addressed: 0,
      dismissed: 0,
      vanished: 0,
      open: 0,
      ...c,
    })
    expect(stats.pullRequests).toEqual({ read: 3, counted: 3, merged: 2, skipped: 0 })
    expect(stats.byAgreement).toEqual({
      '1': counts(1, { vanished: 1 }),
      '2': counts(3, { addressed: 1, open: 1, dismissed: 1 }),
      '3': counts(0, {}),
    })
    expect(stats.byLineage).toEqual({
      anthropic: counts(3, { addressed: 1, open: 1, dismissed: 1 }),
      moonshotai: counts(3, { addressed: 1, open: 1, dismissed: 1 }),
      qwen: counts(1, { vanished: 1 }),
    })
    expect(stats.gating).toEqual(counts(3, { addressed: 1, open: 1, dismissed: 1 }))
    expect(stats.gate).toEqual({ runs: 5, failed: 3, overruled: 1, falsePositiveBlocks: 1 })
    expect(run.stderr).toContain('stats: 3/3 pull requests read')
    // Reading needs no write.
    expect(github.writes().filter((w) => w.headers.authorization?.includes(TOKEN))).toEqual([])

    const text = await cli(['stats', 'octo/widgets'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url })
    if (process.env.SHOW_READS) console.log(text.stdout)
    expect(text.stdout).toMatch(/^ +2 lineages +3 +33% +33% +0% +33%$/m)
    expect(text.stdout.split('\n').every((l) => l.length <= 120)).toBe(true)
  })

  it('reads 500 closed pull requests with one read each plus the pages of the list, and skips those without a ledger', async () => {
    const ledger = encodeLedger({
      head: 'a'.repeat(40),
      entries: [
        {
          id: '0000001',
          identity: { path: '00000000', lines: ['11111111'] },
          severity: 'BLOCK',
          lineages: ['anthropic', 'qwen'],
          reviewers: ['opus', 'qwen'],
          agreement: 2,
          gated: true,
          first: 'a'.repeat(12),
          last: 'a'.repeat(12),
          outcome: 'addressed',
        },
      ],
      record: { runs: 2, failed: 1, overruled: 0, costUsd: 0.5 },
    })
    for (let n = 1; n <= 500; n++) {
      github.pulls.set(n, {
        number: n,
        headSha: HEAD_SHA,
        baseSha: 'b'.repeat(40),
        title: `PR ${n}`,
        diff: '',
        state: 'closed',
        merged: true,
        closedAt: RECENT,
      })
      github.comments.push({
        id: 10_000 + n,
        user: { login: 'someone', type: 'User' },
        body: 'LGTM',
        html_url: `https://github.com/octo/widgets/pull/${n}#issuecomment-${10_000 + n}`,
        issue_number: n,
      })
      if (n % 50 !== 0)
        github.comments.push({
          id: 20_000 + n,
          user: { login: 'github-actions[bot]', type: 'Bot' },
          body: `${COMMENT_MARKER}\nreport${ledger}`,
          html_url: `https://github.com/octo/widgets/pull/${n}#issuecomment-${20_000 + n}`,
          issue_number: n,
        })
    }
    // An old closed pull request outside the window is not read.
    github.pulls.set(501, {
      number: 501,
      headSha: HEAD_SHA,
      baseSha: 'b'.repeat(40),
      title: 'old',
      diff: '',
      state: 'closed',
      closedAt: '2020-01-01T00:00:00Z',
    })
    const before = github.requests.length
    const run = await cli(['stats', 'octo/widgets', '--json'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url })
    const reads = github.requests.length - before
    const stats = JSON.parse(run.stdout) as ReturnType<typeof aggregate>
    expect(stats.pullRequests).toEqual({ read: 500, counted: 490, merged: 490, skipped: 10 })
    expect(stats.skipped[0]).toEqual({ number: 50, reason: 'no comment by github-actions[bot]' })
    expect(stats.byAgreement['2']).toMatchObject({ findings: 490, addressed: 490 })
    expect(stats.cost.totalUsd).toBeCloseTo(245, 5)
    // 500 comment reads, and the list's pages: 501 pull requests at 100 a page.
    expect(reads).toBe(500 + 6)
    if (process.env.SHOW_READS) console.log(`stats: ${reads} reads for 500 closed pull requests`)
  })

  it('refuses a bad repository, --since or --limit, and an empty token, before any request', async () => {
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url }
    const runs = await Promise.all([
      cli(['stats', 'widgets'], env),
      cli(['stats', 'octo/widgets', '--since', 'last-week'], env),
      cli(['stats', 'octo/widgets', '--limit', '0'], env),
      cli(['stats', 'octo/widgets'], { GITHUB_API_URL: github.url }),
    ])
    expect(runs.map((r) => [r.code, r.stderr.split('\n')[0]])).toEqual([
      [2, 'stats takes a repository like owner/repo, got "widgets".'],
      [2, '--since takes days (90d), weeks (12w) or a past date (2026-09-01), got "last-week".'],
      [2, '--limit must be a whole number of pull requests, 1 or more, got "0".'],
      [2, 'stats reads pull requests with the token in GITHUB_TOKEN, which is empty: export one that can read the repository.'],
    ])
    expect(github.requests).toHaveLength(0)
  })
})
