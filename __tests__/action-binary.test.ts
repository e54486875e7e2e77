// Issue 28, the action's side of "a change must not hide itself from
// review": GitHub decides what it shows as binary with attributes the pull
// request may have changed. A file GitHub shows without its text (a binary
// diff, or a files-API entry without a patch) is a gap that fails the gate,
// unless it is binary at the base or the base's .gitattributes marks it.
import { describe, expect, it } from 'vitest'
import { runAgainst } from './helpers/action-run.ts'
import { useDemoPull } from './helpers/demo-pull.ts'
import type { ModelScript } from './helpers/fake-models.ts'

const pull = useDemoPull()
const ship: ModelScript = () => ({ reply: 'VERDICT: ship - nothing found' })
const BASE = 'b'.repeat(40)
const shipping = { 'anthropic/opus': ship, 'moonshotai/kimi': ship, 'qwen/qwen3-coder': ship }

// What GitHub sends for a pull request that adds `*.ts -diff`: its own code as a binary file.
const HIDING = [
  'diff --git a/.gitattributes b/.gitattributes',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/.gitattributes',
  '@@ -0,0 +1 @@',
  '+*.ts -diff',
  'diff --git a/src/app.ts b/src/app.ts',
  'index 1111111..2222222 100644',
  'Binary files a/src/app.ts and b/src/app.ts differ',
  '',
].join('\n')
const GAP =
  "not reviewed: src/app.ts (shown as binary, so no reviewer saw it, but it was text at the base and the base's .gitattributes does not mark it binary); add it to `exclude` to accept that, or split the pull request"

function hidingPull(diff = HIDING): void {
  pull.github.pulls.set(7, { ...pull.github.pulls.get(7)!, diff })
  pull.github.contents.set(`${BASE}:src/app.ts`, 'export const app = 1\n')
}

describe('a file GitHub shows as binary', () => {
  it('that was text at the base fails the gate as a change no reviewer saw', async () => {
    hidingPull()
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.conclusion).toBe('failure')
    expect(run.result?.reasons).toEqual([GAP])
    expect(pull.github.checkRuns[0]!.conclusion).toBe('failure')
  })

  it("is binary when the base's .gitattributes says so (a directory's file overriding the root's), and the gate passes", async () => {
    hidingPull()
    pull.github.contents.set(`${BASE}:.gitattributes`, '*.ts diff\n')
    pull.github.contents.set(`${BASE}:src/.gitattributes`, 'app.ts -diff\n')
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result).toMatchObject({ conclusion: 'success' })
    expect(pull.github.comments[0]!.body).toMatch(/src\/app\.ts.*binary file/)
  })

  it("reads the attributes at the base, never the pull request's head", async () => {
    hidingPull()
    pull.github.contents.set(`${pull.github.pulls.get(7)!.headSha}:.gitattributes`, '*.ts -diff\n')
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([GAP])
    const refs = pull.github.requests.filter((r) => r.path.endsWith('/.gitattributes')).map((r) => r.query.get('ref'))
    expect(new Set(refs)).toEqual(new Set([BASE]))
  })

  it('that the change made binary (a NUL byte at the head, text at the base) fails the gate too', async () => {
    hidingPull(
      HIDING.split('diff --git a/src/app.ts')[0]!.replace('.gitattributes', 'x').replace('+*.ts -diff', '+x') +
        HIDING.slice(HIDING.indexOf('diff --git a/src/app.ts')),
    )
    pull.github.contents.set(`${pull.github.pulls.get(7)!.headSha}:src/app.ts`, '\u0000export const app = 1\n')
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([GAP])
  })

  it('that is added as text fails the gate; one added as a real binary (the demo logo) does not', async () => {
    const added =
      'diff --git a/src/new.ts b/src/new.ts\nnew file mode 100644\nindex 0000000..2222222\nBinary files /dev/null and b/src/new.ts differ\n'
    pull.github.pulls.set(7, { ...pull.github.pulls.get(7)!, diff: added })
    pull.github.contents.set(`${pull.github.pulls.get(7)!.headSha}:src/new.ts`, 'eval(process.env.PAYLOAD)\n')
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([
      "not reviewed: src/new.ts (shown as binary, so no reviewer saw it, but it is text and the base's .gitattributes does not mark it binary); add it to `exclude` to accept that, or split the pull request",
    ])
  })

  it('in the files API (GitHub refused the diff): an entry without a patch or line counts that is text at the base is a gap', async () => {
    const files = [
      { filename: 'src/ok.ts', status: 'modified', additions: 1, deletions: 0, changes: 1, patch: '@@ -1 +1,2 @@\n a\n+b' },
      { filename: 'src/app.ts', status: 'modified', additions: 0, deletions: 0, changes: 0 },
    ]
    pull.github.pulls.set(7, { ...pull.github.pulls.get(7)!, diffTooLarge: true, files })
    pull.github.contents.set(`${BASE}:src/app.ts`, 'export const app = 1\n')
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([GAP])
  })

  it('an excluded file is not read: the base policy accepts it unseen', async () => {
    hidingPull()
    const run = await runAgainst(pull.github, await pull.models(shipping), { inputs: { exclude: 'src/app.ts' } })
    expect(run.result?.conclusion).toBe('success')
    expect(pull.github.requests.filter((r) => r.path.includes('/contents/src%2Fapp.ts'))).toEqual([])
  })

  it.each([
    [403, 'HTTP 403 reading it'],
    [500, 'HTTP 500 reading it'],
    [404, `src/app.ts not found at ${BASE.slice(0, 7)}`],
    [502, 'HTTP 502 reading it'],
  ])('whose base cannot be read (HTTP %i) is a gap, never a binary', async (status, why) => {
    hidingPull()
    for (let i = 0; i < 4; i++) pull.github.failNext({ method: 'GET', path: /\/contents\/src%2Fapp\.ts$/, status })
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([
      `not reviewed: src/app.ts (shown as binary, so no reviewer saw it, but whether it is binary at the base could not be checked (${why})); add it to \`exclude\` to accept that, or split the pull request`,
    ])
  })

  it("whose base's .gitattributes cannot be read is a gap, never a binary", async () => {
    hidingPull()
    for (let i = 0; i < 4; i++) pull.github.failNext({ method: 'GET', path: /\/contents\/\.gitattributes$/, status: 502 })
    const run = await runAgainst(pull.github, await pull.models(shipping))
    expect(run.result?.reasons).toEqual([
      expect.stringMatching(/^not reviewed: src\/app\.ts \(.*could not be checked \(HTTP 502 reading it\)\)/),
    ])
  })
})
