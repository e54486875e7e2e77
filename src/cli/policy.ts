// The policy file for a CLI run: the file --config names, or for a git range
// the repository's .github/cross-lineage-review.yml at the range's merge base
// (git-range.ts; as the action reads it at the pull request's base, never at its head).
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { POLICY_PATH, type PolicyLookup } from '../config/policy.ts'

/** Undefined when there is nothing to look at (a diff file, stdin, a replay, without --config). Throws a message for the user. */
export async function readCliPolicy(config: string | undefined, base: string | undefined, cwd: string): Promise<PolicyLookup | undefined> {
  if (config !== undefined) {
    const text = await readFile(resolve(cwd, config), 'utf8').catch((error: unknown) => {
      throw new Error(`--config ${config}: cannot read it (${error instanceof Error ? error.message : String(error)})`)
    })
    return { path: config, text }
  }
  if (base === undefined) return undefined
  const at = `merge base ${base.slice(0, 7)}`
  const type = git(['cat-file', '-t', `${base}:${POLICY_PATH}`], cwd)?.trim()
  if (type !== undefined && type !== 'blob')
    throw new Error(`${POLICY_PATH} at ${at} is a ${type}, not a file; the policy must be a YAML file at that path.`)
  const text = type === undefined ? undefined : git(['cat-file', 'blob', `${base}:${POLICY_PATH}`], cwd)
  return { path: POLICY_PATH, at, ...(text === undefined ? {} : { text }) }
}

/** git's output, or undefined when it fails (its own messages never reach the terminal). */
export function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 1024 * 1024 })
  } catch {
    return undefined
  }
}
