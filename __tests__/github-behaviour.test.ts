// How the action behaves against GitHub's answers and events, end to end
// through runAction: each test pins a behaviour that a plausible change to
// src/ would break without any other test noticing. Tests marked "Was a bug"
// reproduced a bug found this way before it was fixed.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { HEAD_SHA, runAgainst, type RunRecord } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub, type FakePull } from './helpers/fake-github.ts'
import { fencedDiff, startFakeModels, type FakeModels, type ModelScript } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'
import { commentOnPull, webhook } from './helpers/webhooks.ts'

const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const finding = (where: string, severity = 'BLOCK'): string =>
  `SEVERITY: ${severity}\nWHERE: ${where}\nWHAT: Problem at ${where}.\nWHY: The diff shows it.\n`
// The two reads of a pull request: its JSON, and its diff (Accept: …diff).
const diff = (r: { headers: Record<string, unknown> }): boolean => String(r.headers.accept).includes('diff')
const json = (r: { headers: Record<string, unknown> }): boolean => !diff(r)
const pull7: FakePull = { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Add rate limiting', diff: demoDiff() }

let github: FakeGitHub | undefined
let models: FakeModels | undefined

afterEach(async () => {
  await github?.close()
  await models?.close()
  github = models = undefined
})

async function servers(
  script: Record<string, ModelScript> = { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship },
  repo?: { name: string; owner: { login: string } },
): Promise<{ gh: FakeGitHub; m: FakeModels }> {
  github = repo ? await startFakeGitHub(repo.owner.login, repo.name) : await startFakeGitHub()
  models = await startFakeModels(script)
  return { gh: github, m: models }
}

describe('GitHub errors', () => {
  it('does not retry a 401 on a read: one request, and an error that names the status', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, pull7)
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 401, message: 'Bad credentials', when: json, times: Infinity })
    const run = await runAgainst(gh, m)

    expect(run.error?.message).toBe(
      `Could not read pull request #7 of octo/widgets (HTTP 401 from ${gh.url}/repos/octo/widgets/pulls/7): check the pull request number and that the token can read pull requests.`,
    )
    // The diff is read alongside; the refused read of the pull request itself is not asked again.
    expect(gh.requests.filter((r) => r.path === '/repos/octo/widgets/pulls/7' && json(r))).toHaveLength(1)
    expect(gh.checkRuns).toHaveLength(0)
    expect(m.requests).toHaveLength(0)
  })

  it('blames GitHub, not the pull request number, for a 5xx that outlasts the retries', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, pull7)
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 502, message: 'Bad Gateway', times: Infinity })
    const run = await runAgainst(gh, m)
    expect(run.error?.message).toBe(
      `Could not read pull request #7 of octo/widgets (HTTP 502 from ${gh.url}/repos/octo/widgets/pulls/7): GitHub is failing to answer (after retries); re-run later.`,
    )
    expect(m.requests).toHaveLength(0)
  })

  it('says each retry of a GitHub 5xx while it waits, so a slow GitHub is not a silent one', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, pull7)
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 502, message: 'Bad Gateway', when: json, times: 2 })
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 503, message: 'Unavailable', when: diff })
    const run = await runAgainst(gh, m)
    expect(run.result?.conclusion).toBe('success')
    // The two reads run at once: their lines may interleave.
    expect(run.warnings.filter((w) => w.startsWith('GitHub answered')).sort()).toEqual([
      `GitHub answered HTTP 502 to GET ${gh.url}/repos/octo/widgets/pulls/7; trying again (2 of 4)`,
      `GitHub answered HTTP 502 to GET ${gh.url}/repos/octo/widgets/pulls/7; trying again (3 of 4)`,
      `GitHub answered HTTP 503 to GET ${gh.url}/repos/octo/widgets/pulls/7 (the diff); trying again (2 of 4)`,
    ])
  })

  it('announces no retry after the last try', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, pull7)
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 502, message: 'Bad Gateway', when: json, times: Infinity })
    const run = await runAgainst(gh, m)
    expect(run.error?.message).toMatch(/GitHub is failing to answer \(after retries\)/)
    expect(run.warnings.filter((w) => w.startsWith('GitHub answered')).map((w) => w.slice(-8))).toEqual([
      '(2 of 4)',
      '(3 of 4)',
      '(4 of 4)',
    ])
  })

  it('does not retry a 401 on the diff either; the check it started says why the review stopped', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, pull7)
    gh.failNext({ method: 'GET', path: /\/pulls\/7$/, status: 401, message: 'Bad credentials', when: diff, times: Infinity })
    const run = await runAgainst(gh, m)

    expect(run.error).toBeDefined()
    expect(gh.requests.filter((r) => r.path.endsWith('/pulls/7') && diff(r))).toHaveLength(1)
    expect(gh.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(gh.checkRuns[0]!.output.summary).toMatch(/^The review stopped before a verdict: .*Bad credentials/)
  })
})

describe('merge queue', () => {
  it('rebuilds the diff from the compare API’s JSON files when GitHub answers 406 for the compare diff', async () => {
    const event = webhook('merge_group', 'checks_requested')
    const basehead = `${event.merge_group.base_sha}...${event.merge_group.head_sha}`
    const { gh, m } = await servers(undefined, event.repository)

    // The same entry through the diff media type, for comparison.
    gh.compares.set(basehead, { diff: demoDiff() })
    await runAgainst(gh, m, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event, inputs: { 'force-full-review': 'true' } })
    const viaDiff = m.calls().map(fencedDiff).sort()
    expect(viaDiff).toHaveLength(6)

    gh.compares.set(basehead, { diff: demoDiff(), diffTooLarge: true })
    const run = await runAgainst(gh, m, { env: { GITHUB_EVENT_NAME: 'merge_group' }, event, inputs: { 'force-full-review': 'true' } })

    expect(run.result?.conclusion).toBe('success')
    const compares = gh.requests.filter((r) => r.path.endsWith(`/compare/${basehead}`)).slice(1)
    expect(compares.map((r) => String(r.headers.accept).includes('diff'))).toEqual([true, false])
    expect(m.calls().slice(6).map(fencedDiff).sort()).toEqual(viaDiff)
    expect(run.warnings).toContain('GitHub refused the full diff (HTTP 406, too large); it was rebuilt from the compare API')
    expect(gh.checkRuns.at(-1)).toMatchObject({ head_sha: event.merge_group.head_sha, status: 'completed', conclusion: 'success' })
  })
})

describe('/review comments', () => {
  async function commentRun(body: string, role: string, pull: Partial<FakePull> = {}): Promise<{ run: RunRecord; gh: FakeGitHub }> {
    const event = commentOnPull(body)
    const { gh, m } = await servers(undefined, event.repository)
    gh.pulls.set(event.issue.number, { ...pull7, number: event.issue.number, ...pull })
    gh.permissions.set(event.comment.user.login, role)
    return { run: await runAgainst(gh, m, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event }), gh }
  }

  it('ignores /review from a commenter with the triage role: only admin, maintain and write may ask', async () => {
    const { run, gh } = await commentRun('/review', 'triage')
    expect(run.result?.conclusion).toBe('skipped')
    expect(run.warnings[0]).toBe('Not reviewed: Codertocat has read access; only users with write access can request a review.')
    expect(gh.checkRuns).toHaveLength(0)
    expect(models!.requests).toHaveLength(0)
  })

  it('reviews /review from a commenter with the maintain role (GitHub calls it write)', async () => {
    const { run, gh } = await commentRun('/review', 'maintain')
    expect(run.result?.conclusion).toBe('success')
    expect(gh.checkRuns).toHaveLength(1)
  })

  it('takes /reviewer and /reviewing for other words, not the /review command; /review with words after it is the command', async () => {
    for (const body of ['/reviewer please', '/reviewing it now', '/reviews']) {
      const { run, gh } = await commentRun(body, 'admin')
      expect(run.result?.reasons).toEqual(['Not reviewed: the comment is not the /review command.'])
      expect(gh.requests).toHaveLength(0)
      await github?.close()
      await models?.close()
    }
    const { run } = await commentRun('/review please, the limiter changed', 'admin')
    expect(run.result?.conclusion).toBe('success')
  })
})

describe('closed pull requests', () => {
  it('skips a pull_request event whose pull request is closed, without calling GitHub', async () => {
    const event = webhook('pull_request', 'synchronize')
    event.pull_request.state = 'closed' // closed by the time this event's run starts
    const { gh, m } = await servers(undefined, event.repository)
    const run = await runAgainst(gh, m, { event })
    expect(run.result).toEqual({ conclusion: 'skipped', reasons: ['Not reviewed: the pull request is closed.'] })
    expect(gh.requests).toHaveLength(0)
    expect(m.requests).toHaveLength(0)
  })

  // Was a bug: getPullRequest ignored `state`, so workflow_dispatch (and workflow_run with pr-number) reviewed a closed pull request.
  it('does not review a pull request GitHub reports closed when asked by number', async () => {
    const { gh, m } = await servers()
    gh.pulls.set(7, { ...pull7, state: 'closed' })
    const run = await runAgainst(gh, m, {
      inputs: { 'pr-number': '7' },
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch' },
      event: { inputs: { 'pr-number': '7' }, ref: 'refs/heads/main' },
    })
    expect(run.result?.conclusion).toBe('skipped')
    expect(m.requests).toHaveLength(0)
    expect(gh.checkRuns).toHaveLength(0)
  })

  // Was a bug: the event's issue.state and the pull request's state were ignored, so /review on a closed pull request reviewed it.
  it('does not review a closed pull request on /review', async () => {
    const event = commentOnPull('/review')
    event.issue.state = 'closed'
    const { gh, m } = await servers(undefined, event.repository)
    gh.pulls.set(event.issue.number, { ...pull7, number: event.issue.number, state: 'closed' })
    gh.permissions.set(event.comment.user.login, 'write')
    const run = await runAgainst(gh, m, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event })
    expect(run.result?.conclusion).toBe('skipped')
    expect(m.requests).toHaveLength(0)
  })
})

describe('without a check run (no checks: write)', () => {
  it('sends at most 10 workflow annotations per level to the log, and warns how many more there are', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `+const x${i} = ${i}`)
    const diff = `diff --git a/src/many.ts b/src/many.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/many.ts\n@@ -0,0 +1,300 @@\n${lines.join('\n')}\n`
    // 12 BLOCK, 13 WARN, 2 INFO places, 5 lines apart (further than line-window): 27 convergent groups.
    const severities = [...Array<string>(12).fill('BLOCK'), ...Array<string>(13).fill('WARN'), 'INFO', 'INFO']
    const reply = severities.map((s, i) => finding(`src/many.ts:${i * 5 + 1}`, s)).join('\n') + '\nVERDICT: hold'
    const { gh, m } = await servers({ 'anthropic/opus': () => ({ reply }), 'moonshotai/kimi': () => ({ reply }), 'qwen/qwen3-coder': ship })
    gh.pulls.set(7, { ...pull7, diff })
    gh.failNext({ method: 'POST', path: /\/check-runs$/, status: 403, message: 'Resource not accessible by integration' })
    const run = await runAgainst(gh, m, { inputs: { 'max-tokens': '16000' } })

    expect(run.result?.conclusion).toBe('failure')
    expect(gh.checkRuns).toHaveLength(0)
    const perLevel = (level: string): number => run.annotations.filter((a) => a.annotation_level === level).length
    expect([perLevel('failure'), perLevel('warning'), perLevel('notice')]).toEqual([10, 10, 2])
    expect(run.warnings).toContain('5 more annotation(s) are in the job summary and tally-json; a check run (checks: write) shows them all')
    const tally = JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8')) as { groups: unknown[] }
    expect(tally.groups).toHaveLength(27)
  })
})

describe('secrets that arrive in the diff, a path or an error message (scrubbed as they arrive)', () => {
  /** Every text the run published: comment, check output and annotations, workflow annotations, summary, tally JSON, GitHub request bodies. */
  function published(gh: FakeGitHub, run: RunRecord): string[] {
    return [
      ...gh.comments.map((c) => c.body),
      ...gh.checkRuns.flatMap((c) => [c.output.title ?? '', c.output.summary ?? '', c.output.text ?? '']),
      ...gh.checkRuns.flatMap((c) => c.annotations.flatMap((a) => Object.values(a).map(String))),
      ...run.annotations.flatMap((a) => Object.values(a).map(String)),
      run.summary,
      readFileSync(run.outputs['tally-json']!, 'utf8'),
      ...gh.requests.map((r) => r.body),
    ]
  }
  /** The secret as it is, and as markdown escaping would write it (still the secret once rendered). */
  const forms = (secret: string): string[] => [secret, secret.replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&')]
  const leaks = (texts: readonly string[], secret: string): string[] =>
    texts.filter((t) => forms(secret).some((f) => t.includes(f))).map((t) => t.slice(0, 120))

  /** A pull request whose directory name is the key, a model error that quotes it, and a diff line with it. */
  async function leakyRun(key: string, reply: string): Promise<{ gh: FakeGitHub; run: RunRecord }> {
    const path = `deploy/${key}/settings.env`
    const diff =
      demoDiff() +
      `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,2 @@\n+API_KEY=${key}\n+REGION=eu\n`
    const echo: ModelScript = () => ({ status: 401, error: { message: `Incorrect API key provided: ${key}`, code: 401 } })
    const { gh, m } = await servers({ 'anthropic/opus': () => ({ reply }), 'moonshotai/kimi': () => ({ reply }), 'qwen/qwen3-coder': echo })
    gh.pulls.set(7, { ...pull7, diff })
    return { gh, run: await runAgainst(gh, m, { inputs: { 'api-key': key } }) }
  }

  // No known key shape: only redaction of the run's own secrets (as the diff and replies arrive, and before posting) can catch it.
  const KEY = 'loopback-plain-key-0123456789abcdef'

  it('keeps a key that reaches the report through a file path or an error message out of everything published', async () => {
    const { gh, run } = await leakyRun(KEY, `${finding('services/gateway/src/ratelimit.ts:30')}\nVERDICT: hold`)
    expect(run.result?.conclusion).toBe('failure')
    const texts = published(gh, run)
    // The key was there to leak: the bundle list names the file, the incomplete review quotes the error.
    expect(gh.comments[0]!.body).toContain('deploy/\\[redacted\\]/settings.env')
    expect(gh.comments[0]!.body).toMatch(
      /qwen on \S+: HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v1 \\\(check the API key\\\): 401 Incorrect API key provided: \\\[redacted\\\]$/m,
    )
    expect(leaks(texts, KEY)).toEqual([])
  })

  // Was a bug: annotation paths were not redacted; a finding cited by file name resolves to the full path, key included.
  it('keeps the key out of an annotation whose path contains it', async () => {
    const { gh, run } = await leakyRun(KEY, `${finding('settings.env:1')}\nVERDICT: hold`)
    expect(gh.checkRuns[0]!.annotations).toHaveLength(1)
    expect(leaks(published(gh, run), KEY)).toEqual([])
  })

  // Was a bug: reports escaped markdown before publish() redacted, so a key with a markdown character (`_`) went out escaped.
  it('keeps a key with markdown characters out of the comment and summaries', async () => {
    const key = 'gsk_loopbackplainkey0123456789'
    const { gh, run } = await leakyRun(key, `${finding('services/gateway/src/ratelimit.ts:30')}\nVERDICT: hold`)
    expect(leaks(published(gh, run), key)).toEqual([])
  })
})

describe('requests GitHub does not define', () => {
  // Was a bug: the whole GitHub setup (token included) was spread into GET parameters, so the token went out in the URL.
  it('never puts the token in a URL (collaborator permission, compare, contents)', async () => {
    const event = commentOnPull('/review')
    const { gh, m } = await servers(undefined, event.repository)
    gh.pulls.set(event.issue.number, { ...pull7, number: event.issue.number })
    gh.permissions.set(event.comment.user.login, 'write')
    await runAgainst(gh, m, { env: { GITHUB_EVENT_NAME: 'issue_comment' }, event, inputs: { context: 'function' } })
    expect(gh.requests.some((r) => r.path.endsWith('/permission'))).toBe(true)
    expect(gh.requests.filter((r) => r.query.has('token') || r.query.toString().includes('ghs_'))).toEqual([])
  })
})
