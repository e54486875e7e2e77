// Evidence directories written by --out: what was reviewed, what each reviewer
// said verbatim, and the tally (shell/read-evidence.ts reads them back). Layout
// (documented in the README):
//   DIR/input.diff                      the diff as given
//   DIR/bundles/<bundle key>/bundle.diff the text every reviewer received
//   DIR/bundles/<bundle key>/<reviewer>.md  header (with the bundle id) + verbatim reply
//   DIR/tally.md, DIR/tally.json        the report
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/plan/bundle.ts'
import { formatEvidenceReply } from '../core/reply/record.ts'
import { renderTallyJson } from '../core/render/json.ts'
import { renderMarkdown } from '../core/render/markdown.ts'
import type { Report } from '../core/verdict/types.ts'
import { evidenceDiffPath, NotRegularFile, readEvidenceDiff } from '../shell/read-evidence.ts'
import { fsReason, inputError } from './errors.ts'

export interface Evidence {
  /** The input as given, byte for byte (CR and bytes that are not UTF-8 kept). */
  readonly diffBytes: Buffer
  readonly report: Report
  readonly now: Date
}

/** Writes into a directory prepareOut accepted; an earlier run's bundles there are replaced. */
export async function writeEvidence(dir: string, e: Evidence): Promise<void> {
  await rm(join(dir, 'bundles'), { recursive: true, force: true })
  await mkdir(join(dir, 'bundles'), { recursive: true })
  await writeFile(join(dir, 'input.diff'), e.diffBytes)
  const modelOf = new Map(e.report.reviewers.map((r) => [r.name, r.model]))
  for (const bundle of e.report.bundles) {
    const folder = join(dir, 'bundles', bundleKey(bundle))
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'bundle.diff'), bundle.text)
    for (const result of e.report.reviews.filter((r) => r.bundleId === bundle.id)) {
      const header = { reviewer: result.reviewer, model: modelOf.get(result.reviewer) ?? '', bundle: bundle.id, date: e.now.toISOString() }
      await writeFile(join(folder, `${result.reviewer}.md`), formatEvidenceReply(result, header))
    }
  }
  await writeFile(join(dir, 'tally.md'), renderMarkdown(e.report, Number.MAX_SAFE_INTEGER, { fullTallyIn: 'tally.json beside this file' }))
  await writeFile(join(dir, 'tally.json'), `${renderTallyJson(e.report)}\n`)
}

/** The evidence's input.diff, or a usage error naming --replay. */
export async function readReplayDiff(dir: string): Promise<Buffer> {
  const path = evidenceDiffPath(dir)
  return readEvidenceDiff(dir).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code
    if (error instanceof NotRegularFile)
      throw inputError(`--replay ${dir}: ${path} ${error.message}; --replay needs a directory written by --out.`)
    throw inputError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `--replay ${dir}: ${path} not found; --replay needs a directory written by --out.`
        : `--replay ${dir}: cannot read ${path} (${fsReason(error)}).`,
    )
  })
}
