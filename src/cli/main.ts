// The same pipeline outside GitHub Actions: review a diff file, a git range,
// a recorded evidence directory, or a real pull request. The exit code is the gate.
import { problemsMessage } from '../config/action.ts'
import type { Env } from '../config/inputs.ts'
import { readPolicySettings } from '../config/policy.ts'
import type { InputName, Naming } from '../config/spec.ts'
import { parseUnifiedDiff } from '../core/diff/parse.ts'
import { progressLine } from '../core/render/progress.ts'
import { runAction } from '../main.ts'
import { DEMO_DIR } from '../paths.ts'
import { reviewChange } from '../pipeline.ts'
import { createModelClient } from '../shell/models.ts'
import { consoleReporter } from '../shell/reporters/console.ts'
import { parseCommandLine, helpText, type Args } from './args.ts'
import { createEvidenceClient, readEvidenceDiff, writeEvidence } from './evidence.ts'
import { readCliPolicy } from './policy.ts'
import { readDiffSource } from './source.ts'

export interface Terminal {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

const DEFAULT_KEY_ENV = 'OPENROUTER_API_KEY'
const FLAG_NAMING: Naming = { input: (name) => `--${name}`, ref: (name) => `--${name}`, inputsName: 'flags' }

/** Runs the CLI on this process's arguments, streams and environment, and sets its exit code. */
export function runCli(): Promise<void> {
  const term = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) }
  return main(process.argv.slice(2), process.env, term).then(
    (code) => void (process.exitCode = code),
    (error: unknown) => {
      term.stderr(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 2
    },
  )
}

export async function main(argv: readonly string[], env: Env, term: Terminal): Promise<number> {
  const args = parseCommandLine(argv)
  if (typeof args === 'string') return usageError(term, args)
  const { command, target, flags } = args
  if (flags.help === true || command === undefined) {
    term.stdout(`${helpText()}\n`)
    return flags.help === true ? 0 : 2
  }
  const sources = [target, flags.replay, flags.pr].filter((s) => s !== undefined)
  if (command === 'review' && sources.length !== 1) {
    return usageError(term, 'review takes exactly one of: a diff file or git range, --replay DIR, --pr owner/repo#N')
  }
  if (flags['dry-run'] === true && flags.pr === undefined) return usageError(term, '--dry-run goes with --pr')
  if (flags.config !== undefined && flags.pr !== undefined) return usageError(term, "--pr reads the policy at the pull request's base")
  if (flags.pr !== undefined) return reviewPullRequest(flags.pr, args, env, term)

  const offline = command === 'demo' || flags.replay !== undefined
  const keyEnv = flags['api-key-env'] ?? DEFAULT_KEY_ENV
  const policy = await readCliPolicy(flags.config, command === 'review' ? target : undefined).catch((e: unknown) =>
    e instanceof Error ? e.message : String(e),
  )
  if (typeof policy === 'string') return usageError(term, policy, false)
  const problems: string[] = []
  const settings = readPolicySettings(inputReader(args, env, keyEnv), policy, env, problems, {
    requireKeys: !offline,
    missingKeyHint: `The environment variable ${keyEnv} is empty`,
    missingKeyFix: "Export the endpoint's key in it, or name another variable with --api-key-env.",
    naming: FLAG_NAMING,
  })
  if (settings === undefined) return usageError(term, problemsMessage(problems), false)

  const replayDir = command === 'demo' ? DEMO_DIR : flags.replay
  const source =
    replayDir !== undefined
      ? {
          diffText: await readEvidenceDiff(replayDir),
          label: replayDir === DEMO_DIR ? 'the demo pull request (examples/demo, recorded replies)' : `evidence ${replayDir}`,
          client: createEvidenceClient(replayDir),
        }
      : { ...(await readDiffSource(target ?? '')), client: createModelClient(settings) }
  const report = await reviewChange({ label: flags.label ?? source.label, files: parseUnifiedDiff(source.diffText) }, settings, {
    client: source.client,
    secrets: settings.reviewers.map((r) => r.apiKey),
    log: (m) => term.stderr(`${m}\n`),
    onReview: (r) => term.stderr(`${progressLine(r)}\n`),
  })
  if (flags.out !== undefined) await writeEvidence(flags.out, { diffText: source.diffText, report, now: new Date() })
  await consoleReporter({ write: term.stdout, note: term.stderr, json: flags.json === true }).publish(report)
  if (command === 'demo') return 0
  return report.conclusion.conclusion === 'success' ? 0 : 1
}

function usageError(term: Terminal, message: string, hint = true): number {
  term.stderr(`${message}\n${hint ? 'Run with --help for usage.\n' : ''}`)
  return 2
}

/** Flags read as action inputs; the key comes from the variable --api-key-env names. */
function inputReader(args: Args, env: Env, keyEnv: string): (name: InputName) => string {
  return (name) => (name === 'api-key' ? (env[keyEnv] ?? '') : (args.inputs[name] ?? ''))
}

/** `--pr owner/repo#N`: the action itself, fed from flags and GITHUB_TOKEN, with a local log. */
async function reviewPullRequest(pr: string, args: Args, env: Env, term: Terminal): Promise<number> {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(pr)
  if (!m) return usageError(term, `--pr must look like owner/repo#123, got "${pr}"`)
  const token = env.GITHUB_TOKEN ?? ''
  if (token === '') {
    const why = '--pr reads the pull request with the token in GITHUB_TOKEN, which is empty: export a token that can read it'
    return usageError(term, `${why} (and write comments unless --dry-run).`, false)
  }
  const flagInput = inputReader(args, env, args.flags['api-key-env'] ?? DEFAULT_KEY_ENV)
  const result = await runAction({
    input: (name) => (name === 'github-token' ? token : name === 'pr-number' ? (m[3] ?? '') : flagInput(name)),
    env: {
      ...env,
      GITHUB_REPOSITORY: `${m[1] ?? ''}/${m[2] ?? ''}`,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      RUNNER_TEMP: args.flags.out ?? env.RUNNER_TEMP ?? '.',
    },
    readEvent: () => Promise.resolve({}),
    dryRun: args.flags['dry-run'] === true,
    print: term.stdout,
    setOutput: () => undefined,
    setSecret: () => undefined,
    writeSummary: (md) => {
      term.stdout(md)
      return Promise.resolve()
    },
    annotate: (a) => term.stdout(`${a.annotation_level} ${a.path}:${a.start_line} ${a.title}: ${a.message}\n`),
    info: (msg) => term.stderr(`${msg}\n`),
    warning: (msg) => term.stderr(`warning: ${msg}\n`),
  })
  return result.conclusion === 'failure' ? 1 : 0
}
