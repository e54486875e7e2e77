// The repository's policy file, read at the change's base commit through the
// contents API, and the settings it makes with the inputs. Never read at the
// head or the merge ref: a pull request must not loosen its own gate.
import { actionSettings } from '../../config/action.ts'
import type { Env } from '../../config/inputs.ts'
import { POLICY_PATH, type PolicyLookup } from '../../config/policy.ts'
import type { ReviewSettings } from '../../config/settings.ts'
import type { InputReader } from '../../config/spec.ts'
import { failureOf, httpStatus, repoRef, type GitHub, type RepoRef } from './client.ts'

export interface PolicyOutcome {
  readonly settings?: ReviewSettings
  readonly problems: readonly string[]
}

/** Never rejects: a run that created its check must end it through the configuration-error path. */
/** `requireKeys`: false for a run that calls no model (a dismissal's re-tally). */
export function settingsAtBase(
  gh: GitHub,
  where: RepoRef,
  baseSha: string,
  inputs: InputReader,
  env: Env,
  requireKeys = true,
): Promise<PolicyOutcome> {
  return readSettings(gh, where, baseSha, inputs, env, requireKeys).catch((error: unknown) => ({
    problems: [
      `The policy could not be made from \`${POLICY_PATH}\` and the inputs: ${error instanceof Error ? error.message : String(error)}`,
    ],
  }))
}

async function readSettings(
  gh: GitHub,
  where: RepoRef,
  baseSha: string,
  inputs: InputReader,
  env: Env,
  requireKeys: boolean,
): Promise<PolicyOutcome> {
  const lookup = { path: POLICY_PATH, at: `base ${baseSha.slice(0, 7)}` }
  const read = await readPolicyText(gh, where, baseSha).then(
    (text) => ({ lookup: { ...lookup, ...(text === undefined ? {} : { text }) } }),
    (error: unknown) => ({ error }),
  )
  if ('error' in read && read.error instanceof NotAFile) {
    return {
      problems: [`\`${POLICY_PATH}\` at ${lookup.at} is ${read.error.message}; the policy must be a YAML file at that path.`, FIX_ON_BASE],
    }
  }
  if ('error' in read) {
    // Reviewing under the defaults instead could pass what the repository's policy fails.
    const status = httpStatus(read.error)
    const answered = (read.error as { response?: unknown } | null)?.response !== undefined
    const why = answered && status !== undefined ? `HTTP ${status}` : failureOf(read.error)
    return {
      problems: [
        `Could not read \`${POLICY_PATH}\` at ${lookup.at} (${why}), so no review ran rather than one under another policy. Re-run the job; the token needs \`contents: read\`.`,
      ],
    }
  }
  const problems: string[] = []
  const settings = actionSettings(inputs, env, read.lookup, problems, requireKeys)
  if (settings) return { settings, problems }
  return { problems: problems.some((p) => p.includes(`\`${POLICY_PATH}\``)) ? [...problems, FIX_ON_BASE] : problems }
}

const FIX_ON_BASE =
  `\`${POLICY_PATH}\` is read at the pull request's base, never its head: fix it on the base branch (a pull request that fixes it is still reviewed under its base's version). ` +
  `Check a change offline with \`npx cross-lineage-review demo --config ${POLICY_PATH}\`.`

class NotAFile extends Error {}

/** The file's text at `sha`, or undefined when there is none (404: no file, or no such path). */
async function readPolicyText(gh: GitHub, where: RepoRef, sha: string): Promise<PolicyLookup['text']> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...repoRef(where), path: POLICY_PATH, ref: sha, mediaType: { format: 'raw' } })
    if (typeof data !== 'string') throw new NotAFile(Array.isArray(data) ? 'a directory' : 'not a file')
    return data
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw error
  }
}
