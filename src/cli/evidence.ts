// Evidence directories: what was reviewed, what each reviewer said verbatim,
// and the tally. Layout (documented in the README):
//   DIR/input.diff                      the diff as given
//   DIR/bundles/<bundle key>/bundle.diff the text every reviewer received
//   DIR/bundles/<bundle key>/<reviewer>.md  header + verbatim reply
//   DIR/tally.md, DIR/tally.json        the report
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleKey } from '../core/plan/bundle.ts'
import { formatEvidenceReply, parseEvidenceReply } from '../core/reply/record.ts'
import { renderTallyJson } from '../core/render/json.ts'
import { renderMarkdown } from '../core/render/markdown.ts'
import type { Report } from '../core/verdict/types.ts'
import type { ReviewClient } from '../shell/models.ts'

export interface Evidence {
  readonly diffText: string
  readonly report: Report
  readonly now: Date
}

export async function writeEvidence(dir: string, e: Evidence): Promise<void> {
  await mkdir(join(dir, 'bundles'), { recursive: true })
  await writeFile(join(dir, 'input.diff'), e.diffText)
  const modelOf = new Map(e.report.reviewers.map((r) => [r.name, r.model]))
  for (const bundle of e.report.bundles) {
    const folder = join(dir, 'bundles', bundleKey(bundle))
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'bundle.diff'), bundle.text)
    for (const result of e.report.reviews.filter((r) => r.bundleId === bundle.id)) {
      const header = { reviewer: result.reviewer, model: modelOf.get(result.reviewer) ?? '', date: e.now.toISOString() }
      await writeFile(join(folder, `${result.reviewer}.md`), formatEvidenceReply(result, header))
    }
  }
  await writeFile(join(dir, 'tally.md'), renderMarkdown(e.report, Number.MAX_SAFE_INTEGER))
  await writeFile(join(dir, 'tally.json'), `${renderTallyJson(e.report)}\n`)
}

export async function readEvidenceDiff(dir: string): Promise<string> {
  return readFile(join(dir, 'input.diff'), 'utf8').catch(() => {
    throw new Error(`${join(dir, 'input.diff')} not found: --replay needs a directory written by --out`)
  })
}

/** Answers each (reviewer, bundle) from DIR/bundles/<bundle key>/<reviewer>.md. */
export function createEvidenceClient(dir: string): ReviewClient {
  return async (reviewer, bundle) => {
    const file = join(dir, 'bundles', bundleKey(bundle), `${reviewer.name}.md`)
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) {
      return {
        reviewer: reviewer.name,
        bundleId: bundle.id,
        outcome: 'failed',
        reason: `no recorded reply (${file})`,
        reply: '',
        latencyMs: 0,
        tokensIn: 0,
        tokensOut: 0,
        finishReason: 'none',
      }
    }
    return parseEvidenceReply(text, reviewer.name, bundle.id)
  }
}
