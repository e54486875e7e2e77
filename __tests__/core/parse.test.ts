import { describe, expect, it } from 'vitest'
import { parseReply, parseWhere } from '../../src/core/reply/parse.ts'

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

describe('reply corpus (__tests__/fixtures/replies)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs')
  const { fixturePath } = await import('../helpers/fixtures.ts')
  const expected = JSON.parse(readFileSync(fixturePath('replies/expected.json'), 'utf8')) as Record<
    string,
    { verdict?: string; unparsed?: number; findings: (string | number)[][] }
  >
  const files = readdirSync(fixturePath('replies'))
    .filter((f) => f.endsWith('.md'))
    .sort()

  it('has an expectation for every reply', () => {
    expect(files).toEqual(Object.keys(expected).sort())
    expect(files.length).toBeGreaterThanOrEqual(20)
  })

  it.each(files)('%s parses to the findings a human sees', (name) => {
    const r = parseReply(readFileSync(fixturePath(`replies/${name}`), 'utf8'))
    const want = expected[name]!
    const got = r.findings.map((f) => [
      f.severity,
      f.where?.path,
      ...(f.where?.symbol !== undefined ? [f.where.symbol] : [f.where?.startLine, f.where?.endLine]),
      ...(f.retracted ? ['retracted'] : []),
    ])
    expect(got).toEqual(want.findings)
    expect(r.verdict).toBe(want.verdict)
    expect(r.unparsed).toHaveLength(want.unparsed ?? 0)
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
  ])('%s', (text, where) => expect(parseWhere(text)).toEqual(where))

  it('stays fast on a hostile, very long WHERE value', () => {
    const where = parseWhere(`src/${'a'.repeat(200_000)}`)
    expect(where?.path.length ?? 0).toBeLessThanOrEqual(400)
  })

  it('returns undefined for prose', () => {
    expect(parseWhere('multiple places')).toBeUndefined()
  })
})
