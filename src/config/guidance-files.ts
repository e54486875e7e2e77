// The `guidance-files` input: which of the repository's guidance files for AI
// tools (AGENTS.md, CLAUDE.md, …) reviewers are given. Paths in the repository,
// read at the base commit; `none` (or an empty list in the policy file) turns
// it off, since an empty input means the default.
import { globList } from './inputs.ts'

/** What peer review tools read: the agents' convention, Claude Code, Copilot, Cursor's Bugbot, Gemini Code Assist. */
export const DEFAULT_GUIDANCE_FILES = [
  'AGENTS.md',
  'CLAUDE.md',
  '.github/copilot-instructions.md',
  '.cursor/BUGBOT.md',
  '.gemini/styleguide.md',
]

/** More would only dilute the review prompt: every file is sent with every bundle. */
export const GUIDANCE_FILES_MAX = 10

/** The paths, each checked; a bad one is a problem naming the input. */
export function parseGuidanceFiles(text: string, problems: string[], label: string): string[] {
  if (text.trim() === 'none') return []
  const paths = [...new Set(globList(text))]
  if (paths.length > GUIDANCE_FILES_MAX) {
    problems.push(`${label} lists ${paths.length} files; at most ${GUIDANCE_FILES_MAX} (each is sent with every bundle).`)
    return []
  }
  for (const path of paths) {
    const why = pathProblem(path)
    if (why !== undefined)
      problems.push(`${label}: "${path}" is not a path in the repository (${why}); write it like AGENTS.md or docs/ai/review.md.`)
  }
  return paths
}

function pathProblem(path: string): string | undefined {
  if (path.length > 200) return 'longer than 200 characters'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(path)) return 'it holds a control character'
  if (path.startsWith('/')) return 'it starts with /'
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'an empty, . or .. segment'
  if (/[*?[\]{}]/.test(path)) return 'it is a glob; name each file'
  return undefined
}

/** The list the inputs give (or the default), to start reading before the policy file can change it; problems are reported later, with the settings. */
export function likelyGuidanceFiles(value: string): string[] {
  return parseGuidanceFiles(value, [], '')
}
