// The committed bundle run the way a GitHub runner runs it: `node
// dist/index.js` with INPUT_* variables, an event file, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files; signals go to the process as the runner sends
// them on cancellation.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface RunnerFiles {
  readonly dir: string
  readonly event: string
  readonly output: string
  readonly summary: string
}

/** A fresh runner temp directory with the event file and empty output and summary files. */
export function runnerFiles(event: unknown): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'clr-runner-'))
  const files = { dir, event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') }
  writeFileSync(files.event, JSON.stringify(event))
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  return files
}

/** The environment a runner gives the step: inputs as INPUT_*, the event, the API and the runner's files. */
export function runnerEnv(inputs: Record<string, string>, files: RunnerFiles, github: { owner: string; repo: string; url: string }) {
  return {
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_API_URL: github.url,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.dir,
  }
}

export interface Ended {
  /** The exit code; null when a signal's default action killed the process. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface ActionProcess {
  readonly child: ChildProcess
  /** Everything written to stdout so far. */
  stdout(): string
  readonly ended: Promise<Ended>
}

/** Starts the action; `entry` is the committed bundle unless another build is named; `nodeArgs` go to Node before it. */
export function startAction(env: Record<string, string>, entry = 'dist/index.js', nodeArgs: readonly string[] = []): ActionProcess {
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const ended = new Promise<Ended>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr })
    })
  })
  return { child, stdout: () => stdout, ended }
}
