// Head versions of changed files, for `context: function`. Bounded per file
// and per run; a file that cannot be read keeps its plain hunks.
import pLimit from 'p-limit'
import { repoRef, type GitHub } from './client.ts'

/** Larger files are not read for context. */
export const CONTEXT_FILE_MAX_BYTES = 1_000_000
/** Reading stops once this much has been read in one run. */
export const CONTEXT_RUN_MAX_BYTES = 20_000_000

export async function fetchHeadFiles(
  gh: GitHub,
  repo: { owner: string; repo: string },
  ref: string,
  paths: readonly string[],
): Promise<{ texts: Map<string, string>; skipped: number }> {
  const texts = new Map<string, string>()
  const limit = pLimit(4)
  let total = 0
  let skipped = 0
  await Promise.all(
    paths.map((path) =>
      limit(async () => {
        if (total >= CONTEXT_RUN_MAX_BYTES) {
          skipped++
          return
        }
        try {
          const { data } = await gh.rest.repos.getContent({ ...repoRef(repo), path, ref, mediaType: { format: 'raw' } })
          const text = typeof data === 'string' ? data : ''
          if (text.length === 0 || text.length > CONTEXT_FILE_MAX_BYTES || total + text.length > CONTEXT_RUN_MAX_BYTES) {
            skipped++
            return
          }
          total += text.length
          texts.set(path, text)
        } catch {
          skipped++
        }
      }),
    ),
  )
  return { texts, skipped }
}
