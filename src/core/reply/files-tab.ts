// GitHub's files-tab links (`…/pull/7/files#diff-<hex>R12-R15`, Qodo's form) name a file only
// by the SHA-256 of its path: resolved against the bundle's paths, never guessed. R lines are
// the new file's; an L anchor points into the old file, so only its path is kept.
import { createHash } from 'node:crypto'

const FILES_TAB = /https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/pull\/\d+\/files#diff-([0-9a-f]{64})(?:([RL])(\d+)(?:-([RL])(\d+))?)?/g

/** The reply with each files-tab link to a bundle path written as `path:12-15` (or `path`). */
export function resolveFilesTabLinks(reply: string, paths: readonly string[]): string {
  if (!reply.includes('#diff-')) return reply
  const byHash = new Map(paths.map((p) => [createHash('sha256').update(p).digest('hex'), p]))
  return reply.replace(FILES_TAB, (url, hash: string, side?: string, start?: string, endSide?: string, end?: string) => {
    const path = byHash.get(hash)
    if (path === undefined) return url
    if (side !== 'R' || start === undefined || (endSide !== undefined && endSide !== 'R')) return path
    return end === undefined || end === start ? `${path}:${start}` : `${path}:${start}-${end}`
  })
}
