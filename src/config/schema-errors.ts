// Ajv's errors → one sentence each, naming the key by its path in the file
// (`instructions[0].paths`) and what it accepts, worded from the schema.
import type { ErrorObject } from 'ajv'
import type { Schema } from './policy-schema.ts'

export interface ErrorWording {
  /** The file, e.g. "`.github/cross-lineage-review.yml` at base 1a2b3c4". */
  readonly file: string
  /** A key path as a sentence's subject, e.g. "Key `exclude[0]` in …". */
  readonly key: (path: string) => string
  /** The problem for an unknown top-level key. */
  readonly unknownKey: (key: string) => string
}

export function schemaProblems(errors: readonly ErrorObject[], wording: ErrorWording): string[] {
  // An anyOf reports each branch's failure as well; its own error says it once.
  const messages = errors.filter((e) => !e.schemaPath.includes('/anyOf/')).map((e) => message(e, wording))
  return [...new Set(messages)]
}

function message(e: ErrorObject, w: ErrorWording): string {
  const path = keyPath(e.instancePath)
  const parent: Schema = e.parentSchema ?? {}
  if (path === '' && e.keyword === 'additionalProperties') return w.unknownKey(String(e.params.additionalProperty))
  if (path === '' && e.keyword === 'type') return `${w.file} must be a mapping of keys to values, got ${shown(e.data)}.`
  if (e.keyword === 'additionalProperties') {
    const keys = Object.keys(parent.properties ?? {}).map((k) => `\`${k}\``)
    return `${w.key(path)} has an unknown key \`${String(e.params.additionalProperty)}\`; it takes ${keys.join(' and ')}.`
  }
  if (e.keyword === 'required') return `${w.key(path)} lacks \`${String(e.params.missingProperty)}\`: it must be ${expectation(parent)}.`
  return `${w.key(path)} must be ${expectation(parent)}, got ${shown(e.data)}.`
}

/** `/instructions/0/paths` → `instructions[0].paths` */
function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`), '')
}

/** What a schema accepts, in words; a `title` says it where keywords cannot. */
export function expectation(s: Schema): string {
  if (s.title !== undefined) return s.title
  if (s.enum !== undefined) return `one of ${s.enum.join(' | ')}`
  if (s.anyOf !== undefined) return s.anyOf.map(expectation).join(', or ')
  switch (s.type) {
    case 'integer':
      return `a whole number from ${String(s.minimum)} to ${String(s.maximum)}`
    case 'number':
      return s.exclusiveMinimum === undefined ? 'a number' : `a number above ${String(s.exclusiveMinimum)}`
    case 'boolean':
      return 'true or false'
    case 'string':
      return s.maxLength === undefined ? 'non-empty text' : `non-empty text of at most ${String(s.maxLength)} characters`
    case 'array':
      return 'a list'
    case 'object':
      return 'a mapping'
    default:
      return 'a valid value (see the schema)'
  }
}

function shown(data: unknown): string {
  if (data === null || data === undefined) return 'nothing'
  if (Array.isArray(data)) return `a list of ${data.length}`
  if (typeof data === 'object') return 'a mapping'
  const text = JSON.stringify(data)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
