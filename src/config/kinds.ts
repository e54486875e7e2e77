// The kinds of input the spec is made of. Each parses the raw text (empty
// means the default) and records a problem naming the input when it cannot.

export interface Input<T> {
  readonly kind: 'text' | 'int' | 'bool' | 'enum'
  readonly description: string
  /** The effective default, as text ('' for none); documented, never repeated in action.yml. */
  readonly default: string
  /** `default:` in action.yml, only where GitHub must fill it (an expression). */
  readonly actionDefault?: string
  /** Accepted values, for enums. */
  readonly values?: readonly string[]
  /** The CLI flag: its value's placeholder in --help, whether it repeats, and whether it only means something with --pr. */
  readonly cli: false | CliFlag
  /**
   * Settable in the repository's policy file. False for secrets, endpoints and
   * per-run settings, and for what is decided before the file can be read
   * (whether to review at all, the check that reports a broken file).
   */
  readonly file: boolean
  /** Several values, one per line (a YAML list in the policy file). */
  readonly multiple?: boolean
  /** The value that turns a list off, since an empty value means the default (an empty YAML list in the policy file means it too). */
  readonly none?: string
  /** Bounds, for whole numbers. */
  readonly min?: number
  readonly max?: number
  readonly parse: (raw: string, problems: string[], label: string) => T
}

export interface CliFlag {
  readonly value: string
  readonly multiple: boolean
  /** Only a pull request run uses it (the check run, reuse from its comment, forks without secrets). */
  readonly prOnly: boolean
}

interface Doc {
  readonly description: string
  /** false: no flag; 'pr': a flag that applies only with --pr. */
  readonly cli?: false | 'pr'
  readonly file?: false
}

/** What every kind of input says of itself: its kind, description, default, flag and whether the policy file may set it. */
function common(kind: Input<unknown>['kind'], doc: Doc, fallback: string, value: string, multiple = false) {
  const cli: false | CliFlag = doc.cli === false ? false : { value, multiple, prOnly: doc.cli === 'pr' }
  return { kind, description: doc.description, default: fallback, cli, file: doc.file ?? true }
}

export function text(
  doc: Doc & { default?: string; actionDefault?: string; value?: string; multiple?: boolean; none?: string },
): Input<string> {
  return {
    ...common('text', doc, doc.default ?? '', doc.value ?? 'TEXT', doc.multiple),
    ...(doc.actionDefault === undefined ? {} : { actionDefault: doc.actionDefault }),
    ...(doc.none === undefined ? {} : { none: doc.none }),
    multiple: doc.multiple ?? false,
    parse: (raw) => raw.trim() || (doc.default ?? ''),
  }
}

export function int(fallback: number, min: number, max: number, doc: Doc): Input<number> {
  const optional = optionalInt(min, max, doc)
  return { ...optional, default: String(fallback), parse: (raw, problems, label) => optional.parse(raw, problems, label) ?? fallback }
}

/** A whole number or nothing (no limit). */
export function optionalInt(min: number, max: number, doc: Doc): Input<number | undefined> {
  return { ...common('int', doc, '', 'N'), min, max, parse: (raw, problems, label) => parseInt(raw, min, max, problems, label) }
}

function parseInt(raw: string, min: number, max: number, problems: string[], label: string): number | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  const n = /^\d+$/.test(text) ? Number(text) : NaN
  if (n >= min && n <= max) return n
  problems.push(`${label} must be a whole number from ${min} to ${max}, got "${text}".`)
  return undefined
}

// YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts.
const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

export function bool(fallback: boolean, doc: Doc): Input<boolean> {
  return {
    ...common('bool', doc, String(fallback), 'true|false'),
    parse: (raw, problems, label) => {
      const text = raw.trim()
      if (text === '') return fallback
      if (TRUE.includes(text)) return true
      if (FALSE.includes(text)) return false
      problems.push(`${label} must be true or false, got "${text}".`)
      return fallback
    },
  }
}

export function enumOf<const V extends string>(values: readonly V[], fallback: V, doc: Doc): Input<V> {
  return {
    ...common('enum', doc, fallback, values.join('|')),
    values,
    parse: (raw, problems, label) => {
      const text = raw.trim()
      if (text === '') return fallback
      const value = values.find((v) => v === text)
      if (value !== undefined) return value
      problems.push(`${label} must be one of ${values.join(' | ')}, got "${text}".`)
      return fallback
    },
  }
}
