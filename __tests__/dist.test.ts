// Runs the committed bundle the way a GitHub runner does: `node dist/index.js`
// with INPUT_* variables, an event file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { HEAD_SHA } from './helpers/action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { demoDiff } from './helpers/fixtures.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let github: FakeGitHub | undefined
let models: FakeModels | undefined
afterEach(async () => {
  await github?.close()
  await models?.close()
})

function runBundle(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/index.js'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout })
    })
  })
}

describe('dist/index.js on a simulated runner', () => {
  it('reviews the PR, writes outputs and summary, masks the key, and exits 1 on a failing gate', async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 't', diff: demoDiff() })
    const block = 'SEVERITY: BLOCK\nWHERE: services/gateway/src/ratelimit.ts:19\nWHAT: Spoofable key.\nWHY: Header.\nVERDICT: hold'
    models = await startFakeModels({ 'a/x': () => ({ reply: block }), 'b/y': () => ({ reply: block }) })
    const dir = mkdtempSync(join(tmpdir(), 'clr-runner-'))
    const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') }
    writeFileSync(files.event, JSON.stringify({ action: 'opened', number: 7, pull_request: { number: 7 } }))
    writeFileSync(files.output, '')
    writeFileSync(files.summary, '')
    const key = 'sk-or-v1-distbundletest00000000000'

    const { code, stdout } = await runBundle({
      'INPUT_GITHUB-TOKEN': 'ghs_distbundletest000000000000000000',
      'INPUT_API-KEY': key,
      'INPUT_BASE-URL': models.baseURL,
      INPUT_REVIEWERS: 'a|a/x\nb|b/y',
      'INPUT_FAIL-ON': 'convergent-block',
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_API_URL: github.url,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
    })

    expect(code).toBe(1)
    expect(stdout).toContain(`::add-mask::${key}`)
    expect(stdout).toMatch(/::error::Cross-lineage review failed:%0A- BLOCK at services\/gateway\/src\/ratelimit.ts:19/)
    const outputs = readFileSync(files.output, 'utf8')
    expect(outputs).toMatch(/conclusion<<ghadelimiter_[\w-]+\nfailure\n/)
    expect(outputs).toMatch(/convergent<<ghadelimiter_[\w-]+\n1\n/)
    expect(readFileSync(files.summary, 'utf8')).toContain('**1 convergent / 1 distinct**')
    expect(github.checkRuns[0]).toMatchObject({ head_sha: HEAD_SHA, conclusion: 'failure' })
  })
})
