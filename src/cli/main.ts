// The same pipeline outside GitHub Actions: review a diff file, a git range,
// a recorded evidence directory, or a real pull request. Everything that can
// be wrong with the command line or its input is found before the first model
// call: the source, the diff itself, the flags, --out, and the cost guard.
// Exit codes: 0 pass, 1 gate failed, 2 usage or input error, 3 runtime failure.
import { resolve } from 'node:path'
import type { Env } from '../config/inputs.ts'
import { withHiddenChanges } from '../core/diff/binary.ts'
import { readUnifiedDiff, type DiffProblemKind } from '../core/diff/check.ts'
import { redactSecrets } from '../core/text/sanitize.ts'
import { DEMO_DIR } from '../paths.ts'
import { reviewChange } from '../pipeline.ts'
import { createModelClient } from '../shell/models.ts'
import { CLI_INPUTS, parseCommandLine, type Args } from './args.ts'
import { CliError, inputError } from './errors.ts'
import { finishRun } from './finish.ts'
import { onInterrupt, processInterruption, quietAfterInterrupt, SIGNAL_EXIT, type RunState } from './interrupt.ts'
import { replyKeeper } from './keep-replies.ts'
import { createEvidenceClient } from '../shell/read-evidence.ts'
import { readReplayDiff } from './write-evidence.ts'
import { approveCalls } from './guard.ts'
import { helpText } from './help.ts'
import { DEFAULT_KEY_ENV } from './keys.ts'
import { inputReader, readSettings } from './settings.ts'
import { prepareOut } from './out.ts'
import { readCliGuidance } from './guidance.ts'
import { cliProgress } from './progress.ts'
import { reviewPullRequest } from './pr.ts'
import { readDiffSource, type DiffSource } from './source.ts'
import { runStats } from './stats.ts'
import { processTerminal, type Terminal } from './terminal.ts'

export type { Terminal } from './terminal.ts'

/** Runs the CLI on this process's arguments, streams and environment, and sets its exit code. */
export async function runCli(): Promise<void> {
  const code = await main(process.argv.slice(2), process.env, { ...processTerminal(), interrupted: processInterruption() })
  process.exitCode = code
  // Calls abandoned by a signal would keep the process alive.
  if (Object.values(SIGNAL_EXIT).includes(code)) process.exit(code)
}

export async function main(argv: readonly string[], env: Env, term: Terminal): Promise<number> {
  const state: RunState = {}
  const work = guarded(run(argv, env, quietAfterInterrupt(term, state), state), env, term, state)
  if (term.interrupted === undefined) return work
  return Promise.race([work, term.interrupted.then((signal) => onInterrupt(signal, state, term))])
}

async function guarded(work: Promise<number>, env: Env, term: Terminal, state: RunState): Promise<number> {
  try {
    return await work
  } catch (error) {
    if (state.interrupted !== undefined) return SIGNAL_EXIT[state.interrupted] ?? 130
    term.stderr(`${redactSecrets(error instanceof Error ? error.message : String(error), [env[DEFAULT_KEY_ENV] ?? ''])}\n`)
    return error instanceof CliError ? error.exitCode : 3
  }
}

async function run(argv: readonly string[], env: Env, term: Terminal, state: RunState): Promise<number> {
  if (argv[0] === 'stats') return runStats(argv.slice(1), env, term)
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
      state,
    )
  }

  const cwd = term.cwd ?? process.cwd()
  const replayDir = command === 'demo' ? DEMO_DIR : flags.replay
  const source = await loadSource(args, replayDir, cwd, env, term)
  const diff = readUnifiedDiff(source.diffText)
  if (!diff.ok) throw inputError(`${source.name} ${diff.problem}${HINTS[diff.kind]}`)
  if (source.note !== undefined) term.stderr(`${source.note}\n`)
  const keyless = flags.keyless === true
  const settings = await readSettings(args, source.base, input, { env, keyEnv, keyless, cwd, offline: replayDir !== undefined })
  const out = flags.out === undefined ? undefined : await prepareOut(flags.out, cwd)
  if (out !== undefined && replayDir !== undefined && out === resolve(cwd, replayDir)) {
    throw inputError(
      `--out ${flags.out ?? ''} is the directory being replayed: writing there would replace its recorded replies. Choose another.`,
    )
  }

  const note = (message: string): void => term.stderr(`${message}\n`)
  const files = source.binaryFacts === undefined ? diff.files : withHiddenChanges(diff.files, source.binaryFacts)
  const guidance = replayDir === undefined ? await readCliGuidance(settings.guidanceFiles, source.base, cwd, note) : undefined
  const keeper = replyKeeper(source.diffBytes, out, () => new Date())
  const progress = cliProgress(term, { eta: replayDir === undefined })
  const change = { label: flags.label ?? source.label, files, ...(guidance ? { guidance } : {}) }
  const report = await reviewChange(change, settings, {
    client: replayDir !== undefined ? createEvidenceClient(replayDir) : createModelClient(settings),
    secrets: settings.reviewers.map((r) => r.apiKey),
    log: note,
    onReview: (r) => keeper.record(r),
    onProgress: progress.onProgress,
    // Recorded replies cost nothing; live calls above --max-calls need a yes.
    approve: async (planned) => {
      if (replayDir === undefined) await approveCalls(planned.estimate, { maxCalls: flags['max-calls'], yes: flags.yes === true }, term)
      if (state.interrupted !== undefined) throw inputError('interrupted before any model call') // never printed: the terminal is quiet
      keeper.start(planned.plan.bundles, settings.reviewers)
      state.keeper = keeper
    },
  }).finally(progress.finish)
  await keeper.settled() // the final evidence is written after the replies written as they came
  state.finishing = finishRun(report, {
    term,
    env,
    format: flags.format ?? 'text',
    ...(out === undefined ? {} : { out: { path: out, name: flags.out ?? '' } }),
    diffBytes: source.diffBytes,
    replay: replayDir !== undefined,
    demo: command === 'demo',
  })
  return state.finishing
}

const HINTS = {
  empty: ' (a failed `git diff > file` leaves an empty file; an empty range has no changes).',
  binary: ': give the output of `git diff` or `diff -u`, or a git range.',
  'not-a-diff': ': give the output of `git diff` or `diff -u`, or a git range.',
  'broken-hunk': ' (git apply would refuse it too): give the whole output of `git diff`, or a git range.',
  combined:
    ": give the merge's first-parent diff instead (`git diff <merge>^1 <merge>`, or the range <merge>^!), or the branch's own diff (`git diff main...HEAD`).",
  'word-diff': ': give plain `git diff` output (without --word-diff), or a git range.',
  colour: ': give `git diff --no-color` output, or a git range.',
  'several-patches': ': give the whole change as one diff (`git diff <first>^ <last>`, or the range <first>^..<last>).',
} as const satisfies Record<DiffProblemKind, string>

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
  if (flags.keyless === true && flags.pr !== undefined)
    throw inputError(
      '--keyless applies to a diff, range or standard input; with --pr only an endpoint on this machine (localhost) goes without a key.',
    )
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
  const diffBytes = await readReplayDiff(replayDir)
  return {
    diffBytes,
    diffText: diffBytes.toString('utf8'),
    label: demo ? 'the demo pull request (examples/demo, recorded replies)' : `evidence ${replayDir}`,
    name: `${demo ? 'examples/demo' : replayDir}/input.diff`,
  }
}
