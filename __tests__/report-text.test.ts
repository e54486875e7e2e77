// What a reader of the report clicks and reads, against loopback GitHub and
// model servers: every location in the sticky comment, the check summary, the
// step summary and the review threads links to its lines at the head commit
// (the server from GITHUB_SERVER_URL, the path percent-encoded, the range
// kept); reviewers' inline code shows as code, and nothing in it or around it
// (a mention, HTML, an image, a link, an unbalanced backtick) renders as more.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { renderGfm } from './helpers/gfm.ts'

// What a reviewer can cite and the markdown must survive: spaces, brackets, a stray `)`, a reference and a mention.
const PATH = 'web/app (beta)/rate)limit[v2] #12 @octo.ts'
const ENCODED = 'web/app%20%28beta%29/rate%29limit%5Bv2%5D%20%2312%20%40octo.ts'
const DIFF = [
  `diff --git a/${PATH} b/${PATH}`,
  'new file mode 100644',
  '--- /dev/null',
  `+++ b/${PATH}`,
  '@@ -0,0 +1,4 @@',
  '+export function clientKey(req) {',
  "+  return req.headers['x-forwarded-for'].split(',')[0]",
  '+}',
  '+export const LIMIT = 10',
  '',
].join('\n')
const WHAT =
  'The key comes from `X-Forwarded-For`, which @octocat can set; `<img src=x onerror=alert(1)>` and an unbalanced ` tick stay text.'
const WHY = 'Shown as code: `@octocat`, `<b>bold</b>` and `[x](javascript:alert(1))`; outside code <b>bold</b> and ![i](x.png) stay inert.'
const REPLY = `SEVERITY: BLOCK\nWHERE: ${PATH}:2-3\nWHAT: ${WHAT}\nWHY: ${WHY}\n\nVERDICT: hold - spoofable key`

let github: FakeGitHub
let models: FakeModels

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Rate limits', diff: DIFF })
  const answer: ModelScript = (req) => ({ reply: fencedDiff(req).includes(PATH) ? REPLY : 'VERDICT: ship' })
  models = await startFakeModels({
    'anthropic/opus': answer,
    'moonshotai/kimi': answer,
    'qwen/qwen3-coder': () => ({ reply: 'VERDICT: ship' }),
  })
})

afterEach(async () => {
  await github.close()
  await models.close()
})

/** Every surface a person reads the report on, after one run. */
async function surfaces(env: Record<string, string> = {}): Promise<Record<string, string>> {
  const run = await runAgainst(github, models, { env })
  expect(run.error).toBeUndefined()
  expect(run.result?.conclusion).toBe('failure')
  return {
    comment: github.comments[0]?.body ?? '',
    check: github.checkRuns[0]?.output.summary ?? '',
    summary: run.summary,
    thread: github.threads[0]?.comments[0]?.body ?? '',
  }
}

describe('the report people read', () => {
  it('links every location to its lines at the head commit, in the comment, the check, the step summary and the thread', async () => {
    const url = `https://github.com/octo/widgets/blob/${HEAD_SHA}/${ENCODED}#L2-L3`
    const read = await surfaces()
    for (const [surface, markdown] of Object.entries(read)) {
      const { hrefs } = renderGfm(markdown)
      expect(hrefs, surface).toContain(url)
      // Nothing else links but GitHub's own pages (the review the threads are in).
      expect(
        hrefs.filter((h) => !h.startsWith(`https://github.com/octo/widgets/`)),
        surface,
      ).toEqual([])
    }
    // The gate's reason at the top of the comment, and the table row, both link.
    const top = renderGfm(read.comment!).html
    expect(top).toMatch(
      new RegExp(`<li>BLOCK at <a href="${escape(`https://github.com/octo/widgets/blob/${HEAD_SHA}/${ENCODED}#L2-L3`)}">`),
    )
  })

  it("takes the server from the runner's environment (GitHub Enterprise)", async () => {
    const read = await surfaces({ GITHUB_SERVER_URL: 'https://ghe.example.com' })
    expect(renderGfm(read.comment!).hrefs).toContain(`https://ghe.example.com/octo/widgets/blob/${HEAD_SHA}/${ENCODED}#L2-L3`)
    expect(renderGfm(read.thread!).hrefs).toContain(`https://ghe.example.com/octo/widgets/blob/${HEAD_SHA}/${ENCODED}#L2-L3`)
  })

  it("shows reviewers' inline code as code, and every mention, tag, image and link inert, in code or beside it", async () => {
    const read = await surfaces()
    for (const surface of ['comment', 'check', 'summary', 'thread'] as const) {
      const markdown = read[surface]!
      const rendered = renderGfm(markdown)
      expect(rendered.codes, surface).toEqual(expect.arrayContaining(['X-Forwarded-For', '<img src=x onerror=alert(1)>']))
      expect(rendered.images, surface).toBe(0)
      expect(rendered.html_tags, surface).toEqual([])
      expect(
        rendered.hrefs.some((h) => h.includes('javascript')),
        surface,
      ).toBe(false)
      // A mention outside code is broken by a zero-width space; inside code GitHub never notifies.
      expect(rendered.html.replace(/<code>[\s\S]*?<\/code>/g, ''), surface).not.toMatch(/@octo/)
      // The unbalanced backtick is shown as typed.
      expect(rendered.html, surface).toContain('an unbalanced ` tick stay text')
    }
    // The thread shows the WHY too: code there, inert outside.
    expect(renderGfm(read.thread!).codes).toEqual(expect.arrayContaining(['@octocat', '<b>bold</b>', '[x](javascript:alert(1))']))
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
