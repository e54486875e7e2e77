// `reviewers` input → ReviewerEndpoint[]: who reviews, on which endpoint,
// with which key. Keys stay here and in the shell; nothing renders them.
import type { Reviewer } from '../core/reply/types.ts'
import { isHttpUrl, meaningfulLines, type Env } from './inputs.ts'

export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1'
export const DEFAULT_REVIEWERS = ['opus|anthropic/claude-opus-4.7', 'kimi|moonshotai/kimi-k2-0905', 'qwen|qwen/qwen3-coder'].join('\n')

/** A reviewer with its key; the key stays in the shell and is never rendered. */
export interface ReviewerEndpoint extends Reviewer {
  readonly apiKey: string
}

const MISSING_KEY_FIX =
  "Store the endpoint's key as a repository secret and pass it with `api-key: ${{ secrets.OPENROUTER_API_KEY }}`. " +
  'Pull requests from forks receive no secrets: see "Fork pull requests" in the README.'

/** How missing keys are treated and explained (the action and the CLI say it differently). */
export interface KeyOptions {
  /** A missing key is a problem (false for offline replays). */
  readonly requireKeys: boolean
  readonly missingKeyHint?: string
  readonly missingKeyFix?: string
  /** How to set a reviewer's own key variable, given its name. */
  readonly keyEnvFix?: (name: string) => string
  /** Receives the missing-key problems too, so a caller can tell them from the rest. */
  readonly keyProblems?: string[]
  /** The endpoints need no key (the CLI's --keyless): none is required or sent. */
  readonly keyless?: boolean
  /**
   * An endpoint on this machine needs no key (the CLI, for local models). Never
   * in the action: there an empty key is how a fork's missing secret shows.
   */
  readonly keylessLocal?: boolean
  /** Said when a reviewer has no `|`: how to quote it where a shell takes `|` as a pipe. */
  readonly quoteHint?: string
}

interface ReviewerDefaults extends KeyOptions {
  readonly baseURL: string
  readonly apiKey: string
  readonly env: Env
  readonly problems: string[]
  /** How problems name the input. */
  readonly label: string
}

/** `name|model` or `name|model|base-url|api-key-env`, one per line. */
export function parseReviewers(text: string, d: ReviewerDefaults): ReviewerEndpoint[] {
  const reviewers: ReviewerEndpoint[] = []
  const missingSharedKey: string[] = []
  const lines = meaningfulLines(text)
  for (const line of lines) {
    const fields = line.split('|').map((f) => f.trim())
    const [name = '', model = '', baseURL = '', keyEnv = ''] = fields
    const bad = (why: string): void => {
      d.problems.push(`${d.label}: line "${line}" ${why}. Expected \`name|model\` or \`name|model|base-url|api-key-env\`.`)
    }
    if (fields.length !== 2 && fields.length !== 4) {
      bad(`has ${fields.length} field(s)${fields.length === 1 && d.quoteHint ? `; ${d.quoteHint}` : ''}`)
      continue
    }
    if (!/^[A-Za-z0-9][\w.-]{0,39}$/.test(name)) {
      bad('has an invalid name (letters, digits, . _ -; at most 40)')
      continue
    }
    if (!/^\S+$/.test(model) || model.endsWith('/')) {
      bad(`has no model id${model.endsWith('/') ? ` (only the vendor "${model}")` : ''}${d.quoteHint ? `; ${d.quoteHint}` : ''}`)
      continue
    }
    if (baseURL !== '' && !isHttpUrl(baseURL)) {
      bad('has a base-url that is not an http(s) URL')
      continue
    }
    if (keyEnv !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) {
      bad('has an api-key-env that is not an environment variable name')
      continue
    }
    if (reviewers.some((r) => r.name === name)) {
      bad(`repeats the reviewer name "${name}"`)
      continue
    }
    const apiKey = keyEnv === '' ? d.apiKey : (d.env[keyEnv] ?? '').trim()
    const endpoint = baseURL || d.baseURL
    // A server on this machine (a local model) needs no key; a remote one without a key is refused unless --keyless says so.
    const keyless = apiKey === '' && (d.keyless === true || (d.keylessLocal === true && isLoopback(endpoint)))
    if (apiKey === '' && d.requireKeys && !keyless) {
      if (keyEnv === '') missingSharedKey.push(name)
      else
        keyProblem(
          d,
          `Reviewer "${name}" reads its key from the environment variable ${keyEnv}, which is empty or unset. ${(d.keyEnvFix ?? stepEnvFix)(keyEnv)}`,
        )
      continue
    }
    reviewers.push(
      Object.freeze({
        name,
        model,
        lineage: lineageOf(model),
        baseURL: endpoint,
        keySource: keyless ? 'none' : keyEnv === '' ? 'api-key' : keyEnv,
        apiKey,
      }),
    )
  }
  if (missingSharedKey.length > 0) {
    keyProblem(
      d,
      `${d.missingKeyHint ?? 'Input `api-key` is empty'}, so ${missingSharedKey.length === 1 ? 'reviewer' : 'reviewers'} ${missingSharedKey.join(', ')} cannot call ${d.baseURL}. ${d.missingKeyFix ?? MISSING_KEY_FIX}`,
    )
  }
  if (lines.length === 0)
    d.problems.push(`${d.label} lists no reviewer; give one \`name|model\` per line or leave it empty for the defaults.`)
  return reviewers
}

const stepEnvFix = (name: string): string => `Set it on the step: \`env: { ${name}: \${{ secrets.${name} }} }\`.`

function keyProblem(d: ReviewerDefaults, problem: string): void {
  d.problems.push(problem)
  d.keyProblems?.push(problem)
}

/**
 * The vendor prefix of an OpenRouter-style id ("anthropic/claude-…" →
 * "anthropic"); without one, the family a local or bare id starts with
 * ("qwen2.5-coder:14b" → "qwen", "Llama-3.1-8B.gguf" → "llama"), so two sizes
 * of one family are one lineage.
 */
export function lineageOf(model: string): string {
  const slash = model.indexOf('/')
  if (slash > 0) return model.slice(0, slash).toLowerCase()
  const family = /^[a-z]{2,}/i.exec(model)?.[0]
  return (family ?? model).toLowerCase()
}

/** A URL whose host is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase()
    return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]'
  } catch {
    return false
  }
}
