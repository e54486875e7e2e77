// `cross-lineage-review stats owner/repo`: what the gate was worth over the
// pull requests closed in a window, from the ledgers their sticky comments
// carry. Read-only: any token that can read the repository's pull requests.
import { Command, CommanderError } from 'commander'
import type { Env } from '../config/inputs.ts'
import { renderStatsMarkdown, renderStatsText } from '../core/render/stats.ts'
import { aggregate } from '../core/verdict/stats.ts'
import { createGitHub, httpStatus } from '../shell/github/client.ts'
import { readClosedPulls } from '../shell/github/closed-pulls.ts'
import { DEFAULT_BOT_LOGIN } from '../shell/github/sticky-comment.ts'
import { FORMATS, type Format } from './args.ts'
import { inputError, runtimeError } from './errors.ts'
import type { Terminal } from './terminal.ts'

export const STATS_USAGE = `  cross-lineage-review stats owner/repo [--since 90d|YYYY-MM-DD] [--limit N] [--author LOGIN] [--json | --format text|markdown|json]
      What the gate was worth over the pull requests closed since then (default 90 days): each finding's
      outcome by lineage and by agreement, the gate's record and the cost, from the ledgers in the action's
      comments. Needs GITHUB_TOKEN with read access (GITHUB_API_URL for GitHub Enterprise).`

const DEFAULT_DAYS = 90
const DEFAULT_LIMIT = 1000
const DAY_MS = 24 * 60 * 60 * 1000

interface StatsConfig {
  readonly owner: string
  readonly repo: string
  readonly since: Date
  readonly limit: number
  readonly author: string
  readonly format: Format
  readonly token: string
  readonly apiUrl: string
}

export async function runStats(argv: readonly string[], env: Env, term: Terminal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    term.stdout(`Usage:\n${STATS_USAGE}\n`)
    return 0
  }
  const config = readStatsConfig(argv, env, new Date())
  const gh = createGitHub(config.token, config.apiUrl, { warn: (m) => term.stderr(`warning: ${m}\n`) })
  const window = `closed since ${config.since.toISOString().slice(0, 10)}`
  const step = Math.max(1, Math.ceil(config.limit / 20))
  const pulls = await readClosedPulls(gh, config, {
    since: config.since,
    limit: config.limit,
    author: config.author,
    progress: (done, total) => {
      if (done === total || done % step === 0) term.stderr(`stats: ${done}/${total} pull requests read\n`)
    },
  }).catch((error: unknown) => {
    const status = httpStatus(error)
    throw runtimeError(
      `Could not list the pull requests of ${config.owner}/${config.repo} (${status === undefined ? 'GitHub could not be reached' : `HTTP ${status}`} from ${config.apiUrl}): check the name, GITHUB_TOKEN and GITHUB_API_URL.`,
    )
  })
  const stats = aggregate(pulls)
  const heading = { repository: `${config.owner}/${config.repo}`, window }
  if (config.format === 'json')
    term.stdout(`${JSON.stringify({ repository: heading.repository, since: config.since.toISOString(), ...stats }, null, 2)}\n`)
  else term.stdout(config.format === 'markdown' ? renderStatsMarkdown(stats, heading) : renderStatsText(stats, heading))
  return 0
}

function readStatsConfig(argv: readonly string[], env: Env, now: Date): StatsConfig {
  const program = new Command('stats')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .argument('[repository]')
    .option('--since <when>')
    .option('--limit <n>')
    .option('--author <login>')
    .option('--json')
    .option('--format <format>')
  try {
    program.parse([...argv], { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) throw inputError(`${error.message}\nRun with --help for usage.`)
    throw error
  }
  const o = program.opts<{ since?: string; limit?: string; author?: string; json?: boolean; format?: string }>()
  const [repository = ''] = program.args
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(repository)
  if (!m) throw inputError(`stats takes a repository like owner/repo, got "${repository}".`)
  const limit = o.limit === undefined ? DEFAULT_LIMIT : Number(o.limit)
  if (!Number.isInteger(limit) || limit < 1)
    throw inputError(`--limit must be a whole number of pull requests, 1 or more, got "${o.limit ?? ''}".`)
  const format = o.json === true ? 'json' : (o.format ?? 'text')
  if (o.json === true && o.format !== undefined && o.format !== 'json')
    throw inputError(`--json and --format ${o.format} disagree; give one.`)
  if (!(FORMATS as readonly string[]).includes(format)) throw inputError(`--format must be one of ${FORMATS.join(' | ')}, got "${format}".`)
  const token = env.GITHUB_TOKEN ?? ''
  if (token === '')
    throw inputError('stats reads pull requests with the token in GITHUB_TOKEN, which is empty: export one that can read the repository.')
  return {
    owner: m[1] ?? '',
    repo: m[2] ?? '',
    since: sinceOf(o.since, now),
    limit,
    author: o.author ?? DEFAULT_BOT_LOGIN,
    format: format as Format,
    token,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
  }
}

/** "90d", "12w" or a date (YYYY-MM-DD). */
function sinceOf(text: string | undefined, now: Date): Date {
  if (text === undefined) return new Date(now.getTime() - DEFAULT_DAYS * DAY_MS)
  const span = /^(\d{1,4})([dw])$/.exec(text)
  if (span) return new Date(now.getTime() - Number(span[1]) * (span[2] === 'w' ? 7 : 1) * DAY_MS)
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : undefined
  if (date === undefined || Number.isNaN(date.getTime()) || date > now)
    throw inputError(`--since takes days (90d), weeks (12w) or a past date (2026-09-01), got "${text}".`)
  return date
}
