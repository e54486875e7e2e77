// Any group's identity (groupIdentity), which a dismissal's id is made from:
// the same finding keeps it, a changed one loses it. The cases Stryker showed
// no core test held (issue 30).
import { describe, expect, it } from 'vitest'
import { findingId, groupIdentity, identityOf, type DiffLines } from '../../src/core/verdict/identity.ts'
import type { Location } from '../../src/core/verdict/types.ts'

const P = 'src/a.ts'
/** New-side lines of P at the given line numbers. */
const shown = (lines: Record<number, string>): DiffLines => new Map([[P, new Map(Object.entries(lines).map(([n, t]) => [Number(n), t]))]])
const at = (label: Location['label'], startLine?: number, endLine?: number, path = P): Location => ({
  path,
  label,
  ...(startLine === undefined ? {} : { startLine }),
  ...(endLine === undefined ? {} : { endLine }),
})
const file = shown({ 1: 'const a = 1', 2: 'const b = 2', 3: 'return a + b', 10: 'export { a }', 11: '}' })

describe('groupIdentity', () => {
  it('is the identity of the cited lines that are shown, from the first one to the last shown without a gap', () => {
    expect(groupIdentity(at('in-diff', 2, 3), file)).toEqual(identityOf({ path: P, startLine: 2, endLine: 3 }, file))
    // 2 to 10 leaves the diff after 3: the span stops there.
    expect(groupIdentity(at('in-diff', 2, 10), file)).toEqual(identityOf({ path: P, startLine: 2, endLine: 3 }, file))
    expect(groupIdentity(at('in-diff', 3), file)).toEqual(identityOf({ path: P, startLine: 3, endLine: 3 }, file))
  })

  it("gives a finding off the diff or at the file the file's changed lines, and what it cited", () => {
    const off = groupIdentity(at('off-diff', 40, 42), file)
    expect(off.lines).toHaveLength(4) // the telling lines: `}` identifies nothing
    expect(groupIdentity(at('off-diff', 40, 42), file)).toEqual(off)
    // Another cited line, or the file rather than a line: another finding.
    expect(groupIdentity(at('off-diff', 50, 52), file)).not.toEqual(off)
    expect(groupIdentity(at('file-level'), file)).not.toEqual(off)
    // Any telling change to the file makes it a new finding; a new `}` does not.
    expect(
      groupIdentity(at('off-diff', 40, 42), shown({ 1: 'const a = 1', 2: 'const b = 3', 3: 'return a + b', 10: 'export { a }' })),
    ).not.toEqual(off)
    expect(
      groupIdentity(at('off-diff', 40, 42), shown({ 1: 'const a = 1', 2: 'const b = 2', 3: 'return a + b', 10: 'export { a }', 12: '})' })),
    ).toEqual(off)
  })

  it('identifies at most the first 50 telling lines of a file', () => {
    const big = shown(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [i + 1, `line ${i}`])))
    expect(groupIdentity(at('file-level'), big).lines).toHaveLength(50)
  })

  it('identifies a path the diff lacks, or a file with no shown line, by what was cited alone', () => {
    const unknown = groupIdentity(at('unknown-path', 3, 3, 'ghost.ts'), file)
    expect(unknown).toEqual({ path: expect.any(String), lines: [expect.any(String)], context: [] })
    expect(groupIdentity(at('unknown-path', 3, 3, 'ghost.ts'), new Map())).toEqual(unknown)
    expect(groupIdentity(at('unknown-path', 4, 4, 'ghost.ts'), file)).not.toEqual(unknown)
    // A path the diff has, but a label saying it is unknown: still by what was cited, not the file's lines.
    expect(groupIdentity(at('unknown-path', 3, 3), file).lines).toHaveLength(1)
    const empty = new Map([[P, new Map<number, string>()]])
    expect(groupIdentity(at('file-level'), empty)).toMatchObject({ context: [] })
  })
})

describe('findingId', () => {
  it('is seven hex digits, the same for the same identity and another for another', () => {
    const id = findingId(identityOf({ path: P, startLine: 2, endLine: 3 }, file))
    expect(id).toMatch(/^[0-9a-f]{7}$/)
    expect(findingId(identityOf({ path: P, startLine: 2, endLine: 3 }, file))).toBe(id)
    expect(findingId(identityOf({ path: P, startLine: 2, endLine: 2 }, file))).not.toBe(id)
    // The context counts: the same line with other lines around it is another finding.
    const elsewhere = shown({ 1: 'let x', 2: 'const b = 2', 3: 'let y' })
    expect(findingId(identityOf({ path: P, startLine: 2, endLine: 2 }, elsewhere))).not.toBe(
      findingId(identityOf({ path: P, startLine: 2, endLine: 2 }, file)),
    )
  })
})
