// Issue 29: the README is short and points into docs/, so every relative link in the
// project's markdown must lead somewhere, and no page of docs/ may be a dead end.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { anchors, brokenLinks, relativeLinks, slug, target, type DocFiles } from './helpers/doc-links.ts'

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url))
const repo: DocFiles = {
  exists: (path) => existsSync(root(path)),
  read: (path) => (path.endsWith('.md') && existsSync(root(path)) ? readFileSync(root(path), 'utf8') : undefined),
}
const docs = readdirSync(root('docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`)
const pages = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md', ...docs]

describe('links in the markdown', () => {
  it('lead to a file that exists, and to a heading that exists for an #anchor into a page', () => {
    expect(docs.length).toBeGreaterThan(15)
    const broken = pages.flatMap((page) => brokenLinks(page, repo.read(page)!, repo))
    expect(broken).toEqual([])
  })

  it('leave no page of docs/ a dead end: each links back to the README or the docs index', () => {
    const deadEnds = docs.filter((page) => {
      const back = relativeLinks(repo.read(page)!).map((href) => target(page, href).path)
      return !back.includes('README.md') && !back.includes('docs/README.md')
    })
    expect(deadEnds).toEqual([])
  })

  it('list every page of docs/ in the docs index, and the index in the README', () => {
    const listed = new Set(relativeLinks(repo.read('docs/README.md')!).map((href) => target('docs/README.md', href).path))
    expect(docs.filter((page) => page !== 'docs/README.md' && !listed.has(page))).toEqual([])
    expect(relativeLinks(repo.read('README.md')!)).toContain('docs/README.md')
  })
})

describe('the link checker', () => {
  const fixture = (pages: Record<string, string>): DocFiles => ({
    exists: (path) => path in pages || Object.keys(pages).some((p) => p.startsWith(`${path}/`)),
    read: (path) => (path.endsWith('.md') ? pages[path] : undefined),
  })
  const files = fixture({
    'README.md': '# Title\n',
    'docs/a.md': '# Page A\n\n## Repository policy (`.github/x.yml`)\n\n## Twice\n\n## Twice\n\n<a id="custom"></a>\n',
    'schema/s.json': '{}',
  })

  it('finds a link to a file that does not exist, relative to the page', () => {
    const page = '[gone](docs/nope.md) · [fine](docs/a.md) · [dir](schema/) · [up](../README.md)'
    expect(brokenLinks('README.md', page, files)).toEqual([
      'README.md: docs/nope.md (no file docs/nope.md)',
      'README.md: ../README.md (no file ../README.md)',
    ])
    expect(brokenLinks('docs/a.md', '[back](../README.md) [json](../schema/s.json) [self](a.md)', files)).toEqual([])
    expect(brokenLinks('docs/a.md', '[wrong](README.md)', files)).toEqual(['docs/a.md: README.md (no file docs/README.md)'])
  })

  it('finds an #anchor no heading makes, in another page or the page itself', () => {
    const page = [
      '# Title',
      '[ok](docs/a.md#repository-policy-githubxyml)',
      '[second](docs/a.md#twice-1)',
      '[html](docs/a.md#custom)',
      '[missing](docs/a.md#twice-2)',
      '[self](#title)',
      '[self-missing](#nothing-here)',
    ].join('\n')
    expect(brokenLinks('README.md', page, files)).toEqual([
      'README.md: docs/a.md#twice-2 (no heading #twice-2 in docs/a.md)',
      'README.md: #nothing-here (no heading #nothing-here in README.md)',
    ])
  })

  it('ignores external links and anything inside code', () => {
    const page = '[web](https://example.com/x.md) [mail](mailto:a@b.c) `[code](gone.md)`\n\n```\n[block](gone.md)\n```\n'
    expect(brokenLinks('README.md', page, files)).toEqual([])
  })

  it('reads links in tables, lists and quotes, and images', () => {
    const page = '| a | [t](t.md) |\n|---|---|\n\n- [l](l.md)\n\n> [q](q.md)\n\n![i](i.png)\n'
    expect(relativeLinks(page)).toEqual(['t.md', 'l.md', 'q.md', 'i.png'])
  })

  it('makes anchors as GitHub does', () => {
    expect(slug('Repository policy (`.github/cross-lineage-review.yml`)')).toBe('repository-policy-githubcross-lineage-reviewyml')
    expect(slug('What the gate is worth: `stats`')).toBe('what-the-gate-is-worth-stats')
    expect(slug('Data (AACR-Bench)')).toBe('data-aacr-bench')
    expect([...anchors('# A **bold** _move_\n\n## [Linked](x.md) one\n')]).toEqual(['a-bold-move', 'linked-one'])
  })
})
