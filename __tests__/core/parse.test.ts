import { describe, expect, it } from 'vitest'
import { parseReply, parseWhere, parseWheres } from '../../src/core/reply/parse.ts'
import { SEVERITY_VOCABULARY } from '../../src/core/reply/severity.ts'
import type { Severity } from '../../src/core/reply/types.ts'

describe('parseReply', () => {
  it('reads plain strict blocks and the closing verdict', () => {
    const r = parseReply(
      [
        'SEVERITY: BLOCK',
        'WHERE: src/a.ts:42',
        'WHAT: Null dereference.',
        'WHY: user can be undefined here.',
        '',
        'SEVERITY: INFO',
        'WHERE: src/b.ts:7',
        'WHAT: Typo.',
        'WHY: Spelling.',
        '',
        'VERDICT: hold - null deref in a.ts',
      ].join('\n'),
    )
    expect(r.findings).toEqual([
      {
        severity: 'BLOCK',
        whereText: 'src/a.ts:42',
        where: { path: 'src/a.ts', startLine: 42, endLine: 42 },
        what: 'Null dereference.',
        why: 'user can be undefined here.',
      },
      { severity: 'INFO', whereText: 'src/b.ts:7', where: { path: 'src/b.ts', startLine: 7, endLine: 7 }, what: 'Typo.', why: 'Spelling.' },
    ])
    expect(r.verdict).toBe('hold')
    expect(r.verdictSummary).toBe('null deref in a.ts')
    expect(r.unparsed).toEqual([])
  })

  it('accepts bold keys, bullets, backticks, numbered lists and lower-case keys', () => {
    const r = parseReply(
      [
        '**SEVERITY:** WARN',
        '**WHERE:** `src/a.ts:L10`',
        '**WHAT:** one',
        '',
        '- **SEVERITY**: block',
        '- **WHERE**: `src/b.ts:3`',
        '- what: two',
        '',
        '1. severity: info',
        '   where: src/c.ts:5-9',
        '   what: three',
        '',
        '**Verdict**: ship-with-fixes — minor',
      ].join('\n'),
    )
    expect(r.findings.map((f) => [f.severity, f.where?.path, f.where?.startLine, f.where?.endLine, f.what])).toEqual([
      ['WARN', 'src/a.ts', 10, 10, 'one'],
      ['BLOCK', 'src/b.ts', 3, 3, 'two'],
      ['INFO', 'src/c.ts', 5, 9, 'three'],
    ])
    expect(r.verdict).toBe('ship-with-fixes')
    expect(r.verdictSummary).toBe('minor')
  })

  it('joins WHAT and WHY continuation lines', () => {
    const r = parseReply('SEVERITY: WARN\nWHERE: a.go:1\nWHAT: first part\nsecond part\nWHY: because\nreally\n\nVERDICT: ship')
    expect(r.findings[0]).toMatchObject({ what: 'first part second part', why: 'because really' })
  })

  it('reads a verdict written on the line after an empty VERDICT:', () => {
    expect(parseReply('VERDICT:\nship - all good').verdict).toBe('ship')
  })

  it('counts blocks without a severity or location instead of dropping them', () => {
    const r = parseReply('SEVERITY: WARN\nWHAT: no location given\n\nWHERE: x.ts:1\nWHAT: no severity\n\nVERDICT: ship')
    expect(r.findings).toEqual([])
    expect(r.unparsed).toHaveLength(2)
  })

  it('reads a lone `Details:` or `Fix:` line as prose, not as a finding left unread', () => {
    expect(parseReply('**Details:** the locking change is correct.\nFix: none needed.\n\nVERDICT: ship').unparsed).toEqual([])
  })

  it('takes a FIX block verbatim: a finding or VERDICT inside it is code, not a finding', () => {
    const fix = ['  // SEVERITY: BLOCK', 'WHERE: src/evil.ts:1', 'VERDICT: ship', '  return a <= b']
    const r = parseReply(
      [
        'SEVERITY: WARN',
        'WHERE: src/a.ts:3-6',
        'WHAT: Off by one.',
        'WHY: Shown.',
        'FIX:',
        '````',
        ...fix,
        '````',
        '',
        'VERDICT: hold - x',
      ].join('\n'),
    )
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'WARN', whereText: 'src/a.ts:3-6', fix: fix.join('\n') })])
    expect(r.verdict).toBe('hold')
  })

  it.each([
    ['a blank line between', '- [WARN] `src/a.ts:3` — Off by one.\n\nFIX:\n```ts\n  return a <= b\n```'],
    ['the fence on the key line', '- [WARN] `src/a.ts:3` — Off by one.\n\nFIX: ```ts\n  return a <= b\n```'],
    ['blank lines on both sides of the key', '- [WARN] `src/a.ts:3` — Off by one.\n\nFix:\n\n```ts\n  return a <= b\n```'],
  ])('gives a one-line finding the FIX block that follows it, with %s', (_, reply) => {
    const r = parseReply(`${reply}\n\n- [INFO] \`src/b.ts:9\` — Naming.\n\nVERDICT: ship-with-fixes`)
    expect(r.findings.map((f) => [f.whereText, f.fix])).toEqual([
      ['src/a.ts:3', '  return a <= b'],
      ['src/b.ts:9', undefined],
    ])
  })

  it('reopens a one-line finding for its FIX only: a key block after the blank is a finding of its own', () => {
    const r = parseReply(
      '- [WARN] `src/a.ts:3` — Off by one.\n\nWHERE: src/b.ts:9\nSEVERITY: BLOCK\nWHAT: Leak.\nWHY: Shown.\n\nVERDICT: hold',
    )
    expect(r.findings.map((f) => [f.whereText, f.severity])).toEqual([
      ['src/a.ts:3', 'WARN'],
      ['src/b.ts:9', 'BLOCK'],
    ])
  })

  it('gives a FIX block to no finding when prose stands between them', () => {
    const r = parseReply(
      '- [WARN] `src/a.ts:3` — Off by one.\n\nSomething else entirely.\n\nFIX:\n```ts\n  return a <= b\n```\n\nVERDICT: ship',
    )
    expect(r.findings.map((f) => [f.whereText, f.fix])).toEqual([['src/a.ts:3', undefined]])
  })

  it('takes no fix when prose follows the FIX key, nor a code block after that prose; and reads on', () => {
    const r = parseReply(
      [
        'SEVERITY: WARN',
        'WHERE: src/a.ts:3',
        'WHAT: Magic number.',
        'WHY: Shown.',
        'FIX:',
        'Use a named constant, for example:',
        '```ts',
        'const LIMIT = 3',
        '```',
        '',
        'SEVERITY: INFO',
        'WHERE: src/b.ts:9',
        'WHAT: Naming.',
        'WHY: Shown.',
        '',
        'VERDICT: ship-with-fixes',
      ].join('\n'),
    )
    expect(r.findings.map((f) => [f.whereText, f.fix])).toEqual([
      ['src/a.ts:3', undefined],
      ['src/b.ts:9', undefined],
    ])
    expect(r.verdict).toBe('ship-with-fixes')
  })

  it('takes a heading just above a key block without WHAT as its WHAT', () => {
    const r = parseReply(
      '### Pool leak\n\nSEVERITY: WARN\nWHERE: src/a.ts:3\nWHY: Connections are never released.\n\nVERDICT: ship-with-fixes',
    )
    expect(r.findings.map((f) => [f.whereText, f.what, f.why])).toEqual([['src/a.ts:3', 'Pool leak', 'Connections are never released.']])
  })

  it('keeps no fix that is empty, too long, or for a block citing two places', () => {
    const block = (where: string, body: string): string =>
      `SEVERITY: WARN\nWHERE: ${where}\nWHAT: w\nWHY: y\nFIX:\n\`\`\`\n${body}\n\`\`\`\n`
    expect(parseReply(block('src/a.ts:3', '   ')).findings[0]?.fix).toBeUndefined()
    expect(parseReply(block('src/a.ts:3', 'x'.repeat(10_001))).findings[0]?.fix).toBeUndefined()
    expect(parseReply(block('src/a.ts:3, src/b.ts:4', 'y')).findings.map((f) => f.fix)).toEqual([undefined, undefined])
    expect(parseReply(block('src/a.ts:3', 'y')).findings[0]?.fix).toBe('y')
  })

  it('finds nothing in a reply without the format', () => {
    const r = parseReply('Looks good to me! Nice work.')
    expect(r).toEqual({ findings: [], verdictSummary: '', unparsed: [] })
  })

  it('takes the most severe of several VERDICT lines', () => {
    expect(parseReply('VERDICT: ship\nSEVERITY: BLOCK\nWHERE: a.ts:1\nWHAT: x\nVERDICT: hold - x').verdict).toBe('hold')
    expect(parseReply('VERDICT: hold - first part\n\nVERDICT: ship - second part')).toMatchObject({
      verdict: 'hold',
      verdictSummary: 'first part',
    })
  })

  it('parses every reply of the demo corpus', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const root = new URL('../../examples/demo/bundles/', import.meta.url)
    let replies = 0
    for (const bundle of readdirSync(root)) {
      for (const name of readdirSync(new URL(`${bundle}/`, root))) {
        const r = parseReply(readFileSync(new URL(`${bundle}/${name}`, root), 'utf8'))
        expect(r.unparsed, `${bundle}/${name}`).toEqual([])
        expect(r.verdict, `${bundle}/${name}`).toBeDefined()
        replies++
      }
    }
    expect(replies).toBe(6)
  })
})

describe('shapes models answer in beyond the strict format', () => {
  const at = (reply: string) =>
    parseReply(reply).findings.map((f) => [f.severity, f.where?.path, f.where?.startLine, f.where?.endLine, f.what])

  it('reads a fenced JSON block followed by a VERDICT line', () => {
    const reply = [
      '```json',
      '{"findings": [{"severity": "BLOCK", "where": "src/a.ts:42", "what": "Null dereference.", "why": "user may be undefined."}]}',
      '```',
      '',
      'VERDICT: hold - null deref',
    ].join('\n')
    expect(parseReply(reply)).toEqual({
      findings: [
        {
          severity: 'BLOCK',
          whereText: 'src/a.ts:42',
          where: { path: 'src/a.ts', startLine: 42, endLine: 42 },
          what: 'Null dereference.',
          why: 'user may be undefined.',
        },
      ],
      verdict: 'hold',
      verdictSummary: 'null deref',
      unparsed: [],
    })
  })

  it.each([
    ['- [WARN] `src/a.ts:102` — Retry never sleeps.', ['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.']],
    ['**WARN** · src/a.ts:102-103 — Retry never sleeps.', ['WARN', 'src/a.ts', 102, 103, 'Retry never sleeps.']],
    ['WARN: src/a.ts:102 Retry never sleeps.', ['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.']],
    ['- `src/a.ts:102` (warn): Retry never sleeps.', ['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.']],
    [
      '- [WARN] [src/a.ts:102](https://github.com/o/r/blob/abc/src/a.ts#L102) — Retry never sleeps.',
      ['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.'],
    ],
    [
      '- [WARN] [the retry loop](https://github.com/o/r/blob/abc/src/a.ts#L102-L104) — never sleeps.',
      ['WARN', 'src/a.ts', 102, 104, 'never sleeps.'],
    ],
    ['### [WARN] src/a.ts:104 — Retry never sleeps', ['WARN', 'src/a.ts', 104, 104, 'Retry never sleeps']],
    ['`src/a.ts:102` — **Medium** — Retry never sleeps.', ['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.']],
  ])('reads the one-line finding %s', (line, finding) => {
    expect(at(`${line}\n\nVERDICT: ship-with-fixes`)).toEqual([finding])
  })

  // Issue-12 audit: a Title-case severity beside the location, a label after a separator, compounds.
  it.each([
    ['- High `src/a.ts:120` connection leak', 'BLOCK'],
    ['- 🔴 High `src/a.ts:120` connection leak', 'BLOCK'],
    ['- `src/a.ts:120` — High — connection leak', 'BLOCK'],
    ['- `src/a.ts:120` — high: connection leak', 'BLOCK'],
    ['- `src/a.ts:120` — Major: connection leak', 'WARN'],
    ['- **High severity** — `src/a.ts:120`: connection leak', 'BLOCK'],
    ['- **High-severity:** `src/a.ts:120` connection leak', 'BLOCK'],
    ['- [High severity] `src/a.ts:120` connection leak', 'BLOCK'],
    ['- _Medium_ — `src/a.ts:120` connection leak', 'WARN'],
  ])('reads the one-line finding %s as %s', (line, severity) => {
    expect(at(`${line}\n\nVERDICT: hold`)).toEqual([[severity, 'src/a.ts', 120, 120, 'connection leak']])
  })

  it.each([
    '- `src/a.ts:120` — Low-level logging is noisy.',
    '- In `src/a.ts:120`, high load makes this slow.',
    '- `src/a.ts:120` — the critical section is fine.',
  ])('reads no severity from %s, and counts it as unparsed', (line) => {
    const r = parseReply(`${line}\n\nVERDICT: ship`)
    expect([r.findings, r.unparsed]).toEqual([[], [line]])
  })

  it.each([
    'Severity: High — `src/a.ts:120` — connection leak',
    '**Severity: High** — `src/a.ts:120` — connection leak',
    'Priority: P1 — src/a.ts:120 — connection leak',
    'Location: src/a.ts:120 (High) — connection leak',
    'Issue: connection leak at src/a.ts:120 [BLOCK]',
  ])('reads the key line %s, whose value holds more than its key', (line) => {
    expect(at(`${line}\n\nVERDICT: hold`)).toEqual([['BLOCK', 'src/a.ts', 120, 120, 'connection leak']])
  })

  it.each([
    ['error', 'BLOCK'],
    ['Important', 'WARN'],
    ['note', 'INFO'],
  ])('reads %s as %s only as a key value', (word, severity) => {
    expect(at(`SEVERITY: ${word}\nWHERE: src/a.ts:3\nWHAT: x`)[0]?.[0]).toBe(severity)
    expect(at(`{"severity": "${word}", "file": "src/a.ts", "line": 3, "message": "x"}`)[0]?.[0]).toBe(severity)
    expect(at(`| Severity | Location | Issue |\n|---|---|---|\n| ${word} | src/a.ts:3 | x |`)[0]?.[0]).toBe(severity)
    expect(at(`- ${word}: \`src/a.ts:3\` x\n- [${word}] src/a.ts:3 — x\n\n${word} in src/a.ts:3`)).toEqual([])
  })

  it.each([
    ['- [WARN] `src/a.ts` L12: missing await', ['WARN', 'src/a.ts', 12, 12, 'missing await']],
    ['- [WARN] `src/a.ts` L12-L14: missing await', ['WARN', 'src/a.ts', 12, 14, 'missing await']],
    ['- **WARN** line 12 of src/a.ts: missing await', ['WARN', 'src/a.ts', 12, 12, 'missing await']],
    ['- **WARN** src/a.ts, lines 12 to 14: missing await', ['WARN', 'src/a.ts', 12, 14, 'missing await']],
    ['- **WARN** src/a.ts, Line 12: missing await', ['WARN', 'src/a.ts', 12, 12, 'missing await']],
  ])('reads the location in %s', (line, finding) => {
    expect(at(`${line}\n\nVERDICT: hold`)).toEqual([finding])
  })

  it.each([
    ['"range": {"start": 10, "end": 14}', [10, 14]],
    ['"line_range": "10-14"', [10, 14]],
    ['"line_range": [10, 14]', [10, 14]],
  ])('reads the JSON lines %s', (lines, [start, end]) => {
    expect(at(`{"severity": "WARN", "file": "src/a.ts", ${lines}, "message": "x"}`)).toEqual([['WARN', 'src/a.ts', start, end, 'x']])
  })

  it('reads a Go method as its symbol, inline too', () => {
    expect(parseReply('- [WARN] `src/pool.go:(*Pool).Get` — leak').findings[0]?.where).toEqual({ path: 'src/pool.go', symbol: 'Pool.Get' })
  })

  it('reads a markdown table whose header names severity and location columns', () => {
    const reply =
      '| Severity | Location | Issue |\n|---|---|---|\n| WARN | `src/a.ts:102` | Retry never sleeps. |\n\nVERDICT: ship-with-fixes'
    expect(at(reply)).toEqual([['WARN', 'src/a.ts', 102, 102, 'Retry never sleeps.']])
  })

  it.each([
    ['a count column', '| Severity | Count |\n|---|---|\n| BLOCK | 0 |\n| WARN | 1 |'],
    ['rows of a severity and numbers', '| Level | New | Fixed |\n|---|---|---|\n| **BLOCK** | 0 | 2 |\n| WARN | 1 | 0 |'],
  ])('reads a table with %s as a summary: neither findings nor unparsed', (_, table) => {
    const r = parseReply(`- [WARN] \`src/a.ts:102\` — Retry never sleeps.\n\n${table}\n\nVERDICT: ship-with-fixes`)
    expect([r.findings.length, r.unparsed]).toEqual([1, []])
  })

  it('reads a heading per finding, its paragraphs as the reason', () => {
    const r = parseReply(
      '### [WARN] src/a.ts:104 — Retry never sleeps\n\nThe loop spins.\n\nUnder outage it burns CPU.\n\nVERDICT: ship-with-fixes',
    )
    expect(r.findings).toMatchObject([{ severity: 'WARN', what: 'Retry never sleeps', why: 'The loop spins. Under outage it burns CPU.' }])
  })

  it('ignores what a model reasoned inside <think> and code inside a fenced code block', () => {
    const reply = '<think>maybe [BLOCK] src/a.ts:1 — x</think>\n```ts\nwhere: { id }\nseverity: "high"\n```\nVERDICT: ship'
    expect(parseReply(reply)).toEqual({ findings: [], verdict: 'ship', verdictSummary: '', unparsed: [] })
  })

  const vocabulary = (Object.entries(SEVERITY_VOCABULARY) as [Severity, readonly string[]][]).flatMap(([s, words]) =>
    words.map((w) => [w, s]),
  )
  it.each(vocabulary)('maps the severity word %s to %s', (word, severity) => {
    expect(at(`SEVERITY: ${word[0]!.toUpperCase()}${word.slice(1)}\nWHERE: a.ts:1\nWHAT: x`)[0]?.[0]).toBe(severity)
    expect(at(`- [${word}] a.ts:1 — x`)[0]?.[0]).toBe(severity)
  })

  it.each([
    ['## Critical Issues (1)', 'BLOCK'],
    ['## 🚨 Must fix before merge', 'BLOCK'],
    ['Critical (must fix before merge):', 'BLOCK'],
    ['## Issues (critical)', 'BLOCK'],
    ['### Major concerns (2)', 'WARN'],
    ['## Minor / nits', 'INFO'],
    ['**Nits and suggestions**', 'INFO'],
  ])('reads the items under the section heading %s as %s', (heading, severity) => {
    const r = parseReply(`${heading}\n\n- \`src/a.ts:42\` — token compared with \`==\`.\n\nVERDICT: hold`)
    expect(r.findings.map((f) => [f.severity, f.whereText])).toEqual([[severity, 'src/a.ts:42']])
  })

  it.each(['## Critical and minor issues', '## Bugs', '## Required changes'])('reads no severity from the heading %s', (heading) => {
    const r = parseReply(`${heading}\n\n- \`src/a.ts:42\` — token compared with \`==\`.\n\nVERDICT: hold`)
    expect([r.findings, r.unparsed]).toEqual([[], ['- `src/a.ts:42` — token compared with `==`.']])
  })

  it('counts a one-line finding without a location as unparsed, and a severity heading as a section, not a finding', () => {
    const r = parseReply('## Warnings\n\n- [WARN] Error handling is inconsistent.\n- `a.ts:3` — no timeout.\n\nVERDICT: ship-with-fixes')
    expect(r.findings.map((f) => [f.severity, f.whereText])).toEqual([['WARN', 'a.ts:3']])
    expect(r.unparsed).toEqual(['- [WARN] Error handling is inconsistent.'])
  })

  it('ends a severity section at the next heading of its level: the items under it take no severity from it', () => {
    const r = parseReply(
      '## Warnings\n\n- `src/a.ts:3` — no timeout.\n\n## Questions\n\n- `src/b.ts:9` — why is this exported?\n\nVERDICT: ship-with-fixes',
    )
    expect(r.findings.map((f) => [f.severity, f.whereText])).toEqual([['WARN', 'src/a.ts:3']])
    // Cited with no severity: not a finding, and not a clean review either.
    expect(r.unparsed).toEqual(['- `src/b.ts:9` — why is this exported?'])
  })

  it('reads a table row with neither severity nor location as no finding and nothing unread', () => {
    const r = parseReply(
      '| Severity | Location | Issue |\n|---|---|---|\n| WARN | `src/a.ts:3` | Leak. |\n|  |  | (continued) |\n\nVERDICT: ship-with-fixes',
    )
    expect([r.findings.map((f) => f.whereText), r.unparsed]).toEqual([['src/a.ts:3'], []])
  })
})

describe('more shapes from the issue-12 audit', () => {
  const at = (reply: string) => parseReply(reply).findings.map((f) => [f.severity, f.whereText, f.what])

  it('reads findings in XML tags, and their verdict', () => {
    const xml = [
      '<findings>',
      '<finding>',
      '<severity>BLOCK</severity>',
      '<where>src/a.ts:42</where>',
      '<what>Timing leak</what>',
      '</finding>',
    ]
    const r = parseReply([...xml, '</findings>', '<verdict>hold</verdict>'].join('\n'))
    expect([r.findings.map((f) => [f.severity, f.whereText, f.what]), r.verdict]).toEqual([
      [['BLOCK', 'src/a.ts:42', 'Timing leak']],
      'hold',
    ])
  })

  it('takes a table column that holds only severities as the severity column, whatever its header', () => {
    const table =
      '| Risk | Path | Line | Finding |\n|---|---|---|---|\n| High | src/a.ts | 42 | Timing leak |\n| Low | src/b.ts | 7 | Unused import |'
    expect(at(table)).toEqual([
      ['BLOCK', 'src/a.ts:42', 'Timing leak'],
      ['INFO', 'src/b.ts:7', 'Unused import'],
    ])
  })

  it('reads a list item that is only a severity when its location follows on the next line', () => {
    expect(at('- BLOCK\n    src/a.ts:42\n    Timing leak.\n- WARN\n    src/b.ts:9\n    Leak.')).toEqual([
      ['BLOCK', 'src/a.ts:42', 'Timing leak.'],
      ['WARN', 'src/b.ts:9', 'Leak.'],
    ])
    expect(parseReply('Levels:\n- BLOCK\n- WARN\n- INFO\n\nVERDICT: ship')).toEqual({
      findings: [],
      verdict: 'ship',
      verdictSummary: '',
      unparsed: [],
    })
  })

  it('reads emoji as the severities a legend in the reply gives them', () => {
    const reply = 'Legend: 🔴 blocking · 🟡 should fix · 🟢 nit\n\n- 🔴 `src/a.ts:42` — timing leak.\n- 🟢 **WARN** `src/b.ts:9` — leak.'
    expect(at(reply)).toEqual([
      ['BLOCK', 'src/a.ts:42', 'timing leak.'],
      ['WARN', 'src/b.ts:9', 'leak.'],
    ])
    expect(parseReply('- 🔴 `src/a.ts:42` — timing leak.').unparsed).toEqual(['- 🔴 `src/a.ts:42` — timing leak.'])
  })

  it('reads bold numbered titles with their location under a severity section', () => {
    expect(
      at(
        '## Critical Issues\n\n**1. Timing leak** (`src/a.ts:42`)\nThe token is compared with `==`.\n\n## Suggestions\n\n**2. Unused import** (`src/b.ts:7`)',
      ),
    ).toEqual([
      ['BLOCK', 'src/a.ts:42', 'Timing leak'],
      ['INFO', 'src/b.ts:7', 'Unused import'],
    ])
  })
})

// Held-out replies (written after the audit fixes, in shapes not tuned for).
describe('held-out shapes: structure', () => {
  const at = (reply: string) => parseReply(reply).findings.map((f) => [f.severity, f.whereText, f.what])

  it('gives a heading that cites a place the severity written below it, never the next heading', () => {
    const reply = [
      '### 1. Race in `evict` — `src/lru.go:88`',
      '',
      '**Severity:** Critical',
      '',
      '`Put` unlocks first.',
      '',
      '### 2. `limit` unchecked — `src/orders.py:141`',
      '',
      '**Severity:** Medium',
    ].join('\n')
    expect(at(reply)).toEqual([
      ['BLOCK', 'src/lru.go:88', 'Race in `evict`'],
      ['WARN', 'src/orders.py:141', '`limit` unchecked'],
    ])
  })

  it('reads a sub-heading under a severity section as a finding whose location follows', () => {
    expect(
      at(
        '## 🔥 Critical\n### Data race in eviction\n📍 `src/lru.go` (L88)\n`evict()` runs unlocked.\n\n## 💡 Suggestions\n### Unused import\n📍 `src/cart.tsx` (L23)',
      ),
    ).toEqual([
      ['BLOCK', 'src/lru.go (L88)', 'Data race in eviction'],
      ['INFO', 'src/cart.tsx (L23)', 'Unused import'],
    ])
  })

  it('reads the places listed under "Checked and fine:" as neither findings nor unparsed', () => {
    const r = parseReply(
      '- **[WARN]** `src/a.ts:3` — leak.\n\nChecked and fine:\n- `src/a.ts:61` — takes the read lock.\n- `src/b.ts:9` — parameterised.\n\nVERDICT: hold',
    )
    expect([r.findings.map((f) => f.whereText), r.unparsed]).toEqual([['src/a.ts:3'], []])
    expect(at('## Looks good\n- [INFO] `src/a.ts:7` — a nit all the same.')).toEqual([['INFO', 'src/a.ts:7', 'a nit all the same.']])
  })
})

describe('held-out shapes: words and places', () => {
  const at = (reply: string) => parseReply(reply).findings.map((f) => [f.severity, f.where?.path, f.where?.startLine, f.where?.endLine])

  it.each([
    ['- P1 src/lru.go:88 — races with Get().', 'BLOCK'],
    ['- P3 src/lru.go:88 — unused import.', 'INFO'],
    ['**src/lru.go:88**\n: Severity — blocker. `evict` runs unlocked.', 'BLOCK'],
    ['::error file=src/lru.go,line=88::Data race', 'BLOCK'],
    ['::notice file=src/lru.go,line=88,endLine=88::Unused import', 'INFO'],
  ])('reads %s as %s', (reply, severity) => {
    expect(at(reply)).toEqual([[severity, 'src/lru.go', 88, 88]])
  })

  it.each([
    ['WHERE: src/lru.go, Zeile 88', 88, 88],
    ['WHERE: `src/lru.go` 88行目', 88, 88],
    ['WHERE: src/lru.go 第88行', 88, 88],
    ['WHERE: src/lru.go, ligne 88-90', 88, 90],
    ['WHERE: src/lru.go：88', 88, 88],
  ])('reads the location in %s', (where, start, end) => {
    expect(at(`SEVERITY: WARN\n${where}\nWHAT: x`)).toEqual([['WARN', 'src/lru.go', start, end]])
  })

  it('reads a table row whose location has a full-width colon', () => {
    expect(at('| 严重程度 | 位置 | 问题 |\n|---|---|---|\n| BLOCK | src/lru.go：88 | 数据竞争 |')).toEqual([
      ['BLOCK', 'src/lru.go', 88, 88],
    ])
  })

  it.each([
    ['VERDICT: request changes - the race', 'hold'],
    ['Decision: APPROVE', 'ship'],
    ['{"recommendation": "request_changes"}', 'hold'],
  ])('reads the verdict in %s as %s', (reply, verdict) => {
    expect(parseReply(reply).verdict).toBe(verdict)
  })
})

// Issue-12 audit: findings nobody wrote.
describe('no invented findings', () => {
  const strict = 'SEVERITY: WARN\nWHERE: src/b.ts:9\nWHAT: Leak.\nWHY: No Put.'

  it.each([
    'Checked and fine (no BLOCK here): src/a.ts:42 now uses timingSafeEqual.',
    'Nothing blocking in src/a.ts:42; the compare is constant-time.',
    'The change at src/a.ts:42 is not a BLOCK any more.',
    'There is no critical issue in src/a.ts:42.',
  ])('reads no finding from the denial %s', (line) => {
    const r = parseReply(`${strict}\n\n${line}\n\nVERDICT: ship`)
    expect([r.findings.map((f) => f.whereText), r.unparsed]).toEqual([['src/b.ts:9'], []])
  })

  it('drops reasoning whose opening tag the provider dropped, up to the closing tag', () => {
    const r = parseReply('Let me see. [BLOCK] src/a.ts:42 maybe? No, it is fine.\n</think>\n\nNo problems found.\n\nVERDICT: ship')
    expect(r).toEqual({ findings: [], verdict: 'ship', verdictSummary: '', unparsed: [] })
  })

  it('reads nothing from the prompt template echoed back, strict or as a JSON schema', () => {
    const echo = [
      'Report format:',
      'SEVERITY: BLOCK | WARN | INFO',
      'WHERE: <path>:<line>',
      'WHAT: <one sentence: what is wrong>',
      'WHY: <one sentence: the evidence in the diff>',
      '',
      '```json',
      '{"findings": [{"severity": "BLOCK|WARN|INFO", "where": "path:line", "what": "...", "why": "..."}]}',
      '```',
      '',
      'VERDICT: ship | ship-with-fixes | hold - <at most 15 words>',
    ].join('\n')
    expect(parseReply(echo)).toEqual({ findings: [], verdictSummary: '', unparsed: [] })
    expect(parseReply(`${echo}\n\n${strict}\n\nVERDICT: ship-with-fixes`).findings.map((f) => f.whereText)).toEqual(['src/b.ts:9'])
  })

  const table = '| Severity | Location | Issue |\n|---|---|---|\n| WARN | src/b.ts:9 | Leak |\n| INFO | src/c.ts:1 | Typo |'
  it.each([
    ['after the findings', `${strict}\n\n## Summary\n\n${table}`],
    ['before the findings', `## Summary\n\n${table}\n\n${strict}`],
  ])('reads a recap table %s once: a row repeating a finding adds nothing, a new row is a finding', (_, reply) => {
    const r = parseReply(`${reply}\n\nVERDICT: ship-with-fixes`)
    expect(r.findings.map((f) => [f.severity, f.whereText]).sort()).toEqual([
      ['INFO', 'src/c.ts:1'],
      ['WARN', 'src/b.ts:9'],
    ])
  })

  it('keeps two rows of one table at one place, and a recap row whose severity differs', () => {
    const twice = '| Severity | Location | Issue |\n|---|---|---|\n| WARN | src/b.ts:9 | Leak |\n| WARN | src/b.ts:9 | Race |'
    expect(parseReply(twice).findings).toHaveLength(2)
    const differs = `${strict}\n\n| Severity | Location | Issue |\n|---|---|---|\n| BLOCK | src/b.ts:9 | Leak |`
    expect(parseReply(differs).findings.map((f) => f.severity)).toEqual(['WARN', 'BLOCK'])
  })
})

describe('parseWhere', () => {
  it.each([
    ['src/a.ts:42', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['`src/a.ts:42`', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts:L42', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts:42-50', { path: 'src/a.ts', startLine: 42, endLine: 50 }],
    ['src/a.ts:L42-L50', { path: 'src/a.ts', startLine: 42, endLine: 50 }],
    ['src/a.ts:42:7', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts#L42', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts#L42-L44', { path: 'src/a.ts', startLine: 42, endLine: 44 }],
    ['src/a.ts (line 42)', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts:validateRequest', { path: 'src/a.ts', symbol: 'validateRequest' }],
    ['src/a.rs::Foo::bar', { path: 'src/a.rs', symbol: 'Foo::bar' }],
    ['src/a.ts:42 (or handler())', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts:42, src/b.ts:9', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['src/a.ts', { path: 'src/a.ts' }],
    ['sp ace.txt:2', { path: 'sp ace.txt', startLine: 2, endLine: 2 }],
    ['line 42 of src/a.ts', { path: 'src/a.ts', startLine: 42, endLine: 42 }],
    ['lines 10 to 14 in src/a.ts', { path: 'src/a.ts', startLine: 10, endLine: 14 }],
    ['src/a.ts, lines 120 to 124', { path: 'src/a.ts', startLine: 120, endLine: 124 }],
    ['src/pool.go:(*Pool).Get', { path: 'src/pool.go', symbol: 'Pool.Get' }],
    ['src/pool.go:(Pool).Put', { path: 'src/pool.go', symbol: 'Pool.Put' }],
  ])('%s', (text, where) => expect(parseWhere(text)).toEqual(where))

  it.each([
    ['src/a.ts:120, 188', ['src/a.ts:120', 'src/a.ts:188']],
    ['src/a.ts:120-124 and 188', ['src/a.ts:120-124', 'src/a.ts:188']],
    ['src/a.ts:120, src/b.ts:9', ['src/a.ts:120', 'src/b.ts:9']],
    ['src/a.ts, lines 10-12', ['src/a.ts, lines 10-12']],
  ])('reads %s as the locations %j', (text, pieces) => {
    expect(parseWheres(text).map((w) => w.text)).toEqual(pieces)
  })

  it('stays fast on a hostile, very long WHERE value', () => {
    const where = parseWhere(`src/${'a'.repeat(200_000)}`)
    expect(where?.path.length ?? 0).toBeLessThanOrEqual(400)
  })

  it('returns undefined for prose', () => {
    expect(parseWhere('multiple places')).toBeUndefined()
  })
})

describe('what is kept of text that could not be read', () => {
  const finding = 'SEVERITY: INFO\nWHERE: src/a.ts:3\nWHAT: Style.\nWHY: Nit.\n'
  it('keeps the place it cites and the severity its words name, for the gate', () => {
    const r = parseReply(`${finding}\n- \`src/b.ts:30\` — a critical race: two requests share one token\n\nVERDICT: hold`)
    expect(r.unreadMarks).toEqual([
      { where: { path: 'src/b.ts', startLine: 30, endLine: 30 }, whereText: 'src/b.ts:30', severity: 'BLOCK' },
    ])
  })

  it('reads no severity from a path or code, nor from a word the line denies', () => {
    const r = parseReply(
      `${finding}\n- \`src/high.ts:30\` — the cache is stale\n- \`src/c.ts:9\` — not a blocking problem, but odd\n\nVERDICT: hold`,
    )
    expect(r.unreadMarks?.map((m) => m.severity)).toEqual([undefined, undefined])
  })
})
