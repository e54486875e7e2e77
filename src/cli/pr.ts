// `--pr owner/repo#N`: the action itself, fed from flags and GITHUB_TOKEN,
// with a local log. Flags are checked here first, in the CLI's words, so
// anything runAction throws afterwards is a runtime failure (GitHub, network).
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { problemsMessage } from '../config/action.ts'
import type { Env } from '../config/inputs.ts'
import { readReviewSettings } from '../config/settings.ts'
import { FLAG_NAMING, readInputs, type InputReader } from '../config/spec.ts'
import { runAction } from '../main.ts'
import { inputError, noAnswerMessage } from './errors.ts'
import { approveCalls, type GuardFlags } from './guard.ts'
import type { RunState } from './interrupt.ts'
import { keyOptions } from './keys.ts'
import { prepareOut } from './out.ts'
import { cliProgress } from './progress.ts'
import type { Terminal } from './terminal.ts'

export interface PullRequestRun {
  readonly pr: string
  readonly input: InputReader
  readonly keyEnv: string
  readonly dryRun: boolean
  /** Where the tally JSON goes (the action's tally-json); made ready before any call. */
  readonly out?: string
  readonly cwd: string
  readonly guard: GuardFlags
}

const TALLY_FILE = 'cross-lineage-review-tally.json'

export async function reviewPullRequest(run: PullRequestRun, env: Env, term: Terminal, state: RunState): Promise<number> {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(run.pr)
  if (!m) throw inputError(`--pr must look like owner/repo#123, got "${run.pr}".`)
  const token = env.GITHUB_TOKEN ?? ''
  if (token === '') {
    throw inputError(
      '--pr reads the pull request with the token in GITHUB_TOKEN, which is empty: export a token that can read it (and write comments unless --dry-run).',
    )
  }
  const problems: string[] = []
  const keyProblems: string[] = []
  const values = readInputs(run.input, problems, FLAG_NAMING)
  readReviewSettings(values, env, problems, {
    ...keyOptions(run.keyEnv),
    keylessLocal: false,
    requireKeys: true,
    keyProblems,
    naming: FLAG_NAMING,
  })
  if (values['on-missing-key'] === 'skip' && keyProblems.length > 0 && keyProblems.length === problems.length) {
    // What the action does on a fork without secrets, said in the CLI's words: nothing is read, reviewed or posted.
    term.stderr(`${problemsMessage(problems)}\n--on-missing-key skip: nothing was reviewed, and nothing was posted on ${run.pr}.\n`)
    return 0
  }
  if (problems.length > 0) throw inputError(problemsMessage(problems))
  // Ready before any call, like a review's --out; without it, the tally file goes to a directory of its own, not the current one.
  const tallyDir =
    run.out === undefined ? await mkdtemp(join(tmpdir(), 'cross-lineage-review-')) : await prepareOut(run.out, run.cwd, TALLY_FILE)
  const progress = cliProgress(term, { eta: true })
  const result = await runAction({
    input: (name) => (name === 'github-token' ? token : name === 'pr-number' ? (m[3] ?? '') : run.input(name)),
    env: {
      ...env,
      GITHUB_REPOSITORY: `${m[1] ?? ''}/${m[2] ?? ''}`,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      RUNNER_TEMP: tallyDir,
    },
    readEvent: () => Promise.resolve({}),
    dryRun: run.dryRun,
    approve: (planned) => approveCalls(planned.estimate, run.guard, term),
    onCancel: (handler) => {
      state.cancelAction = handler
    },
    progress: progress.onProgress,
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
  }).finally(progress.finish)
  if (result.noAnswer !== undefined) {
    term.stderr(`${noAnswerMessage(result.noAnswer)}\n`)
    return 3
  }
  return result.conclusion === 'failure' ? 1 : 0
}
