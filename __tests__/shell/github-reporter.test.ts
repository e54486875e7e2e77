// The GitHub reporter's last line of defence: whatever a report holds (text
// that never went through the scrubbing of diffs, replies and call errors, as
// a future field or a GitHub error message might), the run's own secrets never
// reach a comment, a check run, an annotation, a review, the summary, the
// outputs or the tally file.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Report } from '../../src/core/verdict/types.ts'
import { createGitHub } from '../../src/shell/github/client.ts'
import { githubReporter } from '../../src/shell/reporters/github.ts'
import type { RunnerLog } from '../../src/shell/reporters/reporter.ts'
import { HEAD_SHA } from '../helpers/action-run.ts'
import { demoReport } from '../helpers/demo-report.ts'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import { demoDiff } from '../helpers/fixtures.ts'

// No known key shape, and one with a markdown character: only redaction by value catches them.
const KEYS = ['loopback-plain-key-0123456789abcdef', 'gsk_loopbackplainkey0123456789']
/** A secret as it is, and as markdown escaping would write it (still the secret once rendered). */
const forms = (secret: string): string[] => [secret, secret.replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&')]

let github: FakeGitHub
const logged: string[] = []
const summaries: string[] = []
const outputs: string[] = []

beforeEach(async () => {
  github = await startFakeGitHub()
  github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
  logged.length = summaries.length = outputs.length = 0
})
afterEach(() => github.close())

const log: RunnerLog = {
  setOutput: (name, value) => outputs.push(`${name}=${value}`),
  writeSummary: (markdown) => {
    summaries.push(markdown)
    return Promise.resolve()
  },
  annotate: (a) => logged.push(JSON.stringify(a)),
  info: (m) => logged.push(m),
  warning: (m) => logged.push(m),
}

function reporter(tallyDir: string) {
  return githubReporter(log, {
    gh: createGitHub('ghs_loopbacktoken000000000000000000000', github.url, { throttle: false, retryBaseMs: 1 }),
    owner: github.owner,
    repo: github.repo,
    checkName: 'cross-lineage review',
    tallyDir,
    secrets: KEYS,
    pr: {
      ref: { owner: github.owner, repo: github.repo, prNumber: 7 },
      ours: Promise.resolve([]),
      login: Promise.resolve('github-actions[bot]'),
      answered: new Set(),
    },
    threads: { max: 25 },
    hiddenState: () => Promise.resolve(''),
  })
}

/** The demo report with both keys put where no earlier stage scrubbed them: label, warnings, findings, a path. */
async function leakyReport(): Promise<Report> {
  const report = structuredClone(await demoReport())
  const [a, b] = KEYS
  const texts = report as unknown as { label: string; warnings: string[] }
  texts.label = `pull request #7 with ${a}`
  texts.warnings = [...report.warnings, `a warning quoting ${b}`]
  const group = report.tally.groups.find((g) => g.convergent) as unknown as {
    location: { path: string }
    findings: { what: string; why: string }[]
  }
  group.location.path = `deploy/${a}/settings.env`
  for (const f of group.findings) [f.what, f.why] = [`${f.what} ${a}`, `${f.why} ${b}`]
  return report
}

function everything(tallyDir: string): string[] {
  const tally = join(tallyDir, 'cross-lineage-review-tally.json')
  return [
    ...github.requests.map((r) => `${r.path}?${r.query.toString()} ${r.body}`),
    ...logged,
    ...summaries,
    ...outputs,
    readFileSync(tally, 'utf8'),
  ]
}

/** Each text holding a key, in any form, cut around it. */
const leaks = (texts: readonly string[]): string[] =>
  texts.flatMap((t) => {
    const found = KEYS.flatMap(forms).find((f) => t.includes(f))
    return found === undefined ? [] : [`${found}: …${t.slice(Math.max(0, t.indexOf(found) - 80), t.indexOf(found) + 40)}…`]
  })

describe('the GitHub reporter redacts the run’s secrets last', () => {
  it('publishes a report with keys in its label, warnings, findings and a path without either key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clr-reporter-'))
    const out = reporter(dir)
    out.start(HEAD_SHA)
    await out.publish(await leakyReport())
    // It was there to leak: the comment, the check and its annotations were posted.
    expect(github.comments).toHaveLength(1)
    expect(github.checkRuns[0]?.annotations.length).toBeGreaterThan(0)
    expect(github.comments[0]?.body).toContain('[redacted]')
    expect(leaks(everything(dir))).toEqual([])
  })

  it('fails a check with a summary quoting a key without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clr-reporter-'))
    const out = reporter(dir)
    out.start(HEAD_SHA)
    await out.fail('Review did not complete', `The endpoint said: bad key ${KEYS[0] ?? ''}`)
    expect(github.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' })
    const texts = [...github.requests.map((r) => r.body), ...logged]
    expect(texts.join('\n')).toContain('[redacted]')
    expect(leaks(texts)).toEqual([])
  })
})
