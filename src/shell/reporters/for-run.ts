// The reporter an action run reports through: the console for a dry run (what
// would be posted), else GitHub (check, comment, review threads, summary).
import type { GitHubSetup } from '../../config/action.ts'
import { encodeReuse, storableReplies } from '../../core/reply/reuse.ts'
import { encodeLedger } from '../../core/verdict/ledger-codec.ts'
import type { Change } from '../github/change.ts'
import type { GitHub } from '../github/client.ts'
import type { PolicyOutcome } from '../github/policy-file.ts'
import type { PreviousRun } from '../github/previous-run.ts'
import { DEFAULT_BOT_LOGIN } from '../github/sticky-comment.ts'
import type { ActionIO } from '../runner.ts'
import { consoleReporter } from './console.ts'
import { githubReporter } from './github.ts'
import type { Reporter } from './reporter.ts'

export interface RunToReport {
  readonly gh: GitHub
  readonly github: GitHubSetup
  readonly change: Change
  /** Our last comment and the token's login, being read while the review runs. */
  readonly previous: Promise<PreviousRun>
  readonly secrets: readonly string[]
  /** The settings, for the replies the next run may reuse; being read while the check is created. */
  readonly policy: Promise<PolicyOutcome>
  /** Dismissal commands answered so far; the reporter adds those it answers in threads. */
  readonly answered: Set<number>
}

export function reporterFor(io: ActionIO, run: RunToReport): Reporter {
  const { gh, github, change, previous } = run
  if (io.dryRun) {
    const where = change.pr ? `${change.pr.owner}/${change.pr.repo}#${change.pr.prNumber}` : change.label
    return consoleReporter({ write: io.print ?? io.info, note: io.warning, heading: `--- what would be posted on ${where} (dry run) ---` })
  }
  return githubReporter(io, {
    gh,
    owner: github.owner,
    repo: github.repo,
    checkName: github.checkName,
    tallyDir: github.tallyDir,
    secrets: run.secrets,
    ...(change.pr
      ? {
          pr: {
            ref: change.pr,
            ours: previous.then((p) => p.ours ?? []),
            login: previous.then((p) => p.login ?? DEFAULT_BOT_LOGIN),
            answered: run.answered,
          },
        }
      : {}),
    ...(github.inlineComments === 'convergent' ? { threads: { max: github.maxInlineComments } } : {}),
    ...(io.ticker ? { ticker: io.ticker } : {}),
    hiddenState: async (report) => {
      const { settings } = await run.policy
      const reuse = settings ? encodeReuse(storableReplies(report.reviews, report.bundles, settings.reviewers, settings.maxTokens)) : ''
      return reuse + (report.ledger ? encodeLedger(report.ledger) : '')
    },
  })
}
