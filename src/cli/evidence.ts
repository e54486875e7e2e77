// Evidence directories: what was reviewed, what each reviewer said verbatim,
// and the tally. Layout (documented in the README):
//   DIR/input.diff                      the diff as given
//   DIR/bundles/<bundle key>/bundle.diff the text every reviewer received
//   DIR/bundles/<bundle key>/<reviewer>.md  header (with the bundle id) + verbatim reply
//   DIR/tally.md, DIR/tally.json        the report
// A replay answers each (reviewer, bundle) from these files only when the
// recorded bundle id (a hash of its text) is the bundle's: a reply to other
// text is reported as stale and does not count.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/plan/bundle.ts'
import { formatEvidenceReply, hasEvidenceHeader, parseEvidenceReply, recordedBundle, unusableRecord } from '../core/reply/record.ts'
import { renderTallyJson } from '../core/render/json.ts'
import { renderMarkdown } from '../core/render/markdown.ts'
import type { Report } from '../core/verdict/types.ts'
import type { ReviewClient } from '../shell/models.ts'
import { fsReason, inputError } from './errors.ts'

export interface Evidence {
  readonly diffText: string
  readonly report: Report
  readonly now: Date
}

/** Writes into a directory prepareOut accepted; an earlier run's bundles there are replaced. */
export async function writeEvidence(dir: string, e: Evidence): Promise<void> {
  await rm(join(dir, 'bundles'), { recursive: true, force: true })
  await mkdir(join(dir, 'bundles'), { recursive: true })
  await writeFile(join(dir, 'input.diff'), e.diffText)
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

export async function readEvidenceDiff(dir: string): Promise<string> {
  const path = join(dir, 'input.diff')
  return readFile(path, 'utf8').catch((error: unknown) => {
    const code = (error as { code?: unknown }).code
    throw inputError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `--replay ${dir}: ${path} not found; --replay needs a directory written by --out.`
        : `--replay ${dir}: cannot read ${path} (${fsReason(error)}).`,
    )
  })
}

/** Answers each (reviewer, bundle) from DIR/bundles/<bundle key>/<reviewer>.md, when it was recorded for this very bundle. */
export function createEvidenceClient(dir: string): ReviewClient {
  return async (reviewer, bundle) => {
    const file = join(dir, 'bundles', bundleKey(bundle), `${reviewer.name}.md`)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) return unusableRecord(reviewer.name, bundle.id, `no recorded reply (${file})`)
    const recorded = recordedBundle(text)
    if (hasEvidenceHeader(text) && recorded !== bundle.id) {
      const was = recorded === undefined ? 'records no bundle id' : `answers ${recorded}`
      return unusableRecord(
        reviewer.name,
        bundle.id,
        `stale: ${file} ${was}, not this text; not counted (review the diff again with --out to refresh it)`,
      )
    }
    return parseEvidenceReply(text, reviewer.name, bundle.id)
  }
}
