// The sticky comment's own functions against the loopback GitHub: the second
// test of healing duplicates (the first is the action's), here with the
// duplicates past the first page and comments that look like ours but are not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COMMENT_MARKER } from '../../src/core/render/report.ts'
import { createGitHub } from '../../src/shell/github/client.ts'
import { listComments, stickyComments, upsertStickyComment } from '../../src/shell/github/sticky-comment.ts'
import { HEAD_SHA } from '../helpers/action-run.ts'
import { startFakeGitHub, type FakeComment, type FakeGitHub } from '../helpers/fake-github.ts'
import { demoDiff } from '../helpers/fixtures.ts'

const BOT = { login: 'github-actions[bot]', type: 'Bot' }
const ref = { owner: 'octo', repo: 'widgets', prNumber: 7 }
let github: FakeGitHub

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
})
afterEach(() => github.close())

const comment = (id: number, user: FakeComment['user'], body: string): FakeComment => ({
  id,
  user,
  body,
  html_url: `https://github.com/octo/widgets/pull/7#issuecomment-${id}`,
})
const gh = () => createGitHub('ghs_loopbacktoken000000000000000000000', github.url, { throttle: false, retryBaseMs: 1 })

describe('the sticky comment heals duplicates', () => {
  it('keeps the oldest of our marked comments on any page, deletes the other ones, and leaves every other comment alone', async () => {
    const chatter = Array.from({ length: 120 }, (_, i) => comment(2000 + i, { login: 'bob', type: 'User' }, `comment ${i}`))
    github.comments.push(
      comment(10, BOT, `${COMMENT_MARKER}\nrun A`),
      comment(11, { login: 'mallory', type: 'User' }, `${COMMENT_MARKER}\nforged`),
      comment(12, BOT, 'a bot comment without the marker'),
      ...chatter,
      comment(13, BOT, `${COMMENT_MARKER}\nrun B`), // on the second page
      comment(14, BOT, `${COMMENT_MARKER}\nrun C`),
    )
    const client = gh()
    const ours = stickyComments(await listComments(client, ref), BOT.login)
    expect(ours.map((c) => c.id)).toEqual([10, 13, 14])

    const posted = await upsertStickyComment(client, ref, ours, `${COMMENT_MARKER}\nthis run`)
    expect(posted).toEqual({ url: 'https://github.com/octo/widgets/pull/7#issuecomment-10', action: 'updated', removedDuplicates: 2 })
    expect(github.comments.map((c) => c.id)).toEqual([10, 11, 12, ...chatter.map((c) => c.id)])
    expect(github.comments[0]!.body).toBe(`${COMMENT_MARKER}\nthis run`)
    expect(github.comments[1]!.body).toBe(`${COMMENT_MARKER}\nforged`)
  })

  it('posts one comment when there is none, and writes nothing to a comment that already says it', async () => {
    const client = gh()
    const created = await upsertStickyComment(client, ref, [], `${COMMENT_MARKER}\nfirst`)
    expect(created).toMatchObject({ action: 'created', removedDuplicates: 0 })
    const again = await upsertStickyComment(
      client,
      ref,
      stickyComments(await listComments(client, ref), BOT.login),
      `${COMMENT_MARKER}\nfirst`,
    )
    expect(again).toMatchObject({ action: 'unchanged', removedDuplicates: 0 })
    expect(github.comments).toHaveLength(1)
    expect(github.writes().map((w) => w.method)).toEqual(['POST'])
  })
})
