// The same pipeline outside GitHub Actions: review a diff file, a git range,
// a recorded evidence directory, or a real pull request. Everything that can
// be wrong with the command line or its input is found before the first model
// call: the source, the diff itself, the flags, --out, and the cost guard.
// Exit codes: 0 pass, 1 gate failed, 2 usage or input error, 3 runtime failure.
import { resolve } from 'node:path'
import { problemsMessage } from '../config/action.ts'
import type { Env } from '../config/inputs.ts'
import { readPolicySettings } from '../config/policy.ts'
import type { ReviewSettings } from '../config/settings.ts'
import { FLAG_NAMING, type InputName, type InputReader } from '../config/spec.ts'
import { readUnifiedDiff } from '../core/diff/check.ts'
import { redactSecrets } from '../core/text/sanitize.ts'
import type { Report } from '../core/verdict/types.ts'
import { DEMO_DIR } from '../paths.ts'
import { reviewChange } from '../pipeline.ts'
import { createModelClient } from '../shell/models.ts'
import { consoleReporter } from '../shell/reporters/console.ts'
import { CLI_INPUTS, parseCommandLine, type Args } from './args.ts'
import { CliError, fsReason, inputError, runtimeError } from './errors.ts'
import { createEvidenceClient } from '../shell/read-evidence.ts'
import { readReplayDiff, writeEvidence } from './write-evidence.ts'
import { approveCalls } from './guard.ts'
import { helpText } from './help.ts'
import { DEFAULT_KEY_ENV, keyOptions } from './keys.ts'
import { prepareOut } from './out.ts'
import { readCliGuidance } from './guidance.ts'
import { cliProgress } from './progress.ts'
import { readCliPolicy } from './policy.ts'
import { reviewPullRequest } from './pr.ts'
import { readDiffSource, type DiffSource } from './source.ts'
import { paintFor, processTerminal, type Terminal } from './terminal.ts'

export type { Terminal } from './terminal.ts'

/** Runs the CLI on this process's arguments, streams and environment, and sets its exit code. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), process.env, processTerminal())
}

export async function main(argv: readonly string[], env: Env, term: Terminal): Promise<number> {
  try {
    return await run(argv, env, term)
  } catch (error) {
    term.stderr(`${redactSecrets(error instanceof Error ? error.message : String(error), [env[DEFAULT_KEY_ENV] ?? ''])}\n`)
    return error instanceof CliError ? error.exitCode : 3
  }
}

async function run(argv: readonly string[], env: Env, term: Terminal): Promise<number> {
  const args = parseCommandLine(argv)
  if (typeof args === 'string') throw inputError(`${args}\nRun with --help for usage.`)
  const { command, flags } = args
  if (flags.help === true || command === undefined) {
    ;(flags.help === true ? term.stdout : term.stderr)(`${helpText()}\n`)
    return flags.help === true ? 0 : 2
  }
  checkCombination(args)
  const keyEnv = flags['api-key-env'] ?? DEFAULT_KEY_ENV
  const input = inputReader(args, env, keyEnv)
  const guard = { maxCalls: flags['max-calls'], yes: flags.yes === true }
  if (flags.pr !== undefined) {
    const dryRun = flags['dry-run'] === true
    return reviewPullRequest(
      {
        pr: flags.pr,
        input,
        keyEnv,
        dryRun,
        guard,
        cwd: term.cwd ?? process.cwd(),
        ...(flags.out === undefined ? {} : { out: flags.out }),
      },
      env,
      term,
    )
  }

  const cwd = term.cwd ?? process.cwd()
  const replayDir = command === 'demo' ? DEMO_DIR : flags.replay
  const source = await loadSource(args, replayDir, cwd, env, term)
  const diff = readUnifiedDiff(source.diffText)
  if (!diff.ok) throw inputError(`${source.name} ${diff.problem}${HINTS[diff.kind]}`)
  const settings = await readSettings(args, input, { env, keyEnv, cwd, offline: replayDir !== undefined })
  const out = flags.out === undefined ? undefined : await prepareOut(flags.out, cwd)
  if (out !== undefined && replayDir !== undefined && out === resolve(cwd, replayDir)) {
    throw inputError(
      `--out ${flags.out ?? ''} is the directory being replayed: writing there would replace its recorded replies. Choose another.`,
    )
  }

  const note = (message: string): void => term.stderr(`${message}\n`)
  const guidance =
    replayDir === undefined
      ? await readCliGuidance(settings.guidanceFiles, args.target ?? '', cwd, source.isFile === true, note)
      : undefined
  const change = { label: flags.label ?? source.label, files: diff.files, ...(guidance ? { guidance } : {}) }
  const progress = cliProgress(term, { eta: replayDir === undefined })
  const report = await reviewChange(change, settings, {
    client: replayDir !== undefined ? createEvidenceClient(replayDir) : createModelClient(settings),
    secrets: settings.reviewers.map((r) => r.apiKey),
    log: note,
    onProgress: progress.onProgress,
    // Recorded replies cost nothing; live calls above --max-calls need a yes.
    approve: (planned) =>
      replayDir !== undefined
        ? Promise.resolve()
        : approveCalls(planned.estimate, { maxCalls: flags['max-calls'], yes: flags.yes === true }, term),
  }).finally(progress.finish)
  await consoleReporter({
    write: term.stdout,
    note: term.stderr,
    format: flags.format ?? 'text',
    paint: paintFor(term, env),
    fullTallyIn: out === undefined ? 'the --format json output' : `${flags.out ?? ''}/tally.json`,
  }).publish(report)
  if (out !== undefined) {
    await writeEvidence(out, { diffText: source.diffText, report, now: new Date() }).catch((error: unknown) => {
      throw runtimeError(`The report is above, but the evidence could not be written to ${flags.out ?? ''}: ${fsReason(error)}`)
    })
  }
  if (replayDir === undefined && noAnswer(report)) {
    note(
      `No model call returned a usable answer, so there is no verdict (first reason: ${report.tally.incomplete[0]?.reason ?? 'unknown'}).`,
    )
    return 3
  }
  if (command === 'demo') {
    // A demonstration, not a gate: the quick start's commands run clean.
    note(
      `demo: exit code 0 on purpose; a review whose gate ${report.conclusion.conclusion === 'success' ? 'passes exits 0' : 'fails like this exits 1'}.`,
    )
    return 0
  }
  return report.conclusion.conclusion === 'success' ? 0 : 1
}

const HINTS = {
  empty: ' (a failed `git diff > file` leaves an empty file; an empty range has no changes).',
  binary: ': give the output of `git diff` or `diff -u`, or a git range.',
  'not-a-diff': ': give the output of `git diff` or `diff -u`, or a git range.',
  'broken-hunk': ' (git apply would refuse it too): give the whole output of `git diff`, or a git range.',
} as const

/** Every call failed (network, key, quota): a runtime failure, not a verdict on the code. */
const noAnswer = (report: Report): boolean => report.reviews.length > 0 && report.reviews.every((r) => r.outcome === 'failed')

function checkCombination(args: Args): void {
  const { command, target, flags } = args
  const sources = [target, flags.replay, flags.pr].filter((s) => s !== undefined)
  if (command === 'review' && sources.length !== 1) {
    throw inputError(
      'review takes exactly one of: a diff file, a git range, - (a diff on standard input), --replay DIR, --pr owner/repo#N\nRun with --help for usage.',
    )
  }
  if (command === 'demo' && sources.length > 0) throw inputError('demo replays examples/demo and takes no diff, --replay or --pr.')
  if (flags['dry-run'] === true && flags.pr === undefined) throw inputError('--dry-run goes with --pr.')
  if (flags.label?.trim() === '') throw inputError('--label was given an empty name; name the run, or leave --label out.')
  if (flags.config !== undefined && flags.pr !== undefined) {
    throw inputError(
      '--config does not go with --pr: a pull request is reviewed under the policy file at its base (.github/cross-lineage-review.yml).',
    )
  }
  if (flags.pr !== undefined && flags.format !== undefined) {
    throw inputError('--format and --json apply to a diff, range or evidence; --pr --dry-run prints what would be posted (markdown).')
  }
  const keyEnv = flags['api-key-env']
  if (keyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) {
    // Not echoed: it may be the key itself.
    throw inputError('--api-key-env takes the name of an environment variable (like OPENROUTER_API_KEY); the key itself is never a flag.')
  }
  const prOnly = CLI_INPUTS.filter((i) => i.prOnly && args.inputs[i.name] !== undefined)
  if (flags.pr === undefined && prOnly.length > 0) {
    throw inputError(
      `${prOnly.map((i) => `--${i.name}`).join(', ')} ${prOnly.length === 1 ? 'applies' : 'apply'} only with --pr (the check run, reuse from the pull request's comment, a missing key on a fork).`,
    )
  }
}

async function loadSource(args: Args, replayDir: string | undefined, cwd: string, env: Env, term: Terminal): Promise<DiffSource> {
  if (replayDir === undefined) return readDiffSource(args.target ?? '', cwd, env, term.readStdin)
  const demo = replayDir === DEMO_DIR
  return {
    diffText: await readReplayDiff(replayDir),
    label: demo ? 'the demo pull request (examples/demo, recorded replies)' : `evidence ${replayDir}`,
    name: `${demo ? 'examples/demo' : replayDir}/input.diff`,
  }
}

/** Flags over the policy file (--config, or the one at a range's merge base) over the defaults. */
async function readSettings(
  args: Args,
  input: InputReader,
  at: { readonly env: Env; readonly keyEnv: string; readonly cwd: string; readonly offline: boolean },
): Promise<ReviewSettings> {
  const target = args.command === 'review' ? args.target : undefined
  const policy = await readCliPolicy(args.flags.config, target, at.cwd).catch((error: unknown) => {
    throw inputError(error instanceof Error ? error.message : String(error))
  })
  const problems: string[] = []
  const settings = readPolicySettings(input, policy, at.env, problems, {
    ...keyOptions(at.keyEnv),
    requireKeys: !at.offline,
    naming: FLAG_NAMING,
  })
  if (settings === undefined || problems.length > 0) throw inputError(problemsMessage(problems))
  return settings
}

/** Flags read as action inputs; the key comes from the variable --api-key-env names. */
function inputReader(args: Args, env: Env, keyEnv: string): (name: InputName) => string {
  return (name) => (name === 'api-key' ? (env[keyEnv] ?? '') : (args.inputs[name] ?? ''))
}
