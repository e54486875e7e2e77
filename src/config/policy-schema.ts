// The policy file's JSON Schema, made from the input spec so the two cannot
// drift: `npm run generate` publishes it for editors (schema/), and the action
// validates the file with it. Draft-07, the dialect editors and Ajv share.
import { BRIEF_MAX_CHARS } from '../core/plan/brief.ts'
import type { Input } from './kinds.ts'
import { GUIDANCE_FILES_MAX } from './guidance-files.ts'
import { LANGUAGE, LANGUAGE_HINT } from './settings.ts'
import { INPUTS, type InputName } from './spec.ts'

export const POLICY_SCHEMA_PATH = 'schema/cross-lineage-review.schema.json'
export const POLICY_SCHEMA_URL = `https://raw.githubusercontent.com/cross-lineage-review/cross-lineage-review/v0/${POLICY_SCHEMA_PATH}`

/** A JSON Schema; the keywords read back when wording problems are typed. */
export interface Schema {
  readonly type?: string
  readonly title?: string
  readonly enum?: readonly string[]
  readonly anyOf?: readonly Schema[]
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly maxLength?: number
  readonly properties?: Readonly<Record<string, Schema>>
  readonly [keyword: string]: unknown
}

/** Inputs the file may set: not secrets, endpoints or per-run inputs, which stay in the workflow. */
export const FILE_INPUTS = (Object.keys(INPUTS) as InputName[]).filter((name) => INPUTS[name].file)

/** `NAME: VALUE` lines may also be written as one-key YAML mappings (`- api: services/api/**`). */
const keyedList = (title: string, item: string, value: Schema): Schema => ({
  type: 'array',
  title,
  items: {
    title: item,
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: value },
    ],
  },
})

const globs: Schema = { type: 'array', title: 'a list of globs', items: { type: 'string', minLength: 1 } }

// Where the file's natural YAML differs from an input's text.
const SHAPES: Partial<Record<InputName, Schema>> = {
  'max-cost': { type: 'number', exclusiveMinimum: 0 },
  components: keyedList('a list of `NAME: GLOB, GLOB` items', 'text `NAME: GLOB, GLOB`, or a one-key mapping `NAME: [GLOB, …]`', {
    anyOf: [{ type: 'string' }, globs],
  }),
  prices: keyedList('a list of `MODEL: IN/OUT` items (USD per million tokens)', 'text `MODEL: IN/OUT`, or a one-key mapping', {
    type: 'string',
  }),
  exclude: globs,
  'guidance-files': {
    anyOf: [
      {
        type: 'array',
        title: `a list of at most ${GUIDANCE_FILES_MAX} paths in the repository (an empty list turns it off)`,
        maxItems: GUIDANCE_FILES_MAX,
        items: { type: 'string', minLength: 1, maxLength: 200 },
      },
      { enum: ['none'] },
    ],
  },
  language: { type: 'string', title: LANGUAGE_HINT, pattern: LANGUAGE.source },
}

export const INSTRUCTIONS_MAX = 50
export const INSTRUCTION_MAX_CHARS = 2_000

/** A key only the file has: structured, the repository owner's words. */
const INSTRUCTIONS: Schema = {
  description: `Extra review instructions, each for the bundles holding a file its paths match (a !glob takes back what the others match). They are sent in the system message of exactly those bundles, at most ${BRIEF_MAX_CHARS} characters a bundle, and the report lists which applied where.`,
  type: 'array',
  title: `a list of at most ${INSTRUCTIONS_MAX} items \`{ paths: [GLOB, …], text: … }\``,
  maxItems: INSTRUCTIONS_MAX,
  items: {
    type: 'object',
    title: `a mapping with \`paths\` (a list of globs) and \`text\` (at most ${INSTRUCTION_MAX_CHARS} characters)`,
    additionalProperties: false,
    required: ['paths', 'text'],
    properties: {
      paths: { ...globs, title: 'a non-empty list of globs', minItems: 1 },
      text: { type: 'string', minLength: 1, maxLength: INSTRUCTION_MAX_CHARS },
    },
  },
}

/** Keys only the file has that decide who may overrule the gate: a workflow a pull request can edit must not. */
export const DISMISSAL_KEYS: Readonly<Record<string, Schema>> = {
  'dismiss-permission': {
    description:
      'The least repository permission that lets a user dismiss a gating finding (`/review dismiss <id> <reason>`), checked through the API at run time. Default: write.',
    enum: ['write', 'maintain', 'admin'],
    default: 'write',
  },
  'allow-self-dismiss': {
    description: "Let the pull request's author dismiss findings on their own pull request. Default: false.",
    type: 'boolean',
    default: false,
  },
}

function inputSchema(name: InputName, input: Input<unknown>): Schema {
  const description = input.default === '' ? input.description : `${input.description} Default: ${input.default}.`
  const shape = SHAPES[name] ?? kindSchema(input)
  return { description, ...shape }
}

function kindSchema(input: Input<unknown>): Schema {
  switch (input.kind) {
    case 'enum':
      return { enum: input.values ?? [], default: input.default }
    case 'int':
      return {
        type: 'integer',
        minimum: input.min ?? 0,
        maximum: input.max ?? Number.MAX_SAFE_INTEGER,
        ...(input.default === '' ? {} : { default: Number(input.default) }),
      }
    case 'bool':
      return { type: 'boolean', default: input.default === 'true' }
    case 'text':
      return input.multiple === true ? { type: 'array', items: { type: 'string', minLength: 1 } } : { type: 'string', minLength: 1 }
  }
}

export function policySchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: POLICY_SCHEMA_URL,
    title: 'cross-lineage-review policy (.github/cross-lineage-review.yml)',
    description:
      "The repository's review policy, read from the pull request's base commit. An input set in the workflow takes precedence over a key here; a key here over the built-in default.",
    type: 'object',
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(FILE_INPUTS.map((name) => [name, inputSchema(name, INPUTS[name])])),
      instructions: INSTRUCTIONS,
      ...DISMISSAL_KEYS,
    },
  }
}
