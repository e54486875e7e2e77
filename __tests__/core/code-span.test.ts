import { describe, expect, it } from 'vitest'
import { proseMarkdown } from '../../src/core/render/code-span.ts'
import { markdownText } from '../../src/core/text/sanitize.ts'
import { renderGfm } from '../helpers/gfm.ts'

const md = (text: string, cell = false): string => proseMarkdown(text, 400, { cell })
/** What a reader sees: the HTML of one paragraph (or one table cell). */
const shown = (text: string): string => renderGfm(md(text)).html.trim()

describe("reviewers' inline code", () => {
  it('renders balanced backtick spans as code and the rest as before', () => {
    expect(md('Rate-limit identity comes from the client-controlled `X-Forwarded-For` header.')).toBe(
      'Rate-limit identity comes from the client-controlled `X-Forwarded-For` header.',
    )
    expect(shown('The guard `bucket.tokens < 0` admits *one* more')).toBe(
      '<p>The guard <code>bucket.tokens &lt; 0</code> admits *one* more</p>',
    )
    expect(md('no code here, *stars* and <b>')).toBe(markdownText('no code here, *stars* and <b>', 400))
  })

  it('leaves an unbalanced backtick escaped, and a run closed only by a run of the same length', () => {
    expect(md('a ` b')).toBe('a \\` b')
    expect(shown('a ` b')).toBe('<p>a ` b</p>')
    expect(md('``a` b')).toBe('\\`\\`a\\` b')
    expect(renderGfm(md('x ``a ` b`` y')).codes).toEqual(['a ` b'])
    expect(md('x ``a ` b`` y')).toBe('x ``a ` b`` y')
  })

  it('fences a span holding backticks with a longer run, padded where it starts or ends with one', () => {
    expect(md('``` `a `` ```')).toBe('``` `a `` ```')
    expect(renderGfm(md('``` `a `` ```')).codes).toEqual(['`a ``'])
  })

  it('never lets a span cross a line of the reply', () => {
    expect(md('a `b\nc` d')).toBe('a \\`b c\\` d')
    expect(renderGfm(md('a `b\nc` d')).codes).toEqual([])
  })

  it.each([
    ['`@octocat` and `<img src=x onerror=alert(1)>`', ['@octocat', '<img src=x onerror=alert(1)>']],
    ['`a`@octocat @`b` <`c`> [`d`](javascript:alert(1)) ![`e`](x.png) #`1` `2`#3', ['a', 'b', 'c', 'd', 'e', '1', '2']],
    ['`<!-- hidden -->` `[x](http://e)` `![i](x.png)` `#12`', ['<!-- hidden -->', '[x](http://e)', '![i](x.png)', '#12']],
  ])('shows mentions, HTML, links and images in code as code, and nothing at its edges: %s', (text, codes) => {
    const out = md(text)
    const rendered = renderGfm(out)
    expect(rendered.codes).toEqual(codes)
    expect(rendered.hrefs).toEqual([])
    expect(rendered.images).toBe(0)
    expect(rendered.html_tags).toEqual([])
    // Outside code, a mention or reference is broken by a zero-width space, as before.
    const outside = out.replace(/`[^`]*`/g, '')
    expect(outside).not.toMatch(/(^|[^&#\w])@\w/)
    expect(outside).not.toMatch(/(?<![\\&])#\d/)
  })

  it('escapes pipes in code in a table cell, so the span cannot end the cell', () => {
    const cell = md('`a | b` and c | d', true)
    expect(cell).toBe('`a \\| b` and c \\| d')
    const table = renderGfm(`| x | y |\n|---|---|\n| ${cell} | z |`)
    expect(table.html).toContain('<td><code>a | b</code> and c | d</td>')
    expect(table.html).toContain('<td>z</td>')
  })

  it('redacts keys and reveals hidden characters inside code too, and bounds the text, closing a cut span', () => {
    expect(md('`sk-or-v1-0123456789abcdef0123` leaked')).toBe('`[redacted]` leaked')
    expect(md('`a\u202Eb`')).toBe('`a<U+202E>b`')
    const long = proseMarkdown(`see \`${'x'.repeat(100)}\` now`, 20)
    expect(long).toBe(`see \`${'x'.repeat(16)}\`…`)
    expect(renderGfm(long).codes).toEqual(['x'.repeat(16)])
  })
})
