// Command-line arguments → a command, a source and the inputs as text. Every
// input the CLI takes is a flag of the same name (from the input spec);
// repeatable flags accumulate, one value per line.
import { parseArgs } from 'node:util'
import { INPUTS, type InputName } from '../config/spec.ts'

/** Flags of the CLI that are not inputs of the action. */
const OWN_FLAGS = {
  'api-key-env': { type: 'string', value: 'NAME', help: 'environment variable holding the key (default OPENROUTER_API_KEY)' },
  replay: { type: 'string', value: 'DIR', help: 're-tally an evidence directory written by --out, offline' },
  pr: { type: 'string', value: 'OWNER/REPO#N', help: 'review a pull request with the token in GITHUB_TOKEN' },
  'dry-run': { type: 'boolean', value: '', help: 'with --pr: print what would be posted, post nothing' },
  out: {
    type: 'string',
    value: 'DIR',
    help: 'write the evidence: input.diff, bundles/<bundle>/{bundle.diff,<reviewer>.md}, tally.md, tally.json',
  },
  label: { type: 'string', value: 'TEXT', help: 'name the run in the report (default: the diff file or range)' },
  config: {
    type: 'string',
    value: 'FILE',
    help: 'the policy file (default for a git range: .github/cross-lineage-review.yml at its merge base)',
  },
  json: { type: 'boolean', value: '', help: 'print the tally JSON instead of markdown' },
  help: { type: 'boolean', value: '', help: 'this help' },
} as const

const CLI_INPUTS = (Object.keys(INPUTS) as InputName[]).flatMap((name) => {
  const cli = INPUTS[name].cli
  return cli === false ? [] : [{ name, ...cli }]
})

export interface Args {
  readonly command?: 'review' | 'demo'
  readonly target?: string
  /** Input values by name, as an action input would carry them (repeated flags joined by newlines). */
  readonly inputs: Partial<Record<InputName, string>>
  readonly flags: {
    readonly 'api-key-env'?: string
    readonly replay?: string
    readonly pr?: string
    readonly 'dry-run'?: boolean
    readonly out?: string
    readonly label?: string
    readonly config?: string
    readonly json?: boolean
    readonly help?: boolean
  }
}

/** The parsed arguments, or a usage error message. */
export function parseCommandLine(argv: readonly string[]): Args | string {
  const options = {
    ...Object.fromEntries(CLI_INPUTS.map((i) => [i.name, { type: 'string' as const, multiple: i.multiple }])),
    ...Object.fromEntries(Object.entries(OWN_FLAGS).map(([name, f]) => [name, { type: f.type }])),
    help: { type: 'boolean' as const, short: 'h' },
  }
  let values: Record<string, string | boolean | string[] | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true }))
  } catch (error) {
    return (error as Error).message
  }
  const [command, target, ...extra] = positionals
  if (extra.length > 0) return `Unexpected arguments: ${extra.join(' ')}`
  if (command !== undefined && command !== 'demo' && command !== 'review') return `Unknown command: ${command}`
  const inputs: Partial<Record<InputName, string>> = {}
  for (const { name } of CLI_INPUTS) {
    const value = values[name] as string | string[] | undefined
    if (value !== undefined) inputs[name] = Array.isArray(value) ? value.join('\n') : value
  }
  const flags = Object.fromEntries(Object.keys(OWN_FLAGS).flatMap((f) => (values[f] === undefined ? [] : [[f, values[f]]])))
  return { ...(command ? { command } : {}), ...(target ? { target } : {}), inputs, flags }
}

const USAGE = `cross-lineage-review: three model lineages review a diff; what two agree on gates.

Usage:
  cross-lineage-review review <diff-file | git-range> [options]
      Review a diff file, or the output of \`git diff <git-range>\` (e.g. origin/main...HEAD).
  cross-lineage-review review --replay DIR [options]
      Re-tally an evidence directory written by --out, offline (no key, no network).
  cross-lineage-review review --pr owner/repo#N [--dry-run] [options]
      Review a pull request with GITHUB_TOKEN and post the comment (and check run, with an App token);
      --dry-run prints what would be posted instead.
  cross-lineage-review demo [--json]
      Replay the bundled example pull request (examples/demo) with its recorded replies.`

export function helpText(): string {
  const row = (flag: string, text: string): string => `  ${flag.padEnd(34)} ${text}`
  const inputs = CLI_INPUTS.map((i) => {
    const spec = INPUTS[i.name]
    const shown = spec.default === '' ? '' : ` (default ${spec.default})`
    return row(`--${i.name} ${i.value}`, `${firstSentence(spec.description)}${shown}${i.multiple ? ' [repeatable]' : ''}`)
  })
  const own = Object.entries(OWN_FLAGS).map(([name, f]) =>
    row(`${name === 'help' ? '-h, ' : ''}--${name}${f.value ? ` ${f.value}` : ''}`, f.help),
  )
  return [
    USAGE,
    '',
    'Options (the same meaning as the action inputs of the same name):',
    ...inputs,
    '',
    'Other options:',
    ...own,
    '',
    'Exit code: 0 when the gate passes, 1 when it fails, 2 on bad usage.',
  ].join('\n')
}

const firstSentence = (text: string): string => /^.*?[.:](?=\s|$)/.exec(text)?.[0].replace(/[.:]$/, '') ?? text
