// A review thread's identity on plain values (src/core/verdict/identity.ts and threads.ts): the
// rules Stryker showed no core test held (issue 30). The identity decides
// whether a finding continues a thread or starts one, so each rule is a
// duplicate thread, or a lost one, when it breaks.
import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { identityOf, matchIdentities, type DiffLines, type ThreadIdentity } from '../../src/core/verdict/identity.ts'
import { diffLines, readMarker, threadMarker } from '../../src/core/verdict/threads.ts'
import { planFiles } from '../helpers/plan.ts'

const P = 'src/a.ts'
/** A file's new-side lines, numbered from 1. */
const file = (...texts: string[]): DiffLines => new Map([[P, new Map(texts.map((t, i) => [i + 1, t]))]])
const span = (startLine: number, endLine = startLine) => ({ path: P, startLine, endLine })

describe('identityOf', () => {
  it('normalises whitespace inside and around a line', () => {
    const a = identityOf(span(2), file('x', '  return   total +  1 ', 'y'))
    const b = identityOf(span(2), file('x', 'return total + 1', 'y'))
    expect(a).toEqual(b)
    expect(identityOf(span(2), file('x', 'return total+1', 'y')).lines).not.toEqual(a.lines)
  })

  it('identifies a span by its telling lines, leaving out lines like `}` unless nothing else is there', () => {
    const withBrace = identityOf(span(2, 3), file('a', 'return total', '}', 'b'))
    const alone = identityOf(span(2), file('a', 'return total', 'c', 'b'))
    expect(withBrace.lines).toEqual(alone.lines)
    expect(identityOf(span(2), file('a', '}', 'b')).lines).toHaveLength(1)
    expect(identityOf(span(2), file('a', '}', 'b')).lines).not.toEqual(identityOf(span(2), file('a', ');', 'b')).lines)
  })

  it('counts each distinct line once, and at most the first 50 lines of a long span', () => {
    const texts = Array.from({ length: 80 }, (_, i) => `line ${i}`)
    expect(identityOf(span(1, 80), file(...texts)).lines).toHaveLength(50)
    expect(identityOf(span(1, 3), file('same', 'same', 'same')).lines).toHaveLength(1)
  })

  it('takes as context the nearest telling line above and below, within three lines', () => {
    const near = identityOf(span(5), file('far above', 'above', '}', '{', 'target', ')', 'below', 'far below'))
    const same = identityOf(span(2), file('above', 'target', 'below'))
    expect(near.context).toEqual(same.context)
    expect(near.context).toHaveLength(2)
    // Three trivial lines in a row: nothing telling within reach on that side.
    const none = identityOf(span(5), file('above', '}', '}', '}', 'target', '}', '}', '}', 'below'))
    expect(none.context).toEqual([])
    // Above is above: a span's context is not symmetric.
    const swapped = identityOf(span(2), file('below', 'target', 'above'))
    expect(swapped.context).not.toEqual(same.context)
  })
})

describe('threadMarker and readMarker', () => {
  const id = identityOf(span(2, 3), file('above', 'one', 'two', 'below'))

  it('round-trip an identity, context included', () => {
    expect(readMarker(`${threadMarker(id)}\n**BLOCK** …`)).toEqual(id)
  })

  it('read a marker with an empty context as no context lines, and an older one without context as unknown context', () => {
    const [path, lines] = [id.path, id.lines.join('.')]
    expect(readMarker(`<!-- cross-lineage-review:thread ${path} ${lines}  -->`)).toEqual({ path, lines: id.lines, context: [] })
    expect(readMarker(`<!-- cross-lineage-review:thread ${path} ${lines} -->`)).toEqual({ path, lines: id.lines })
  })

  it('read nothing from a body that does not start with the marker', () => {
    expect(readMarker(`quoted: ${threadMarker(id)}`)).toBeUndefined()
  })
})

describe('matchIdentities', () => {
  const at = (lines: DiffLines, s: number, e = s): ThreadIdentity => identityOf(span(s, e), lines)
  const code = file('function total() {', '  let sum = 0', '  for (const x of xs) sum += x', '  return sum', '}', 'export { total }')

  it('continues a thread whose span widened by a line, and one whose code moved', () => {
    const before = at(code, 3)
    expect(matchIdentities([at(code, 3, 4)], [before])).toEqual(new Map([[0, 0]]))
    const moved = file(
      '// new',
      '// lines',
      ...['function total() {', '  let sum = 0', '  for (const x of xs) sum += x', '  return sum', '}'],
    )
    expect(matchIdentities([at(moved, 5)], [before])).toEqual(new Map([[0, 0]]))
  })

  it('does not continue a thread on a line that only repeats its text elsewhere (other context)', () => {
    const twice = file('a()', 'return nil, err', 'b()', 'c()', 'd()', 'e()', 'return nil, err', 'f()')
    expect(matchIdentities([at(twice, 7)], [at(twice, 2)])).toEqual(new Map())
  })

  it('matches markers posted without context by their lines alone', () => {
    const { context: _, ...old } = at(code, 3)
    expect(matchIdentities([at(code, 3)], [old])).toEqual(new Map([[0, 0]]))
    const { context: __, ...other } = at(code, 2)
    expect(matchIdentities([at(code, 3)], [other])).toEqual(new Map())
  })

  it('pairs one to one, the most alike first, whatever the order they are listed in', () => {
    const exact = at(code, 3)
    const wider = at(code, 2, 4)
    // Two findings, two threads: each continues its own, not the first that is alike enough.
    expect(matchIdentities([wider, exact], [exact, wider])).toEqual(
      new Map([
        [0, 1],
        [1, 0],
      ]),
    )
    expect(matchIdentities([exact, exact], [exact])).toEqual(new Map([[0, 0]]))
  })

  it('matches only identities of the same path', () => {
    const elsewhere = { ...at(code, 3), path: 'ffffffff' }
    expect(matchIdentities([at(code, 3)], [elsewhere])).toEqual(new Map())
  })
})

describe('diffLines', () => {
  it('keeps new-side lines only, never removed lines or lines shown only as enclosing context', () => {
    const files = parseUnifiedDiff(`diff --git a/${P} b/${P}\n--- a/${P}\n+++ b/${P}\n@@ -1,3 +1,3 @@\n keep\n-old\n+new\n tail\n`).map(
      (f) => ({
        ...f,
        hunks: f.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => (l.newLine === 3 ? { ...l, extended: true } : l)) })),
      }),
    )
    const lines = diffLines(planFiles(files, {}).bundles)
    expect([...(lines.get(P) ?? new Map())]).toEqual([
      [1, 'keep'],
      [2, 'new'],
    ])
  })
})
