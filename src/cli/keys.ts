// How the CLI explains a missing key: environment variables and `export`, not
// workflow secrets and YAML.
import type { KeyOptions } from '../config/reviewers.ts'

export const DEFAULT_KEY_ENV = 'OPENROUTER_API_KEY'

export function keyOptions(keyEnv: string): Omit<KeyOptions, 'requireKeys'> {
  return {
    missingKeyHint: `The environment variable ${keyEnv} is empty`,
    missingKeyFix: `Export the endpoint's key in it (export ${keyEnv}=…), or name another variable with --api-key-env.`,
    keyEnvFix: (name) => `Export it before running: export ${name}=…`,
  }
}
