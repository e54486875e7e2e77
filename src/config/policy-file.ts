// The repository's policy file (YAML) → the values of its keys as an input's
// raw text, read like inputs afterwards. Validated with the published schema
// first; every problem names the file, the key and what the key accepts.
import { Ajv, type ValidateFunction } from 'ajv'
import { parseDocument } from 'yaml'
import type { Instruction } from '../core/plan/types.ts'
import { policySchema } from './policy-schema.ts'
import { schemaProblems } from './schema-errors.ts'
import { checkGlobs, DEFAULT_DISMISSAL, type DismissalPolicy } from './settings.ts'
import { INPUTS, type InputName } from './spec.ts'

/** The owner's text, but still bounded: a policy is a page, not a megabyte. */
export const POLICY_MAX_BYTES = 64 * 1024

export interface PolicyFile {
  readonly path: string
  /** The commit it was read at, for messages: e.g. "base 1a2b3c4". */
  readonly at?: string
  /** Input keys as an input's raw text (a list becomes one item a line). */
  readonly inputs: Partial<Record<InputName, string>>
  /** The keys the file sets, in its order. */
  readonly keys: readonly string[]
  readonly instructions: readonly Instruction[]
  readonly dismissal: DismissalPolicy
}

let validator: ValidateFunction | undefined
const schema = policySchema()
const ACCEPTED = Object.keys(schema.properties ?? {})

/** How messages name the file: "`.github/cross-lineage-review.yml` at base 1a2b3c4". */
export const fileName = (file: { path: string; at?: string | undefined }): string => `\`${file.path}\`${file.at ? ` at ${file.at}` : ''}`

export function parsePolicyFile(file: { path: string; at?: string | undefined; text: string }, problems: string[]): PolicyFile | undefined {
  const where = fileName(file)
  const bytes = Buffer.byteLength(file.text, 'utf8')
  if (bytes > POLICY_MAX_BYTES) {
    problems.push(`${where} is ${bytes} bytes; a policy file may have at most ${POLICY_MAX_BYTES}.`)
    return undefined
  }
  const doc = parseDocument(file.text)
  const yamlError = doc.errors[0]
  if (yamlError) {
    const pos = yamlError.linePos?.[0]
    const what = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    problems.push(`${where} is not valid YAML: ${what}${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}.`)
    return undefined
  }
  let data: unknown
  try {
    data = doc.toJS() ?? {}
  } catch (error) {
    // The parser refuses to expand more aliases than it allows (a YAML bomb) only here, as it builds the values.
    problems.push(`${where} is not valid YAML: ${error instanceof Error ? error.message : String(error)}.`)
    return undefined
  }
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema)
  const key = (path: string): string => `Key \`${path}\` in ${where}`
  if (!validator(data)) {
    problems.push(...schemaProblems(validator.errors ?? [], { file: where, key, unknownKey: (k) => unknownKey(k, where) }))
    return undefined
  }
  const entries = Object.entries(data as Record<string, unknown>)
  const instructions = ((data as { instructions?: Omit<Instruction, 'number'>[] }).instructions ?? []).map((i, n) => ({
    number: n + 1,
    paths: i.paths,
    text: i.text,
  }))
  const before = problems.length
  instructions.forEach((i, n) => {
    checkGlobs(i.paths, problems, key(`instructions[${n}].paths`))
  })
  if (problems.length > before) return undefined
  const d = data as { 'dismiss-permission'?: DismissalPolicy['permission']; 'allow-self-dismiss'?: boolean }
  return {
    path: file.path,
    ...(file.at ? { at: file.at } : {}),
    inputs: Object.fromEntries(entries.filter(([k]) => k in INPUTS).map(([k, v]) => [k, inputText(v, INPUTS[k as InputName])])),
    keys: entries.map(([k]) => k),
    instructions,
    dismissal: {
      permission: d['dismiss-permission'] ?? DEFAULT_DISMISSAL.permission,
      allowSelf: d['allow-self-dismiss'] ?? DEFAULT_DISMISSAL.allowSelf,
    },
  }
}

function unknownKey(key: string, where: string): string {
  if (key in INPUTS) {
    return `${where} cannot set \`${key}\`: it belongs in the workflow (\`with:\`), like every secret, endpoint and per-run setting.`
  }
  const near = ACCEPTED.find((k) => k === key.toLowerCase().replace(/[_ ]/g, '-'))
  return `${where} has an unknown key \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ''}; the keys it takes are ${ACCEPTED.join(', ')}.`
}

/** A YAML value as the input's text: lists one item a line, a one-key mapping item as `key: value`; an empty list is the input's `none`. */
function inputText(value: unknown, input: { readonly none?: string }): string {
  if (!Array.isArray(value)) return String(value)
  if (value.length === 0 && input.none !== undefined) return input.none
  return value
    .map((item: unknown) =>
      typeof item === 'object' && item !== null
        ? Object.entries(item)
            .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
            .join('\n')
        : String(item),
    )
    .join('\n')
}
