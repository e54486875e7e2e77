// Runs the action's run() against loopback GitHub and model servers, with
// inputs, event and environment as GitHub would supply them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Annotation } from '../../src/core/render/check.ts'
import { runAction } from '../../src/main.ts'
import type { ActionResult } from '../../src/shell/runner.ts'
import type { ActionIO } from '../../src/shell/runner.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakeModels } from './fake-models.ts'

export const API_KEY = 'sk-or-v1-loopbacktestkey0123456789'
export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

export interface RunOptions {
  inputs?: Record<string, string>
  event?: unknown
  env?: Record<string, string>
  onCancel?: ActionIO['onCancel']
  github?: ActionIO['github']
  /** The clock progress updates are spaced by, driven by the test. */
  ticker?: ActionIO['ticker']
  /** Sees each log line as it is written (the record has them all once the run ends). */
  onInfo?: (message: string) => void
}

export interface RunRecord {
  result?: ActionResult
  annotations: Annotation[]
  error?: Error
  outputs: Record<string, string>
  secrets: string[]
  summary: string
  info: string[]
  warnings: string[]
}

export function reviewersFor(models: FakeModels): string {
  return ['opus|anthropic/opus', 'kimi|moonshotai/kimi', 'qwen|qwen/qwen3-coder'].map((r) => `${r}|${models.baseURL}|MODEL_KEY`).join('\n')
}

export async function runAgainst(github: FakeGitHub, models: FakeModels, options: RunOptions = {}): Promise<RunRecord> {
  const inputs: Record<string, string> = {
    'github-token': 'ghs_loopbacktoken000000000000000000000',
    'api-key': API_KEY,
    reviewers: ['opus|anthropic/opus', 'kimi|moonshotai/kimi', 'qwen|qwen/qwen3-coder'].join('\n'),
    'base-url': models.baseURL,
    ...options.inputs,
  }
  const env = {
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_API_URL: github.url,
    GITHUB_SHA: 'ffffffffffffffffffffffffffffffffffffffff',
    RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'clr-')),
    ...options.env,
  }
  const record: RunRecord = { outputs: {}, secrets: [], summary: '', info: [], warnings: [], annotations: [] }
  try {
    record.result = await runAction({
      input: (name) => inputs[name] ?? '',
      env,
      readEvent: async () => options.event ?? { action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: HEAD_SHA } } },
      setOutput: (name, value) => {
        record.outputs[name] = value
      },
      setSecret: (s) => {
        record.secrets.push(s)
      },
      writeSummary: async (md) => {
        record.summary = md
      },
      info: (m) => {
        record.info.push(m)
        options.onInfo?.(m)
      },
      annotate: (a) => {
        record.annotations.push(a)
      },
      warning: (m) => {
        record.warnings.push(m)
      },
      github: options.github ?? { throttle: false, retryBaseMs: 1 },
      ...(options.onCancel ? { onCancel: options.onCancel } : {}),
      ...(options.ticker ? { ticker: options.ticker } : {}),
    })
  } catch (error) {
    record.error = error as Error
  }
  return record
}
