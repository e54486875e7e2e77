// A cited path is the path exactly as the diff names it: leading `_` or `.`,
// spaces, non-ASCII, brackets, in every reply shape the parser reads.
import { describe, expect, it } from 'vitest'
import { parseReply } from '../../src/core/reply/parse.ts'
import { toReview } from '../../src/core/reply/review.ts'
import { indexDiff, locate } from '../../src/core/verdict/locate.ts'
import type { FileDiff } from '../../src/core/diff/types.ts'

const PATHS = [
  '__tests__/x.test.ts',
  '.github/workflows/ci.yml',
  '.eslintrc.js',
  '_config.yml',
  'site/config.yml',
  'docs/user guide.md',
  'src/ünï.ts',
  'app/[id]/page.tsx',
  'src/app.ts',
]

/** Every shape the README documents, citing `path:line`. */
const SHAPES: Record<string, (where: string) => string> = {
  strict: (w) => `SEVERITY: BLOCK\nWHERE: ${w}\nWHAT: the guard is gone\nWHY: anyone passes\n\nVERDICT: hold`,
  'bold keys': (w) => `**SEVERITY:** BLOCK\n**WHERE:** \`${w}\`\n**WHAT:** the guard is gone\n\nVERDICT: hold`,
  'emphasised value': (w) => `SEVERITY: **BLOCK**\nWHERE: **${w}**\nWHAT: the guard is gone\n\nVERDICT: hold`,
  'one-line item': (w) => `- **[BLOCK]** \`${w}\` — the guard is gone\n\nVERDICT: hold`,
  'bare one-line item': (w) => `- [BLOCK] ${w} — the guard is gone\n\nVERDICT: hold`,
  numbered: (w) => `1. BLOCK ${w} - the guard is gone\n\nVERDICT: hold`,
  table: (w) => `| Severity | Location | Issue |\n|---|---|---|\n| BLOCK | \`${w}\` | the guard is gone |\n\nVERDICT: hold`,
  heading: (w) => `### BLOCK: \`${w}\`\nThe guard is gone.\n\nVERDICT: hold`,
  json: (w) => `\`\`\`json\n[{"severity": "BLOCK", "where": ${JSON.stringify(w)}, "what": "the guard is gone"}]\n\`\`\`\nVERDICT: hold`,
}

const call = (reply: string) =>
  ({ reviewer: 'r', bundleId: 'b', outcome: 'answered', reply, latencyMs: 1, tokensIn: 100, tokensOut: 300, finishReason: 'stop' }) as const

describe('cited paths, exactly as the diff names them', () => {
  for (const [shape, write] of Object.entries(SHAPES)) {
    it.each(PATHS)(`${shape}: %s`, (path) => {
      const review = toReview(call(write(`${path}:3`)), { bytes: 1000, paths: PATHS })
      expect(review.complete).toBe(true)
      expect(review.parsed.findings.map((f) => [f.severity, f.where?.path, f.where?.startLine])).toEqual([['BLOCK', path, 3]])
      expect(review.reply).toBe(write(`${path}:3`))
    })
  }

  it('reads a leading dot as part of the path even without the bundle to match against', () => {
    for (const path of ['.github/workflows/ci.yml', '.eslintrc.js', 'src/.config/x.ts']) {
      for (const write of [SHAPES['one-line item']!, SHAPES['bare one-line item']!, SHAPES.numbered!]) {
        expect(parseReply(write(`${path}:3`)).findings.map((f) => f.where?.path)).toEqual([path])
      }
    }
  })

  it('removes emphasis only where it is emphasis, never from the path or symbol itself', () => {
    const where = (value: string) => parseReply(`SEVERITY: BLOCK\nWHERE: ${value}\nWHAT: x\n`).findings[0]?.where
    expect(where('__tests__/x.test.ts:3')).toEqual({ path: '__tests__/x.test.ts', startLine: 3, endLine: 3 })
    expect(where('_config.yml:2')).toEqual({ path: '_config.yml', startLine: 2, endLine: 2 })
    expect(where('*_config.yml:2*')).toEqual({ path: '_config.yml', startLine: 2, endLine: 2 })
    expect(where('__config.yml:2__')).toEqual({ path: 'config.yml', startLine: 2, endLine: 2 })
    expect(where('pkg/mod.py:__init__')).toEqual({ path: 'pkg/mod.py', symbol: '__init__' })
    expect(where('__tests__/mod.py:__init__')).toEqual({ path: '__tests__/mod.py', symbol: '__init__' })
    // The key's own emphasis closing before the value, or opened before the key and closed after the value.
    for (const value of [
      '** _config.yml:2',
      '__ _config.yml:2',
      '_config.yml:2 **',
      '**_config.yml:2',
      '_config.yml:2**',
      '*_config.yml:2',
    ]) {
      expect(where(value)).toEqual({ path: '_config.yml', startLine: 2, endLine: 2 })
    }
    expect(parseReply('**SEVERITY: BLOCK**\n**WHERE: _config.yml:2**\n**WHAT: x**\n').findings[0]?.where?.path).toBe('_config.yml')
  })

  it('never moves a finding to another file: `_config.yml` is not `site/config.yml`', () => {
    const file = (path: string): FileDiff =>
      ({
        path,
        status: 'modified',
        binary: false,
        hunks: [
          {
            header: '@@ -1,3 +1,3 @@',
            oldStart: 1,
            oldLines: 3,
            newStart: 1,
            newLines: 3,
            lines: [{ kind: 'add', text: 'x', newLine: 2 }],
          },
        ],
      }) as unknown as FileDiff
    const both = indexDiff([file('_config.yml'), file('site/config.yml')])
    const siteOnly = indexDiff([file('site/config.yml')])
    const at = { path: '_config.yml', startLine: 2, endLine: 2 }
    expect(locate(at, '_config.yml:2', both).path).toBe('_config.yml')
    expect(locate(at, '_config.yml:2', siteOnly)).toEqual({ path: '_config.yml', label: 'unknown-path' })
  })

  it('counts one finding cited twice in a reply, as a range in the list and a line in the recap table, once', () => {
    const reply =
      '- **[BLOCK]** `pkg.json#L12-L13` — the range admits a broken release\n\n| Severity | Where | What |\n|---|---|---|\n| BLOCK | pkg.json:12 | version range |\n\nVERDICT: hold'
    expect(parseReply(reply).findings.map((f) => f.where)).toEqual([{ path: 'pkg.json', startLine: 12, endLine: 13 }])
  })
})
