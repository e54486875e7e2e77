// For each file GitHub shows as binary (no patch): is it binary at the base?
// GitHub decides with attributes the pull request itself may have changed, so
// the action checks the base: the file's first bytes there (at the head for
// an added file), and when they are text, the base's .gitattributes. A read
// that fails is not a "binary": the file stays a gap (core/diff/binary.ts).
import pLimit from 'p-limit'
import { attributesFilesFor, markedBinary, type AttributesFile } from '../../core/diff/attributes.ts'
import type { BinaryFacts } from '../../core/diff/binary.ts'
import type { FileDiff } from '../../core/diff/types.ts'
import { httpStatus, repoRef, type GitHub, type RepoRef } from './client.ts'

/** Reading stops once this much content has been read in one run; what is left unread stays a gap. */
export const BINARY_CHECK_MAX_BYTES = 50_000_000
// git's heuristic: a NUL in the first 8000 bytes.
const SNIFF = 8000

export async function binaryFacts(
  gh: GitHub,
  where: RepoRef,
  shas: { readonly baseSha: string; readonly headSha: string },
  files: readonly FileDiff[],
): Promise<Map<string, BinaryFacts>> {
  const repo = repoRef(where)
  const limit = pLimit(4)
  let budget = BINARY_CHECK_MAX_BYTES
  const read = async (path: string, ref: string): Promise<string | undefined> => {
    try {
      const { data } = await gh.rest.repos.getContent({ ...repo, path, ref, mediaType: { format: 'raw' } })
      return typeof data === 'string' ? data : ''
    } catch (error) {
      if (httpStatus(error) === 404) return undefined
      throw error
    }
  }
  const attributes = new Map<string, Promise<AttributesFile | undefined>>()
  const attributesAt = (dir: string, file: string): Promise<AttributesFile | undefined> => {
    const known = attributes.get(file) ?? read(file, shas.baseSha).then((text) => (text === undefined ? undefined : { dir, text }))
    attributes.set(file, known)
    return known
  }
  const factsOf = async (f: FileDiff): Promise<BinaryFacts> => {
    if (budget <= 0) return { markedByBase: false, unread: `past the ${BINARY_CHECK_MAX_BYTES / 1e6} MB this check reads in a run` }
    const [ref, path] = f.status === 'added' ? [shas.headSha, f.path] : [shas.baseSha, f.oldPath]
    try {
      const content = await read(path, ref)
      if (content === undefined) return { markedByBase: false, unread: `${path} not found at ${ref.slice(0, 7)}` }
      budget -= content.length
      if (content.slice(0, SNIFF).includes('\0')) return { markedByBase: false, binaryContent: true }
      const found = await Promise.all(attributesFilesFor(f.path).map(({ dir, file }) => attributesAt(dir, file)))
      return {
        markedByBase: markedBinary(
          f.path,
          found.filter((a) => a !== undefined),
        ),
        binaryContent: false,
      }
    } catch (error) {
      return { markedByBase: false, unread: `HTTP ${httpStatus(error) ?? '?'} reading it` }
    }
  }
  const shown = files.filter((f) => f.binary)
  const facts = await Promise.all(shown.map((f) => limit(() => factsOf(f))))
  return new Map(shown.map((f, i) => [f.path, facts[i] ?? { markedByBase: false }]))
}
