// node scripts/convert-aacr-bench.ts --source DIR --commit SHA [--out DIR] [--with-humans]
// AACR-Bench (github.com/alibaba/aacr-bench, Apache-2.0) → the labelled-findings
// format of `npm run eval`. Offline: DIR holds a copy of the upstream
// dataset/positive_samples.json and dataset/negative_samples.json (e.g.
// `git show SHA:dataset/positive_samples.json > DIR/positive_samples.json`).
// Writes OUT/findings.jsonl.gz and OUT/source.json (commit, file hashes, counts).
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import type { LabelledFinding } from './eval/format.ts'

/** AACR-Bench's `source_model` → lineage (model family). An unknown model stops the conversion: nothing is guessed. */
export const LINEAGES: Readonly<Record<string, string>> = {
  'GPT-5.2': 'openai',
  'Claude-Code/Claude-4.5-Sonnet': 'anthropic',
  'Gemini-3-Pro': 'google',
  'Qwen-Coder-480B': 'qwen',
  'GLM-4.7': 'zhipu',
  'Deepseek-V3.2': 'deepseek',
}

const FILES = { true: 'positive_samples.json', false: 'negative_samples.json' } as const

interface SourceComment {
  is_ai_comment: boolean
  note: string
  path: string
  side: string
  source_model: string
  from_line: number
  to_line: number
  category?: string
}
interface SourcePr {
  githubPrUrl: string
  comments: SourceComment[]
}

/** A finding of the format, plus the comment's upstream category (an extra key the evaluation ignores, kept for filtering). */
export type ConvertedFinding = Omit<LabelledFinding, 'line'> & { readonly category?: string }

export interface Conversion {
  readonly findings: readonly ConvertedFinding[]
  readonly counts: Readonly<Record<string, number>>
}

/** Both files' text → findings (sorted, so the output is byte-for-byte stable) and what was dropped or mended. */
export function convert(files: { positive: string; negative: string }, withHumans = false): Conversion {
  const counts: Record<string, number> = { comments: 0, humanDropped: 0, leftSideDropped: 0, rangeSwapped: 0 }
  const findings: ConvertedFinding[] = []
  for (const [label, name, text] of [
    [true, FILES.true, files.positive],
    [false, FILES.false, files.negative],
  ] as const) {
    const prs = JSON.parse(text) as SourcePr[]
    if (!Array.isArray(prs)) throw new Error(`${name}: expected a list of pull requests`)
    for (const pr of prs) {
      const m = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/pull\/(\d+)$/.exec(pr.githubPrUrl)
      if (!m) throw new Error(`${name}: githubPrUrl ${JSON.stringify(pr.githubPrUrl)} is not a pull request URL`)
      for (const c of pr.comments) {
        counts.comments = (counts.comments ?? 0) + 1
        const lineage = c.is_ai_comment ? LINEAGES[c.source_model] : withHumans ? 'human' : undefined
        if (c.is_ai_comment && lineage === undefined)
          throw new Error(`${pr.githubPrUrl}: unknown source_model ${JSON.stringify(c.source_model)}`)
        if (lineage === undefined) {
          counts.humanDropped = (counts.humanDropped ?? 0) + 1
          continue
        }
        // Old-side lines cannot be grouped with new-side ones, and the action cites only new-side lines.
        if (c.side !== 'right') {
          counts.leftSideDropped = (counts.leftSideDropped ?? 0) + 1
          continue
        }
        if (!Number.isInteger(c.from_line) || !Number.isInteger(c.to_line) || c.from_line < 1 || c.to_line < 1) {
          throw new Error(`${pr.githubPrUrl}: ${c.path} has lines ${String(c.from_line)}-${String(c.to_line)}`)
        }
        if (c.from_line > c.to_line) counts.rangeSwapped = (counts.rangeSwapped ?? 0) + 1
        const [start, end] = [Math.min(c.from_line, c.to_line), Math.max(c.from_line, c.to_line)]
        const reviewer = c.is_ai_comment ? c.source_model : 'human'
        findings.push({
          pr: `${m[1] ?? ''}#${m[2] ?? ''}`,
          reviewer,
          lineage,
          path: c.path,
          start,
          end,
          severity: null,
          text: c.note,
          label,
          ...(typeof c.category === 'string' ? { category: c.category } : {}),
        })
      }
    }
  }
  findings.sort((a, b) => {
    const ka = JSON.stringify([a.pr, a.path, a.start, a.end, a.lineage, a.reviewer, a.text, a.label])
    const kb = JSON.stringify([b.pr, b.path, b.start, b.end, b.lineage, b.reviewer, b.text, b.label])
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
  return { findings, counts: { ...counts, findings: findings.length } }
}

export const toJsonl = (findings: readonly ConvertedFinding[]): string => findings.map((f) => JSON.stringify(f)).join('\n') + '\n'

function main(): void {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      commit: { type: 'string' },
      out: { type: 'string', default: 'data/aacr-bench' },
      'with-humans': { type: 'boolean', default: false },
    },
  })
  if (values.source === undefined || values.commit === undefined || !/^[0-9a-f]{40}$/.test(values.commit)) {
    console.error('usage: node scripts/convert-aacr-bench.ts --source DIR --commit SHA(40 hex) [--out DIR] [--with-humans]')
    process.exit(2)
  }
  const raw = { positive: readFileSync(join(values.source, FILES.true)), negative: readFileSync(join(values.source, FILES.false)) }
  const { findings, counts } = convert(
    { positive: raw.positive.toString('utf8'), negative: raw.negative.toString('utf8') },
    values['with-humans'],
  )
  const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
  mkdirSync(values.out, { recursive: true })
  writeFileSync(join(values.out, 'findings.jsonl.gz'), gzipSync(toJsonl(findings), { level: 9 }))
  const source = {
    repository: 'https://github.com/alibaba/aacr-bench',
    commit: values.commit,
    files: { [`dataset/${FILES.true}`]: sha256(raw.positive), [`dataset/${FILES.false}`]: sha256(raw.negative) },
    converter: 'scripts/convert-aacr-bench.ts',
    humans: values['with-humans'] ? 'kept, lineage "human"' : 'dropped',
    counts,
  }
  writeFileSync(join(values.out, 'source.json'), JSON.stringify(source, null, 2) + '\n')
  console.log(`wrote ${join(values.out, 'findings.jsonl.gz')}: ${JSON.stringify(counts)}`)
}

if (import.meta.main) main()
