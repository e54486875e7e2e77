// `npm run eval` (scripts/eval.ts): a hand-made file whose answer is obvious
// gives exactly that answer, a bad line is named, and the shipped data reads.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { parseFindings, parseFindingsFile } from '../scripts/eval/format.ts'
import { halfOf, wilson } from '../scripts/eval/stats.ts'
import { fixturePath } from './helpers/fixtures.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/eval.ts', ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

const counts = (findings: number, t: number, f: number, precision: number | null) => ({ findings, true: t, false: f, precision })

describe('npm run eval on a hand-made file', () => {
  it('counts each finding at the agreement of its group, per pull request, lineages not reviewers', async () => {
    const { code, stdout, stderr } = await run('--data', fixturePath('eval/obvious.jsonl'), '--json')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const e = JSON.parse(stdout)
    expect(e.unit).toBe('finding')
    expect(e.window).toBe(3)
    expect(e.repeats).toBe(1) // b.ts:50 said twice by one reviewer
    // Three lineages on a.ts:10-13 (all overlapping); two on a.ts:40-41 (one right, one wrong); everything else alone:
    // p2's a.ts:10-12 is another pull request, and c.ts:7/8 are two reviewers of one lineage.
    expect(e.byAgreement['3']).toMatchObject({ ...counts(3, 3, 0, 1), groups: 1, mixedGroups: 0 })
    expect(e.byAgreement['2']).toMatchObject({ ...counts(2, 1, 1, 0.5), groups: 1, mixedGroups: 1, groupsAllTrue: 0, groupsAnyTrue: 1 })
    expect(e.byAgreement['1']).toMatchObject({ ...counts(7, 2, 4, 2 / 6), unlabelled: 1, groups: 7 })
    expect(e.rules.atLeast2).toMatchObject({ ...counts(5, 4, 1, 0.8), keptTrueShare: 4 / 6 })
    expect(e.rules.atLeast3).toMatchObject({ ...counts(3, 3, 0, 1), keptTrueShare: 3 / 6 })
    expect(e.gate).toMatchObject({ failOn: 'convergent-block', ...counts(5, 4, 1, 0.8) })
    expect(e.byLineage).toEqual({
      A: expect.objectContaining({ ...counts(6, 3, 3, 0.5), agreed: expect.objectContaining(counts(2, 2, 0, 1)) }),
      B: expect.objectContaining({ ...counts(4, 2, 1, 2 / 3), unlabelled: 1, alone: expect.objectContaining(counts(2, 1, 0, 1)) }),
      C: expect.objectContaining(counts(2, 1, 1, 0.5)),
    })
    // At line-window 0, a.ts:40 and a.ts:41 no longer meet: both stand alone.
    expect(e.windows['0'].byAgreement['2']).toMatchObject(counts(0, 0, 0, null))
    expect(e.windows['0'].byAgreement['3']).toMatchObject(counts(3, 3, 0, 1))
    expect(Object.keys(e.windows)).toEqual(['0', '3', '5'])
  })

  it('takes the window and the gate policy from the flags, and gzip as well as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-'))
    const gz = join(dir, 'obvious.jsonl.gz')
    writeFileSync(gz, gzipSync(readFileSync(fixturePath('eval/obvious.jsonl'))))
    const e = JSON.parse((await run('--data', gz, '--json', '--window', '0', '--fail-on', 'never')).stdout)
    expect(e.window).toBe(0)
    expect(e.byAgreement['2'].findings).toBe(0)
    expect(e.gate).toMatchObject({ failOn: 'never', findings: 0 })
  })

  it('prints the table for a terminal', async () => {
    const { code, stdout } = await run('--data', fixturePath('eval/obvious.jsonl'))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^3\+ lineages +3 +3 +0 +1\.00 /m)
    expect(stdout).toMatch(/^≥ 2 lineages +5 +4 +0\.80 .* 67%$/m)
  })

  it('names every bad line and evaluates nothing (exit 2)', async () => {
    const { code, stdout, stderr } = await run('--data', fixturePath('eval/malformed.jsonl'), '--json')
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain('6 bad line(s); nothing was evaluated')
    expect(stderr).toMatch(/line 2: not JSON/)
    expect(stderr).toContain('line 3: "start" must be integer')
    expect(stderr).toContain('line 4: "label" is missing')
    expect(stderr).toContain('line 5: "start" (14) is after "end" (12)')
    expect(stderr).toContain('line 6: "severity" must be one of BLOCK, WARN, INFO or null')
    expect(stderr).toContain('line 7: the line must be a JSON object')
    expect(stderr).not.toMatch(/line 1:/)
  })

  it('refuses a bad flag or a missing file with exit 2 and says which', async () => {
    const window = await run('--window', '99')
    expect(window.code).toBe(2)
    expect(window.stderr).toContain('--window')
    const missing = await run('--data', 'no/such/file.jsonl')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--data no/such/file.jsonl: cannot read it')
  })
})

describe('the labelled-findings format', () => {
  it('passes over blank lines and keeps each finding’s line number', () => {
    const text = readFileSync(fixturePath('eval/obvious.jsonl'), 'utf8')
    const { findings, problems } = parseFindings(text)
    expect(problems).toEqual([])
    expect(findings).toHaveLength(13)
    expect(findings[9]).toMatchObject({ pr: 'p2', line: 11 })
  })

  it('reads gzip by its magic bytes', () => {
    const text = '{"pr":"p","reviewer":"r","lineage":"l","path":"f","start":1,"end":1,"severity":null,"text":"t","label":null}\n'
    expect(parseFindingsFile(gzipSync(text)).findings).toHaveLength(1)
  })
})

describe('statistics', () => {
  it('gives the Wilson interval', () => {
    // 8 of 10: 0.490–0.943 (Wilson 1927; e.g. Newcombe 1998, table I).
    const [lo, hi] = wilson(8, 10) ?? [0, 0]
    expect(lo).toBeCloseTo(0.49, 2)
    expect(hi).toBeCloseTo(0.943, 3)
    expect(wilson(0, 0)).toBeUndefined()
  })

  it('splits pull requests by a hash of their id, not by their order', () => {
    expect(halfOf('p1')).toBe(halfOf('p1'))
    const ids = Array.from({ length: 400 }, (_, i) => `owner/repo#${i}`)
    const a = ids.filter((id) => halfOf(id) === 'A').length
    expect(a).toBeGreaterThan(150)
    expect(a).toBeLessThan(250)
  })
})

describe('the shipped AACR-Bench conversion', () => {
  it('reads without a bad line, and matches the counts its source.json records', () => {
    const dir = fileURLToPath(new URL('../data/aacr-bench/', import.meta.url))
    const { findings, problems } = parseFindingsFile(readFileSync(join(dir, 'findings.jsonl.gz')))
    const source = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8'))
    expect(problems).toEqual([])
    expect(findings).toHaveLength(source.counts.findings)
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(new Set(findings.map((f) => f.lineage))).toEqual(new Set(['anthropic', 'deepseek', 'google', 'openai', 'qwen', 'zhipu']))
  })
})
