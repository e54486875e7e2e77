// Command-line arguments → a command, a source and the inputs as text, through
// commander (suggestions for mistyped flags, negative numbers as values).
// Every input the CLI takes is a flag of the same name (from the input spec):
// repeatable flags accumulate one value per line, other flags may be given once,
// true/false inputs are switches (--retry-thin, --no-retry-thin).
import { Command, CommanderError } from 'commander'
import { INPUTS, type InputName } from '../config/spec.ts'

export const FORMATS = ['text', 'markdown', 'json'] as const
export type Format = (typeof FORMATS)[number]
export const DEFAULT_MAX_CALLS = 60

/** Flags of the CLI that are not inputs of the action. */
export const OWN_FLAGS = {
  'api-key-env': { value: 'NAME', help: 'environment variable holding the key (default OPENROUTER_API_KEY)' },
  keyless: {
    value: '',
    help: 'the endpoints need no key (a local model server on another machine): send none; one on this machine (localhost) never needs this',
  },
  replay: { value: 'DIR', help: 're-tally an evidence directory written by --out, offline' },
  pr: { value: 'OWNER/REPO#N', help: 'review a pull request with the token in GITHUB_TOKEN' },
  'dry-run': { value: '', help: 'with --pr: print what would be posted, post nothing' },
  out: {
    value: 'DIR',
    help: 'write the evidence (a new or empty directory, or an earlier one): input.diff, bundles/, tally.md, tally.json',
  },
  label: { value: 'TEXT', help: 'name the run in the report (default: the diff file, range or standard input)' },
  config: { value: 'FILE', help: 'the policy file (default for a git range: .github/cross-lineage-review.yml at its merge base)' },
  format: { value: FORMATS.join('|'), help: 'how the report is printed (default text; markdown is what the action posts)' },
  json: { value: '', help: 'the same as --format json' },
  'max-calls': { value: 'N', help: `ask before making more model calls than this (default ${DEFAULT_MAX_CALLS})` },
  yes: { value: '', help: 'make the calls without asking, even above --max-calls (needed off a terminal)' },
  help: { value: '', help: 'this help' },
} as const

export const CLI_INPUTS = (Object.keys(INPUTS) as InputName[]).flatMap((name) => {
  const cli = INPUTS[name].cli
  return cli === false ? [] : [{ name, bool: INPUTS[name].kind === 'bool', ...cli }]
})

/** `--reviewer` adds one reviewer, like `--reviewers`. */
const ALIASES: Readonly<Record<string, InputName>> = { reviewer: 'reviewers' }

export interface Args {
  readonly command?: 'review' | 'demo'
  readonly target?: string
  /** Input values by name, as an action input would carry them (repeated flags joined by newlines). */
  readonly inputs: Partial<Record<InputName, string>>
  readonly flags: {
    readonly 'api-key-env'?: string
    readonly keyless?: boolean
    readonly replay?: string
    readonly pr?: string
    readonly 'dry-run'?: boolean
    readonly out?: string
    readonly label?: string
    /** The policy file to apply instead of the one at the range's merge base. */
    readonly config?: string
    /** Undefined when neither --format nor --json was given (text). */
    readonly format?: Format
    readonly 'max-calls': number
    readonly yes?: boolean
    readonly help?: boolean
  }
}

/** The parsed arguments, or a usage error message. */
export function parseCommandLine(argv: readonly string[]): Args | string {
  const program = new Command('cross-lineage-review')
    .helpOption(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .argument('[words...]')
  const seen: [string, string | boolean][] = []
  const record = (name: string, value: string | boolean): void => void seen.push([name, value])
  for (const i of CLI_INPUTS) {
    if (i.bool) {
      program.option(`--${i.name}`).option(`--no-${i.name}`)
      program.on(`option:${i.name}`, () => record(i.name, 'true'))
      program.on(`option:no-${i.name}`, () => record(i.name, 'false'))
    } else {
      program.option(`--${i.name} <${i.value}>`)
      program.on(`option:${i.name}`, (v: string) => record(i.name, v))
    }
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    program.option(`--${alias} <value>`)
    program.on(`option:${alias}`, (v: string) => record(name, v))
  }
  for (const [name, f] of Object.entries(OWN_FLAGS)) {
    program.option(`${name === 'help' ? '-h, ' : ''}--${name}${f.value === '' ? '' : ` <${f.value}>`}`)
    program.on(`option:${name}`, (v: string | undefined) => record(name, v ?? true))
  }
  try {
    program.parse([...argv], { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) return unknownOptionHelp(argv) ?? switchGivenValue(argv) ?? withoutValues(error.message)
    throw error
  }
  return interpret(program.args, seen)
}

function interpret(words: readonly string[], seen: readonly [string, string | boolean][]): Args | string {
  const [command, target, ...extra] = words
  if (extra.length > 0) return `error: unexpected argument(s): ${extra.join(' ')} (review takes one diff file or git range)`
  if (command !== undefined && command !== 'demo' && command !== 'review')
    return `error: unknown command '${command}' (use review, demo or stats)`
  const values = new Map<string, (string | boolean)[]>()
  for (const [name, value] of seen) values.set(name, [...(values.get(name) ?? []), value])
  const inputs: Partial<Record<InputName, string>> = {}
  for (const i of CLI_INPUTS) {
    const given = values.get(i.name)
    if (given === undefined) continue
    if (!i.multiple && given.length > 1) return repeated(i.name, given)
    inputs[i.name] = given.join('\n')
  }
  const own: Record<string, string | boolean> = {}
  for (const name of Object.keys(OWN_FLAGS)) {
    const given = values.get(name)
    if (given === undefined) continue
    if (given.length > 1 && given.some((v) => v !== given[0])) return repeated(name, given)
    own[name] = given[0] ?? true
  }
  const format = formatOf(own)
  if (format?.startsWith('error:') === true) return format
  const maxCalls = own['max-calls'] === undefined ? DEFAULT_MAX_CALLS : Number(own['max-calls'])
  if (!Number.isInteger(maxCalls) || maxCalls < 0) return `error: --max-calls must be a whole number, got "${String(own['max-calls'])}"`
  const flags = { ...own, ...(format === undefined ? {} : { format }), 'max-calls': maxCalls } as Args['flags']
  return { ...(command ? { command } : {}), ...(target !== undefined ? { target } : {}), inputs, flags }
}

/** `--api-key=…` is echoed by no message: the value may be a key. */
const withoutValues = (message: string): string => message.replace(/'(--[^'=\s]+)=[^']*'/g, "'$1=…'")

/** Inputs that are deliberately not flags, with what to do instead. */
function unknownOptionHelp(argv: readonly string[]): string | undefined {
  const given = argv.find((a) => /^--(api-key|github-token)(=|$)/.test(a))
  if (given === undefined) return undefined
  return given.startsWith('--api-key')
    ? 'error: the key is not a flag (it would show in your shell history and process list): export it in OPENROUTER_API_KEY, or name another variable with --api-key-env'
    : 'error: the token is not a flag: export it in GITHUB_TOKEN (used with --pr)'
}

/** `--json=yes`: commander reports an unknown option '--json=yes'; say that the switch takes no value. */
function switchGivenValue(argv: readonly string[]): string | undefined {
  const negatable = new Set<string>(CLI_INPUTS.filter((i) => i.bool).map((i) => i.name))
  const plain = Object.entries(OWN_FLAGS).flatMap(([name, f]) => (f.value === '' ? [name] : []))
  for (const arg of argv) {
    const name = /^--([\w-]+)=/.exec(arg)?.[1]
    if (name === undefined || !(negatable.has(name) || plain.includes(name))) continue
    const give = negatable.has(name) ? `--${name} or --no-${name}` : `--${name} alone`
    return `error: --${name} is a switch and takes no value (got --${name}=…): give ${give}`
  }
  return undefined
}

function formatOf(own: Record<string, string | boolean>): string | undefined {
  const format = own.format
  if (own.json === true && format !== undefined && format !== 'json')
    return `error: --json and --format ${String(format)} disagree; give one`
  if (own.json === true) return 'json'
  if (format === undefined) return undefined
  return FORMATS.find((f) => f === format) ?? `error: --format must be one of ${FORMATS.join(' | ')}, got "${String(format)}"`
}

function repeated(name: string, given: readonly (string | boolean)[]): string {
  const shown = given.map((v) => (typeof v === 'boolean' ? `--${name}` : `"${v}"`)).join(', ')
  return `error: --${name} was given ${given.length} times (${shown}); it takes one value`
}
