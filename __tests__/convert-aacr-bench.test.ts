// scripts/convert-aacr-bench.ts: AACR-Bench's two files → labelled findings, offline.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { convert } from '../scripts/convert-aacr-bench.ts'
import { parseFindingsFile } from '../scripts/eval/format.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

const comment = (over: Record<string, unknown>) => ({
  is_ai_comment: true,
  note: 'a note',
  path: 'src/a.py',
  side: 'right',
  source_model: 'GPT-5.2',
  from_line: 3,
  to_line: 4,
  category: 'Code Defect',
  context: 'Diff Level',
  ...over,
})
const pr = (comments: unknown[]) => [{ githubPrUrl: 'https://github.com/o/r/pull/7', comments }]

const positive = JSON.stringify(
  pr([
    comment({}),
    comment({ source_model: 'Qwen-Coder-480B', from_line: 9, to_line: 5 }),
    comment({ is_ai_comment: false, source_model: '' }),
  ]),
)
const negative = JSON.stringify(pr([comment({ source_model: 'Claude-Code/Claude-4.5-Sonnet', note: 'wrong' })]))

describe('convert-aacr-bench', () => {
  it('labels the positive file true and the negative false, maps models to lineages, and drops human comments', () => {
    const { findings, counts } = convert({ positive, negative })
    expect(findings).toEqual([
      {
        pr: 'o/r#7',
        reviewer: 'Claude-Code/Claude-4.5-Sonnet',
        lineage: 'anthropic',
        path: 'src/a.py',
        start: 3,
        end: 4,
        severity: null,
        text: 'wrong',
        label: false,
        category: 'Code Defect',
      },
      {
        pr: 'o/r#7',
        reviewer: 'GPT-5.2',
        lineage: 'openai',
        path: 'src/a.py',
        start: 3,
        end: 4,
        severity: null,
        text: 'a note',
        label: true,
        category: 'Code Defect',
      },
      {
        pr: 'o/r#7',
        reviewer: 'Qwen-Coder-480B',
        lineage: 'qwen',
        path: 'src/a.py',
        start: 5,
        end: 9,
        severity: null,
        text: 'a note',
        label: true,
        category: 'Code Defect',
      },
    ])
    expect(counts).toMatchObject({ comments: 4, humanDropped: 1, rangeSwapped: 1, findings: 3 })
    expect(convert({ positive, negative }, true).findings.filter((f) => f.lineage === 'human')).toHaveLength(1)
  })

  it('stops at a model it cannot place in a lineage, and at an old-side comment it drops counts it', () => {
    expect(() => convert({ positive: JSON.stringify(pr([comment({ source_model: 'Mystery-9' })])), negative: '[]' })).toThrow(
      /unknown source_model "Mystery-9"/,
    )
    expect(convert({ positive: JSON.stringify(pr([comment({ side: 'left' })])), negative: '[]' }).counts).toMatchObject({
      leftSideDropped: 1,
      findings: 0,
    })
  })

  it('runs offline from a copy of the two files and writes findings.jsonl.gz and source.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aacr-'))
    writeFileSync(join(dir, 'positive_samples.json'), positive)
    writeFileSync(join(dir, 'negative_samples.json'), negative)
    const sha = 'a'.repeat(40)
    execFileSync(process.execPath, ['scripts/convert-aacr-bench.ts', '--source', dir, '--commit', sha, '--out', join(dir, 'out')], {
      cwd: root,
    })
    const { findings, problems } = parseFindingsFile(readFileSync(join(dir, 'out', 'findings.jsonl.gz')))
    expect(problems).toEqual([])
    expect(findings).toHaveLength(3)
    const source = JSON.parse(readFileSync(join(dir, 'out', 'source.json'), 'utf8'))
    expect(source).toMatchObject({ commit: sha, counts: { findings: 3 } })
    expect(source.files['dataset/positive_samples.json']).toMatch(/^[0-9a-f]{64}$/)
  })
})
