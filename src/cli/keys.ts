// How the CLI explains a missing key: environment variables and `export`, not
// workflow secrets and YAML.
import type { KeyOptions } from '../config/reviewers.ts'

export const DEFAULT_KEY_ENV = 'OPENROUTER_API_KEY'

export function keyOptions(keyEnv: string, keyless = false): Omit<KeyOptions, 'requireKeys'> {
  return {
    keyless,
    keylessLocal: true,
    quoteHint: "quote it, or the shell takes | as a pipe: --reviewers 'opus|anthropic/claude-opus-4.7'",
    missingKeyHint: `The environment variable ${keyEnv} is empty`,
    missingKeyFix: `Export the endpoint's key in it (export ${keyEnv}=…), or name another variable with --api-key-env; an endpoint that needs no key (a local server on another machine) takes --keyless.`,
    keyEnvFix: (name) => `Export it before running: export ${name}=…`,
  }
}
