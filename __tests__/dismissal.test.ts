// Overruling the gate on the loopback GitHub: a maintainer dismisses gating
// findings with `/review dismiss`, the check is decided again without calling
// a model, refused commands are answered and change nothing, and a dismissal
// lasts across pushes that leave its lines as they were, not one that
// rewrites them. Every request is held to GitHub's OpenAPI description.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst, type RunRecord } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff, demoDiffMovedDown } from './helpers/fixtures.ts'
import { commentOnPull, webhook } from './helpers/webhooks.ts'

const RL = 'services/gateway/src/ratelimit.ts'
const PR = 7
const AUTHOR = 'alice'
const MAINTAINER = 'maintainer'
const COMMIT_2 = 'e'.repeat(40)
const COMMIT_3 = 'f'.repeat(40)

/** Where opus and kimi flag a BLOCK on the limiter's bundle (qwen ships): shifted when a push moves the code. */
let places: string[] = []
const reviewer: ModelScript = (req) => {
  if (!fencedDiff(req).includes(`+++ b/${RL}`)) return { reply: 'VERDICT: ship' }
  const blocks = places.map((w) => `SEVERITY: BLOCK\nWHERE: ${w}\nWHAT: Problem at ${w}.\nWHY: The diff shows it.\n`)
  return { reply: `${blocks.join('\n')}\nVERDICT: hold` }
}

let github: FakeGitHub
let models: FakeModels
let nextComment = 5000

beforeEach(async () => {
  places = [`${RL}:19`, `${RL}:30`]
  github = await startFakeGitHub()
  github.pulls.set(PR, {
    number: PR,
    headSha: HEAD_SHA,
    baseSha: 'b'.repeat(40),
    title: 'Add rate limiting',
    diff: demoDiff(),
    author: AUTHOR,
  })
  github.permissions.set(MAINTAINER, 'write')
  github.permissions.set(AUTHOR, 'write')
  github.permissions.set('reader', 'read')
  models = await startFakeModels({
    'anthropic/opus': reviewer,
    'moonshotai/kimi': reviewer,
    'qwen/qwen3-coder': () => ({ reply: 'VERDICT: ship' }),
  })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

const review = (): Promise<RunRecord> => runAgainst(github, models)

/** `login` comments `body` on the pull request; the run its issue_comment event starts. */
function comment(login: string, body: string, type = 'User', inputs: Record<string, string> = {}): Promise<RunRecord> {
  const id = nextComment++
  const at = new Date(Date.UTC(2026, 11, 7, 10, 0, id - 5000)).toISOString().replace('.000', '')
  github.comments.push({
    id,
    user: { login, type },
    body,
    html_url: `https://github.com/octo/widgets/pull/7#issuecomment-${id}`,
    issue_number: PR,
    created_at: at,
    updated_at: at,
  })
  const event = commentOnPull(body)
  event.issue.number = PR
  event.comment.id = id
  event.comment.user.login = login
  return runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event, inputs })
}

const sticky = (): string => {
  const ours = github.comments.filter((c) => c.user.login === 'github-actions[bot]' && c.body.includes('cross-lineage-review:sticky'))
  expect(ours).toHaveLength(1)
  return ours[0]!.body
}
/** The id the sticky comment shows for the finding at `line`, read from its dismiss command. */
const idAt = (line: number): string => {
  const row = sticky()
    .split('\n')
    .find((l) => l.includes(`${RL}:${line}`) && l.includes('dismiss'))
  return /`\/review dismiss ([0-9a-f]{7}) <reason>`/.exec(row ?? '')?.[1] ?? ''
}
const lastCheck = (): FakeGitHub['checkRuns'][number] => github.checkRuns.at(-1)!
const botReplies = (): string[] =>
  github.comments
    .filter((c) => c.user.login === 'github-actions[bot]' && !c.body.includes('cross-lineage-review:sticky'))
    .map((c) => c.body)
const noneInProgress = (): void => expect(github.checkRuns.filter((r) => r.status !== 'completed')).toEqual([])

/** A push that adds three lines above the limiter: its findings move down by three, their lines unchanged. */
const pushMovingCode = (): void => {
  places = [`${RL}:22`, `${RL}:33`]
  const diff = demoDiffMovedDown()
  github.pulls.set(PR, { ...github.pulls.get(PR)!, headSha: COMMIT_2, diff })
}
/** A push that rewrites the line of the finding now at 33. */
const pushRewriting = (): void => {
  const pull = github.pulls.get(PR)!
  const diff = pull.diff.replace('+  if (bucket.tokens < 0) return false\n', '+  if (bucket.tokens < 0) return bucket.tokens === -1\n')
  expect(diff).not.toBe(pull.diff)
  github.pulls.set(PR, { ...pull, headSha: COMMIT_3, diff })
}

describe('dismissing a gating finding', () => {
  it('takes a maintainer’s dismissals, refuses the author’s and a reader’s, keeps them across a push that moves the code, and lapses one whose lines are rewritten', async () => {
    const first = await review()
    expect(first.result?.conclusion).toBe('failure')
    const calls = models.calls().length
    expect(calls).toBe(6) // two bundles (the lockfile is excluded) × three reviewers
    const [id19, id30] = [idAt(19), idAt(30)]
    expect(id19).toMatch(/^[0-9a-f]{7}$/)
    expect(id30).toMatch(/^[0-9a-f]{7}$/)
    expect(lastCheck().annotations.map((a) => a.title)).toEqual([
      `BLOCK · convergent: opus + kimi · ${id19}`,
      `BLOCK · convergent: opus + kimi · ${id30}`,
    ])

    // A maintainer dismisses one: a new check, still failing on the other, and no model asked.
    const one = await comment(MAINTAINER, `/review dismiss ${id30} false-positive: the limiter is never below zero here`)
    expect(one.result?.conclusion).toBe('failure')
    expect(models.calls()).toHaveLength(calls)
    expect(github.checkRuns).toHaveLength(2)
    expect(lastCheck()).toMatchObject({ head_sha: HEAD_SHA, conclusion: 'failure' })
    expect(one.result?.reasons).toContain(`dismissed: BLOCK at ${RL}:30 (convergent: opus + kimi) by maintainer as false-positive`)
    expect(sticky()).toMatch(/### Dismissed findings \(1\)/)
    expect(sticky()).toContain('maintainer on [2026-12-07]')
    expect(sticky()).toContain('the limiter is never below zero here')
    expect(one.warnings).toEqual([])
    expect(github.comments.find((c) => c.body.startsWith('/review dismiss'))?.reactions).toEqual(['github-actions[bot]:+1'])

    // The author and a reader are refused with a reason; nothing changes and no check is posted.
    const own = await comment(AUTHOR, `/review dismiss ${id19} wont-fix`)
    const reader = await comment('reader', `/review dismiss ${id19} false-positive`)
    expect([own.result?.conclusion, reader.result?.conclusion]).toEqual(['skipped', 'skipped'])
    expect(botReplies()).toEqual([
      expect.stringMatching(
        /^@alice this command changed nothing: alice opened this pull request, and the repository's policy does not let authors dismiss/,
      ),
      expect.stringMatching(/^@reader this command changed nothing: reader has read access; dismissing needs write access or more\./),
    ])
    expect(github.checkRuns).toHaveLength(2)
    expect(models.calls()).toHaveLength(calls)

    // The maintainer dismisses the other: success, still no model.
    const both = await comment(MAINTAINER, `/review dismiss ${id19} accepted-risk`)
    expect(both.result?.conclusion).toBe('success')
    expect(both.outputs.dismissed).toBe('2')
    expect(lastCheck()).toMatchObject({ conclusion: 'success' })
    expect(models.calls()).toHaveLength(calls)

    // A push that only moves the code: reviewed again, still dismissed, still success.
    pushMovingCode()
    const moved = await review()
    expect(models.calls().length).toBeGreaterThan(calls)
    expect(moved.result?.conclusion).toBe('success')
    expect(lastCheck()).toMatchObject({ head_sha: COMMIT_2, conclusion: 'success' })

    // A push that rewrites one finding's line while the reviewers still report it: it gates again.
    pushRewriting()
    const rewritten = await review()
    expect(rewritten.result?.conclusion).toBe('failure')
    expect(lastCheck()).toMatchObject({ head_sha: COMMIT_3, conclusion: 'failure' })
    expect(rewritten.result?.reasons).toEqual([
      `BLOCK at ${RL}:33 (convergent: opus + kimi)`,
      `dismissed: BLOCK at ${RL}:22 (convergent: opus + kimi) by maintainer as accepted-risk`,
    ])

    noneInProgress()
    sticky()
  })

  it('answers an unknown id, a missing reason and an edited command, and ignores a bot, changing nothing', async () => {
    await review()
    const checks = github.checkRuns.length
    const unknown = await comment(MAINTAINER, '/review dismiss 0000000 false-positive')
    const reasonless = await comment(MAINTAINER, `/review dismiss ${idAt(19)}`)
    const bot = await comment('renovate[bot]', `/review dismiss ${idAt(19)} false-positive`, 'Bot')
    expect([unknown, reasonless, bot].map((r) => r.result?.conclusion)).toEqual(['skipped', 'skipped', 'skipped'])
    expect(botReplies()).toEqual([
      expect.stringContaining('this command changed nothing: unknown id 0000000: no finding of this pull request has it'),
      expect.stringContaining('this command changed nothing: missing reason: add one of false-positive, wont-fix, accepted-risk'),
      expect.stringContaining('this command changed nothing: a bot cannot dismiss findings'),
    ])

    // Edited after it was posted: the trail must be what was posted.
    const id = nextComment
    const edited = comment(MAINTAINER, `/review dismiss ${idAt(30)} false-positive`)
    github.comments.find((c) => c.id === id)!.updated_at = '2026-12-08T00:00:00Z'
    expect((await edited).result?.conclusion).toBe('skipped')
    expect(botReplies().at(-1)).toContain('the command was edited after it was posted; post it again as a new comment')
    expect(github.checkRuns).toHaveLength(checks)
    expect(models.calls()).toHaveLength(6)
  })

  it.each([403, 404, 502])('refuses a command whose author’s permission GitHub answers %i to, posting no check', async (status) => {
    await review()
    github.failNext({ method: 'GET', path: /\/collaborators\/maintainer\/permission$/, status, times: Infinity })
    const run = await comment(MAINTAINER, `/review dismiss ${idAt(30)} false-positive`)
    expect(run.result?.conclusion).toBe('skipped')
    expect(botReplies()).toEqual([
      expect.stringContaining(`maintainer's permission could not be checked \\(HTTP ${status}\\), so the command is not applied`),
    ])
    expect(github.checkRuns).toHaveLength(1)
    expect(models.calls()).toHaveLength(6)
  })

  it('applies no dismissal on a review whose permission reads fail, and says so in the report', async () => {
    await review()
    github.failNext({ method: 'GET', path: /\/collaborators\/maintainer\/permission$/, status: 403, times: Infinity })
    github.comments.push({
      id: 4999,
      user: { login: MAINTAINER, type: 'User' },
      body: `/review dismiss ${idAt(30)} false-positive`,
      html_url: 'https://github.com/octo/widgets/pull/7#issuecomment-4999',
      issue_number: PR,
    })
    const again = await runAgainst(github, models, { inputs: { 'force-full-review': 'true' } })
    expect(again.result?.conclusion).toBe('failure')
    expect(again.result?.reasons).not.toContainEqual(expect.stringContaining('dismissed:'))
    expect(sticky()).toContain("maintainer's permission could not be checked \\(HTTP 403\\)")
  })

  it('ignores a hand-edited or damaged ledger with a warning, and gates as without it', async () => {
    await review()
    const ours = github.comments.find((c) => c.body.includes('cross-lineage-review:sticky'))!
    ours.body = ours.body.replace(/(<!-- cross-lineage-review:ledger v1 )[A-Za-z0-9+/=]{12}/, '$1AAAAAAAAAAAA')
    const again = await review()
    expect(again.result?.conclusion).toBe('failure')
    expect(again.result?.reasons).toEqual([`BLOCK at ${RL}:19 (convergent: opus + kimi)`, `BLOCK at ${RL}:30 (convergent: opus + kimi)`])
    expect(again.warnings).toContain(
      'the findings ledger in the last comment is damaged; it is ignored, and finding ids and outcomes start again from this run',
    )
    expect(sticky()).toContain('<!-- cross-lineage-review:ledger v1 ')
  })

  it('needs no model key: the re-tally calls no model', async () => {
    await review()
    const run = await comment(MAINTAINER, `/review dismiss ${idAt(30)} wont-fix`, 'User', { 'api-key': '' })
    expect(run.error).toBeUndefined()
    expect(run.result?.reasons).toContain(`dismissed: BLOCK at ${RL}:30 (convergent: opus + kimi) by maintainer as wont-fix`)
    expect(models.calls()).toHaveLength(6)
  })

  it('takes a dismissal back with undismiss: the finding gates again', async () => {
    await review()
    const id = idAt(30)
    await comment(MAINTAINER, `/review dismiss ${idAt(19)} false-positive`)
    await comment(MAINTAINER, `/review dismiss ${id} false-positive`)
    expect(lastCheck().conclusion).toBe('success')
    const back = await comment(MAINTAINER, `/review undismiss ${id}`)
    expect(back.result?.conclusion).toBe('failure')
    expect(back.result?.reasons).toContain(`BLOCK at ${RL}:30 (convergent: opus + kimi)`)
    expect(models.calls()).toHaveLength(6)
  })

  it('takes a dismissal written as a reply in the finding’s review thread, without the id, and answers and resolves the thread', async () => {
    await review()
    const thread = github.threads.find((t) => t.comments[0]!.line === 30)!
    expect(thread.comments[0]!.body).toContain(`\`${idAt(30)}\``)
    expect(thread.comments[0]!.body).toContain('Reply here with `/review dismiss <reason>`')
    const root = thread.comments[0]!
    const id = nextComment++
    thread.comments.push({
      ...root,
      id,
      login: MAINTAINER,
      body: '/review dismiss false-positive: guarded by the caller',
      inReplyTo: root.id,
      createdAt: '2026-12-07T11:00:00Z',
      updatedAt: '2026-12-07T11:00:00Z',
    })
    const event = webhook('pull_request_review_comment', 'created')
    event.pull_request.number = PR
    Object.assign(event.comment, { id, body: '/review dismiss false-positive: guarded by the caller', in_reply_to_id: root.id })
    const run = await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'pull_request_review_comment' }, event })

    expect(run.result?.conclusion).toBe('failure') // the finding at 19 still gates
    expect(models.calls()).toHaveLength(6)
    expect(run.result?.reasons).toContain(`dismissed: BLOCK at ${RL}:30 (convergent: opus + kimi) by maintainer as false-positive`)
    expect(thread.resolved).toBe(true)
    expect(thread.comments.at(-1)).toMatchObject({ login: 'github-actions[bot]', inReplyTo: root.id })
    expect(thread.comments.at(-1)!.body).toMatch(/^Dismissed by @maintainer as a false positive: guarded by the caller/)
    // Run again (a re-run of the workflow): the thread is not answered twice.
    await runAgainst(github, models, { env: { GITHUB_EVENT_NAME: 'pull_request_review_comment' }, event })
    expect(thread.comments.filter((c) => c.login === 'github-actions[bot]')).toHaveLength(2)
  })

  it('waits for the head commit’s review when the last review is of an earlier commit, and says so', async () => {
    await review()
    const id = idAt(30)
    pushMovingCode()
    const early = await comment(MAINTAINER, `/review dismiss ${id} false-positive`)
    expect(early.result?.conclusion).toBe('skipped')
    expect(botReplies()).toEqual([
      expect.stringMatching(/^@maintainer not applied yet: the last review is of `a1b2c3d`, and the head is `eeeeeee`/),
    ])
    expect(github.checkRuns).toHaveLength(1)
    // The head's review reads the command and applies it.
    const head = await review()
    expect(head.result?.reasons).toContain(`dismissed: BLOCK at ${RL}:33 (convergent: opus + kimi) by maintainer as false-positive`)
  })
})
