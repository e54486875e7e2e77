// Reading an evidence directory (written by the CLI's --out): the diff as
// given, and each (reviewer, bundle)'s recorded reply, counted only when it
// was recorded for this very bundle (its id is a hash of the text): a reply
// to other text is reported as stale and does not count.
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/plan/bundle.ts'
import { hasEvidenceHeader, parseEvidenceReply, recordedBundle, unusableRecord } from '../core/reply/record.ts'
import type { ReviewClient } from './models.ts'

export const evidenceDiffPath = (dir: string): string => join(dir, 'input.diff')

/** Something other than a file where evidence keeps one: a FIFO with no writer would hang the read. */
export class NotRegularFile extends Error {}

/**
 * A file's bytes, refusing anything but a regular file: opened without
 * blocking (O_NONBLOCK), so a FIFO is seen for what it is before any read.
 */
export async function readRegularFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const kind = await handle.stat()
    if (!kind.isFile())
      throw new NotRegularFile(
        `is ${kind.isFIFO() ? 'a FIFO (named pipe)' : kind.isDirectory() ? 'a directory' : 'not a regular file'}, not a file`,
      )
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** The diff the evidence was recorded for, byte for byte; rejects with the file system's error. */
export function readEvidenceDiff(dir: string): Promise<Buffer> {
  return readRegularFile(evidenceDiffPath(dir))
}

/** `refresh`: how the user records replies for changed text, said when one is stale. */
/** Answers each (reviewer, bundle) from DIR/bundles/<bundle key>/<reviewer>.md, when it was recorded for this very bundle. */
export function createEvidenceClient(dir: string, refresh = 'review the diff again with --out to refresh it'): ReviewClient {
  // One read at a time, in call order: a replay then finishes its reviews in
  // the same order every run, so its progress lines are reproducible.
  let previous: Promise<unknown> = Promise.resolve()
  const client: ReviewClient = async (reviewer, bundle) => {
    const file = join(dir, 'bundles', bundleKey(bundle), `${reviewer.name}.md`)
    const read = await readRegularFile(file).catch((error: unknown) => error)
    if (read instanceof NotRegularFile) return unusableRecord(reviewer.name, bundle.id, `${file} ${read.message}; not counted`)
    if (!Buffer.isBuffer(read)) return unusableRecord(reviewer.name, bundle.id, `no recorded reply (${file})`)
    const text = read.toString('utf8')
    const recorded = recordedBundle(text)
    if (hasEvidenceHeader(text) && recorded !== bundle.id) {
      const was = recorded === undefined ? 'records no bundle id' : `answers ${recorded}`
      return unusableRecord(reviewer.name, bundle.id, `stale: ${file} ${was}, not this text; not counted (${refresh})`)
    }
    return parseEvidenceReply(text, reviewer.name, bundle.id, file)
  }
  return (reviewer, bundle) => {
    const answer = previous.then(() => client(reviewer, bundle))
    previous = answer.catch(() => undefined)
    return answer
  }
}
