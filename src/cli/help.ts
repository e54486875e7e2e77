// --help, generated from the input spec and the CLI's own flags.
import { DEFAULT_REVIEWERS } from '../config/reviewers.ts'
import { INPUTS, type InputName } from '../config/spec.ts'
import { CLI_INPUTS, OWN_FLAGS } from './args.ts'
import { STATS_USAGE } from './stats.ts'

const USAGE = `cross-lineage-review: three model lineages review a diff; what two agree on gates.

Usage:
  cross-lineage-review review <diff-file | git-range | -> [options]
      Review a diff file, the output of \`git diff <git-range>\` (e.g. origin/main...HEAD; C^! for one
      commit, a merge's first-parent diff), under the attributes (.gitattributes) of the range's merge base,
      or with - a diff piped into standard input (git diff main... | cross-lineage-review review -).
      The plan (calls, tokens, cost with --prices) is printed before any model call.
  cross-lineage-review review --replay DIR [options]
      Re-tally an evidence directory written by --out, offline (no key, no network).
  cross-lineage-review review --pr owner/repo#N [--dry-run] [options]
      Review a pull request with GITHUB_TOKEN and post the comment (and check run, with an App token);
      --dry-run prints what would be posted instead.
  cross-lineage-review demo [--format text|markdown|json]
      Replay the bundled example pull request (examples/demo) with its recorded replies;
      its gate fails on purpose, and the demo still exits 0.
${STATS_USAGE}`

export const EXIT_CODES = `Exit codes:
  0  the gate passed
  1  the gate failed (findings, or too few complete reviews); the demo exits 0 whatever its gate
  2  usage or input error, or the cost guard stopped before any model call
  3  runtime failure: GitHub or every model endpoint could not be used (network, key, quota)
  130  interrupted (Ctrl-C; 143 for SIGTERM): the replies received so far are kept (--out, or a new directory it names)`

// Where the first sentence of an input's description speaks of the action or says too little.
const CLI_HELP: Partial<Record<InputName, string>> = {
  reviewers: `A reviewer: 'name|model' or 'name|model|base-url|api-key-env', quoted (| is a shell pipe) (default: ${DEFAULT_REVIEWERS.split('\n').join(', ')}, at --base-url)`,
  'on-missing-key': 'When the key variable is empty: fail, or skip the review (exit 0)',
  'fail-on': 'What fails the gate',
  prices: 'USD per million input/output tokens of a model, for the plan and the cost',
  'max-cost': 'Limit in USD per run, estimated before any call from --prices (needed with it)',
  components: 'Files matching the globs are reviewed together as NAME (first match wins)',
  exclude: 'Globs of files not to review (default: lockfiles, dist/, minified, generated, vendored files)',
}

export function helpText(): string {
  const row = (flag: string, text: string): string => `  ${flag.padEnd(34)} ${text}`
  const input = (i: (typeof CLI_INPUTS)[number]): string => {
    const spec = INPUTS[i.name]
    const shown = spec.default === '' ? '' : ` (default ${spec.default})`
    const flag = i.bool ? `--[no-]${i.name}` : `--${i.name} ${i.value}`
    return row(flag, `${CLI_HELP[i.name] ?? firstSentence(spec.description)}${shown}${i.multiple ? ' [repeatable]' : ''}`)
  }
  const own = Object.entries(OWN_FLAGS).map(([name, f]) =>
    row(`${name === 'help' ? '-h, ' : ''}--${name}${f.value ? ` ${f.value}` : ''}`, f.help),
  )
  return [
    USAGE,
    '',
    'Options (the same meaning as the action inputs of the same name):',
    ...CLI_INPUTS.filter((i) => !i.prOnly).map(input),
    row('--reviewer NAME|MODEL', 'one more reviewer, like --reviewers [repeatable]'),
    '',
    'With --pr only:',
    ...CLI_INPUTS.filter((i) => i.prOnly).map(input),
    '',
    'Other options:',
    ...own,
    '',
    'The key is read from the environment variable --api-key-env names, never from a flag; an endpoint on this machine',
    '(http://localhost…, 127.0.0.1) needs none, e.g. a local model server: --base-url http://localhost:11434/v1.',
    '',
    EXIT_CODES,
  ].join('\n')
}

// A sentence ends at a full stop or colon before a space, but not in "e.g." or "i.e.".
const firstSentence = (text: string): string => /^.*?(?<!\b(?:e\.g|i\.e))[.:](?=\s|$)/.exec(text)?.[0].replace(/[.:]$/, '') ?? text
