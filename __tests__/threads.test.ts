// Convergent findings as review threads, against loopback GitHub and model
// servers: one COMMENT review of RIGHT-side line comments, nothing posted twice
// across runs and commits, threads resolved when their finding goes away,
// suggestions only for an agreed fix of exactly the commented lines, and every
// refusal (a fork's read-only token, 403, 422) a warning, never a failure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst, type RunOptions, type RunRecord } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff, demoDiffMovedDown } from './helpers/fixtures.ts'

const RL = 'services/gateway/src/ratelimit.ts'
const SERVER = 'services/gateway/src/server.ts'
const NEW_SHA = 'e'.repeat(40)
const FIX = '  if (bucket.tokens <= 0) return false'

interface Block {
  where: string
  severity?: string
  fix?: string
}
const reply = (blocks: readonly Block[]): string =>
  blocks
    .map(
      (b) =>
        `SEVERITY: ${b.severity ?? 'BLOCK'}\nWHERE: ${b.where}\nWHAT: Problem at ${b.where}.\nWHY: The diff shows it.\n` +
        (b.fix === undefined ? '' : `FIX:\n\`\`\`\n${b.fix}\n\`\`\`\n`),
    )
    .join('\n') + `\nVERDICT: ${blocks.length > 0 ? 'hold' : 'ship'}`

/** Models whose answers on the gateway bundle the test sets per reviewer; every other bundle ships. */
let answers: Record<string, Block[]> = {}
const gateway =
  (name: string): ModelScript =>
  (req) => ({ reply: fencedDiff(req).includes(`+++ b/${RL}`) ? reply(answers[name] ?? []) : 'VERDICT: ship' })

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  answers = {}
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Add rate limiting', diff: demoDiff() })
  models = await startFakeModels({
    'anthropic/opus': gateway('opus'),
    'moonshotai/kimi': gateway('kimi'),
    'qwen/qwen3-coder': gateway('qwen'),
  })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

/** opus and kimi (two lineages) both report these. */
const agree = (...blocks: Block[]): void => {
  answers.opus = blocks
  answers.kimi = blocks
}
const run = (options: RunOptions = {}): Promise<RunRecord> => runAgainst(github, models, options)
const threadAt = (path: string): FakeGitHub['threads'][number] | undefined => github.threads.find((t) => t.path === path)
/** A push: three lines above the limiter's code, so its findings move down by three. */
const pushMovingCode = (): void => {
  const diff = demoDiffMovedDown()
  github.pulls.set(7, { ...github.pulls.get(7)!, headSha: NEW_SHA, diff })
}

describe('review threads', () => {
  it('posts two convergent findings in the diff as one COMMENT review of two RIGHT-side comments naming the reviewers', async () => {
    agree({ where: `${RL}:30` }, { where: `${SERVER}:20-21`, severity: 'WARN' })
    const r = await run()

    expect(r.error).toBeUndefined()
    expect(github.reviews).toHaveLength(1)
    expect(github.reviews[0]).toMatchObject({ event: 'COMMENT', commitId: HEAD_SHA, login: 'github-actions[bot]' })
    expect(github.threads.map((t) => [t.path, t.comments[0]!.startLine, t.comments[0]!.line, t.comments[0]!.side])).toEqual([
      [RL, undefined, 30, 'RIGHT'],
      [SERVER, 20, 21, 'RIGHT'],
    ])
    for (const t of github.threads) expect(t.comments[0]!.body).toContain('convergent: **opus** and **kimi** (2 lineages)')
    // The sticky comment links the review; the check is still the gate.
    const reviewUrl = `https://github.com/octo/widgets/pull/7#pullrequestreview-${github.reviews[0]!.id}`
    expect(github.comments[0]!.body).toContain(`**Review threads**: 2 new on the changed lines ([review](${reviewUrl})).`)
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('gives an off-diff convergent finding no line comment, and GitHub refuses nothing', async () => {
    agree({ where: `${RL}:90` }, { where: `${RL}:30` })
    const r = await run()
    expect(r.result?.reasons).toContain('BLOCK at services/gateway/src/ratelimit.ts:90 (convergent: opus + kimi)')
    expect(github.threads.map((t) => t.comments[0]!.line)).toEqual([30])
    // Any 422 would be a recorded violation failing this test (helpers/setup.ts).
    expect(r.warnings.filter((w) => w.includes('review'))).toEqual([])
  })

  // The second test of ranges over lines the diff does not show (the first is planThreads', on plain values).
  it('comments a convergent range that spans two hunks on its first line only, and GitHub refuses nothing', async () => {
    const limits = 'services/gateway/src/limits.ts'
    const twoHunks = [
      `diff --git a/${limits} b/${limits}`,
      `--- a/${limits}`,
      `+++ b/${limits}`,
      '@@ -1,3 +1,3 @@',
      ' a1',
      '-a2',
      '+A2',
      ' a3',
      '@@ -10,3 +10,3 @@',
      ' a10',
      '-a11',
      '+A11',
      ' a12',
      '',
    ].join('\n')
    github.pulls.set(7, { ...github.pulls.get(7)!, diff: demoDiff() + twoHunks })
    agree({ where: `${limits}:2-11` })
    const r = await run()

    expect(r.result?.reasons).toEqual([expect.stringMatching(new RegExp(`^BLOCK at ${limits}:2 \\(convergent: opus \\+ kimi\\)$`))])
    expect(github.threads.map((t) => [t.path, t.comments[0]!.startLine, t.comments[0]!.line])).toEqual([[limits, undefined, 2]])
    expect(r.warnings.filter((w) => w.includes('review'))).toEqual([])
  })

  it('posts no new review or comment on a second run on the same commit', async () => {
    agree({ where: `${RL}:30` }, { where: `${SERVER}:21`, severity: 'WARN' })
    await run()
    const writes = github.writes().length
    const second = await run({ inputs: { 'force-full-review': 'true' } })

    expect(second.error).toBeUndefined()
    expect([github.reviews.length, github.threads.length, github.comments.length]).toEqual([1, 2, 1])
    expect(
      github
        .writes()
        .slice(writes)
        .filter((w) => w.method === 'POST' && !w.path.endsWith('/check-runs')),
    ).toEqual([])
    expect(github.mutations()).toEqual([])
    expect(github.comments[0]!.body).toMatch(
      /\*\*Review threads\*\*: 2 still open from an earlier run \(\[thread\]\(https:\/\/github\.com\/octo\/widgets\/pull\/7#discussion_r\d+\)\)\./,
    )
  })

  it('on a new commit, resolves the thread whose finding went away and keeps the one whose code moved', async () => {
    agree({ where: `${RL}:30` }, { where: `${SERVER}:21`, severity: 'WARN' })
    await run()
    pushMovingCode()
    agree({ where: `${RL}:33` })
    const second = await run()

    expect(second.error).toBeUndefined()
    expect(github.reviews).toHaveLength(1)
    expect([threadAt(RL)?.resolved, threadAt(SERVER)?.resolved]).toEqual([false, true])
    expect(github.mutations()).toHaveLength(1)
    expect(github.comments[0]!.body).toContain('**Review threads**: 1 still open from an earlier run')
    expect(github.comments[0]!.body).toContain('1 resolved (no longer reported)')
  })

  it('reopens the thread it resolved when the finding comes back, and leaves one a person resolved alone', async () => {
    agree({ where: `${RL}:30` }, { where: `${SERVER}:21`, severity: 'WARN' })
    await run()
    agree({ where: `${RL}:30` })
    await run({ inputs: { 'force-full-review': 'true' } })
    expect([threadAt(RL)?.resolved, threadAt(SERVER)?.resolved]).toEqual([false, true])
    // A person resolves the limiter's thread; the server finding is back.
    Object.assign(threadAt(RL)!, { resolved: true, resolvedBy: 'alice' })
    agree({ where: `${RL}:30` }, { where: `${SERVER}:21`, severity: 'WARN' })
    await run({ inputs: { 'force-full-review': 'true' } })

    expect([threadAt(RL)?.resolved, threadAt(SERVER)?.resolved]).toEqual([true, false])
    expect(github.reviews).toHaveLength(1)
    expect(github.mutations().map((m) => /(\w+)\(input/.exec(m.json<{ query: string }>().query)?.[1])).toEqual([
      'resolveReviewThread',
      'unresolveReviewThread',
    ])
    expect(github.comments[0]!.body).toContain('**Review threads**: 1 still open from an earlier run')
    expect(github.comments[0]!.body).toContain('1 reopened (reported again) · 1 left resolved by a person.')
  })

  it('offers a suggestion only when the agreeing fix covers exactly the commented lines', async () => {
    const serverFix = '    res.end(`internal error`)'
    answers.opus = [
      { where: `${RL}:30`, fix: FIX },
      { where: `${SERVER}:20-21`, severity: 'WARN', fix: serverFix },
    ]
    answers.kimi = [
      { where: `${RL}:30`, fix: FIX },
      { where: `${SERVER}:21`, severity: 'WARN', fix: serverFix },
    ]
    await run()
    const [limiter, server] = [threadAt(RL)!.comments[0]!.body, threadAt(SERVER)!.comments[0]!.body]
    expect(limiter).toContain(`**opus** and **kimi** propose the same fix for these lines:\n\n\`\`\`suggestion\n${FIX}\n\`\`\``)
    // They agree on line 21 only; opus's fix replaces 20-21: shown, not offered.
    expect(threadAt(SERVER)!.comments[0]).toMatchObject({ line: 21 })
    expect(server).not.toContain('```suggestion')
    expect(server).toContain('not offered as a suggestion (it replaces lines 20-21, not exactly the commented lines)')
  })

  it("on a fork's read-only token, warns and still reports: no failure, nothing half-posted", async () => {
    agree({ where: `${RL}:30` })
    github.readOnly = true
    const r = await run()

    expect(r.error).toBeUndefined()
    expect(r.result?.conclusion).toBe('failure') // the convergent BLOCK, through the exit code
    expect([github.reviews.length, github.threads.length, github.checkRuns.length, github.comments.length]).toEqual([0, 0, 0, 0])
    expect(r.warnings).toContain(
      'Could not post the review threads (HTTP 403: Resource not accessible by integration); the workflow needs `permissions: pull-requests: write` (a pull request from a fork gets a read-only token). The findings are listed here and annotated on the check.',
    )
    expect(r.annotations).toEqual([expect.objectContaining({ path: RL, start_line: 30 })])
  })

  it('when GitHub refuses the review (422), warns, says so in the comment, and completes the check', async () => {
    agree({ where: `${RL}:30` })
    github.failNext({ method: 'POST', path: /\/pulls\/7\/reviews$/, status: 422, message: 'Unprocessable Entity' })
    const r = await run()

    expect(r.error).toBeUndefined()
    expect(github.threads).toEqual([])
    expect(r.warnings.some((w) => w.startsWith('Could not post the review threads (HTTP 422'))).toBe(true)
    expect(github.comments[0]!.body).toContain(
      '_Could not post the review threads \\(HTTP 422: Unprocessable Entity\\); GitHub refused a line',
    )
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('when the threads cannot be listed, posts no line comment (none is duplicated) and warns', async () => {
    agree({ where: `${RL}:30` })
    github.failNext({
      method: 'POST',
      path: /^\/graphql$/,
      status: 403,
      message: 'Resource not accessible by integration',
      when: (req) => req.body.includes('reviewThreads'),
    })
    const r = await run()
    expect(r.error).toBeUndefined()
    expect(github.reviews).toEqual([])
    expect(r.warnings).toContain(
      'Could not read the review threads (HTTP 403: Resource not accessible by integration); no line comment was posted, so none is duplicated.',
    )
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
  })

  it('where resolving is refused, says in the thread that the finding is no longer reported at the commit, once', async () => {
    agree({ where: `${RL}:30` }, { where: `${SERVER}:21`, severity: 'WARN' })
    await run()
    github.refuseResolve = true
    pushMovingCode()
    agree({ where: `${RL}:33` })
    await run()
    const server = threadAt(SERVER)!
    expect(server.resolved).toBe(false)
    expect(server.comments[0]!.body.split('\n')[1]).toBe(
      '> **No longer reported at `eeeeeee`:** the reviewers no longer agree on this finding. <!-- cross-lineage-review:gone -->',
    )
    const edits = (): number => github.writes().filter((w) => w.method === 'PATCH' && w.path.includes('/pulls/comments/')).length
    expect(edits()).toBe(1)
    await run()
    expect(edits()).toBe(1)
    expect(github.comments[0]!.body).toContain('1 marked no longer reported (resolving was refused)')
  })

  it('never resolves or edits a thread it did not start, even one quoting its marker', async () => {
    agree({ where: `${SERVER}:21`, severity: 'WARN' })
    await run()
    const ours = threadAt(SERVER)!
    github.threads.push({ ...ours, id: 'PRRT_alice', resolved: false, comments: [{ ...ours.comments[0]!, id: 1, login: 'alice' }] })
    agree()
    await run({ inputs: { 'force-full-review': 'true' } })
    expect(github.threads.map((t) => [t.id, t.resolved])).toEqual([
      [ours.id, true],
      ['PRRT_alice', false],
    ])
  })

  it('keeps at most max-inline-comments threads, most severe first, and lists the rest in the sticky comment', async () => {
    agree({ where: `${SERVER}:21`, severity: 'WARN' }, { where: `${RL}:30` })
    await run({ inputs: { 'max-inline-comments': '1' } })
    expect(github.threads.map((t) => t.path)).toEqual([RL])
    expect(github.comments[0]!.body).toContain(
      `_1 more convergent finding(s) on the changed lines have no review thread (max-inline-comments 1): WARN [services/gateway/src/server.ts:21](https://github.com/octo/widgets/blob/${HEAD_SHA}/services/gateway/src/server.ts#L21)._`,
    )
  })

  it('with inline-comments: none, posts no review and reads no thread', async () => {
    agree({ where: `${RL}:30` })
    await run({ inputs: { 'inline-comments': 'none' } })
    expect(github.reviews).toEqual([])
    expect(github.requests.filter((r) => r.path === '/graphql' && r.body.includes('reviewThreads'))).toEqual([])
    expect(github.comments[0]!.body).not.toContain('Review threads')
  })
})
