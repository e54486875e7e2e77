// The CLI's flags, the policy file (--config, or the one at a range's merge
// base) and the key variable → the review settings, checked before any call.
import { problemsMessage } from '../config/action.ts'
import type { Env } from '../config/inputs.ts'
import { readPolicySettings } from '../config/policy.ts'
import type { ReviewSettings } from '../config/settings.ts'
import { FLAG_NAMING, type InputName, type InputReader } from '../config/spec.ts'
import type { Args } from './args.ts'
import { inputError } from './errors.ts'
import { keyOptions } from './keys.ts'
import { readCliPolicy } from './policy.ts'

/** Flags over the policy file (--config, or the one at a range's merge base) over the defaults. */
export async function readSettings(
  args: Args,
  base: string | undefined,
  input: InputReader,
  at: { readonly env: Env; readonly keyEnv: string; readonly keyless: boolean; readonly cwd: string; readonly offline: boolean },
): Promise<ReviewSettings> {
  const policy = await readCliPolicy(args.flags.config, base, at.cwd).catch((error: unknown) => {
    throw inputError(error instanceof Error ? error.message : String(error))
  })
  const problems: string[] = []
  const settings = readPolicySettings(input, policy, at.env, problems, {
    ...keyOptions(at.keyEnv, at.keyless),
    requireKeys: !at.offline,
    naming: FLAG_NAMING,
  })
  if (settings === undefined || problems.length > 0) throw inputError(problemsMessage(problems))
  return settings
}

/** Flags read as action inputs; the key comes from the variable --api-key-env names. */
export function inputReader(args: Args, env: Env, keyEnv: string): (name: InputName) => string {
  return (name) => (name === 'api-key' ? (env[keyEnv] ?? '') : (args.inputs[name] ?? ''))
}
