// The review policy from its three sources, by precedence: an input set
// explicitly (the workflow's `with:`, or a CLI flag) > the repository's policy
// file > the built-in default. Settings can only be made once the file is read,
// after the change (and so its base commit) is known. Pure: the shell reads the
// file and passes its text in.
import type { PolicySource } from '../core/verdict/types.ts'
import type { Env } from './inputs.ts'
import { fileName, parsePolicyFile, type PolicyFile } from './policy-file.ts'
import { readReviewSettings, type ReviewSettings, type SettingsOptions } from './settings.ts'
import { INPUTS, readInputs, type InputName, type InputReader, type Naming } from './spec.ts'

export const POLICY_PATH = '.github/cross-lineage-review.yml'

/** Where the policy file was looked for (`at`: e.g. "base 1a2b3c4") and its text, undefined when there is none. */
export interface PolicyLookup {
  readonly path: string
  readonly at?: string
  readonly text?: string
}

export interface MergedPolicy {
  /** Each input's raw text from the source that wins. */
  readonly read: InputReader
  /** Problems name each input by where its value came from. */
  readonly naming: Naming
  readonly source: PolicySource
}

const names = Object.keys(INPUTS) as InputName[]

/** An input is explicit when its raw text is non-empty: action.yml gives no defaults, so an unset input reads empty. */
export function mergePolicy(inputs: InputReader, file: PolicyFile | undefined, naming: Naming): MergedPolicy {
  const explicit = new Set(names.filter((name) => inputs(name).trim() !== ''))
  const fromFile = (name: InputName): boolean => !explicit.has(name) && file?.inputs[name] !== undefined
  return {
    read: (name) => (fromFile(name) ? (file?.inputs[name] ?? '') : inputs(name)),
    // A problem with a value names the key of the file it came from.
    naming: { ...naming, input: (name) => (fromFile(name) && file ? `Key \`${name}\` in ${fileName(file)}` : naming.input(name)) },
    source: {
      inputs: names.filter((name) => explicit.has(name) && INPUTS[name].file),
      inputsName: naming.inputsName ?? 'inputs',
      ...(file ? { file: { path: file.path, ...(file.at ? { at: file.at } : {}), found: true, keys: file.keys } } : {}),
    },
  }
}

/**
 * The settings for a run: the policy file (when there is one) parsed and
 * validated, merged under the inputs, then read like inputs. Undefined, with
 * every problem recorded, when any source is invalid.
 */
export function readPolicySettings(
  inputs: InputReader,
  lookup: PolicyLookup | undefined,
  env: Env,
  problems: string[],
  options: SettingsOptions,
): ReviewSettings | undefined {
  const file = lookup?.text === undefined ? undefined : parsePolicyFile({ ...lookup, text: lookup.text }, problems)
  if (lookup?.text !== undefined && file === undefined) return undefined
  const merged = mergePolicy(inputs, file, options.naming)
  const before = problems.length
  const values = readInputs(merged.read, problems, merged.naming)
  const source: PolicySource =
    lookup && !file
      ? { ...merged.source, file: { path: lookup.path, ...(lookup.at ? { at: lookup.at } : {}), found: false, keys: [] } }
      : merged.source
  const settings = readReviewSettings(values, env, problems, {
    ...options,
    naming: merged.naming,
    instructions: file?.instructions ?? [],
    ...(file ? { dismissal: file.dismissal } : {}),
    source,
  })
  return problems.length > before ? undefined : settings
}
