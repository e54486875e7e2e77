// Reading an evidence directory (written by the CLI's --out): the diff as
// given, and each (reviewer, bundle)'s recorded reply, counted only when it
// was recorded for this very bundle (its id is a hash of the text): a reply
// to other text is reported as stale and does not count.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/plan/bundle.ts'
import { hasEvidenceHeader, parseEvidenceReply, recordedBundle, unusableRecord } from '../core/reply/record.ts'
import type { ReviewClient } from './models.ts'

export const evidenceDiffPath = (dir: string): string => join(dir, 'input.diff')

/** The diff the evidence was recorded for; rejects with the file system's error. */
export function readEvidenceDiff(dir: string): Promise<string> {
  return readFile(evidenceDiffPath(dir), 'utf8')
}

/** `refresh`: how the user records replies for changed text, said when one is stale. */
/** Answers each (reviewer, bundle) from DIR/bundles/<bundle key>/<reviewer>.md, when it was recorded for this very bundle. */
export function createEvidenceClient(dir: string, refresh = 'review the diff again with --out to refresh it'): ReviewClient {
  return async (reviewer, bundle) => {
    const file = join(dir, 'bundles', bundleKey(bundle), `${reviewer.name}.md`)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) return unusableRecord(reviewer.name, bundle.id, `no recorded reply (${file})`)
    const recorded = recordedBundle(text)
    if (hasEvidenceHeader(text) && recorded !== bundle.id) {
      const was = recorded === undefined ? 'records no bundle id' : `answers ${recorded}`
      return unusableRecord(reviewer.name, bundle.id, `stale: ${file} ${was}, not this text; not counted (${refresh})`)
    }
    return parseEvidenceReply(text, reviewer.name, bundle.id, file)
  }
}
