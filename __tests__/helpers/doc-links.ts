// Relative links in the project's markdown, and the ones that lead nowhere: a file
// that does not exist, or an #anchor that no heading of the target page makes.
import { posix } from 'node:path'
import { marked, type Token, type Tokens } from 'marked'

/** The repository's files as a page sees them: paths are relative to the repository root. */
export interface DocFiles {
  exists(path: string): boolean
  /** A markdown page's text, or undefined when it is not one. */
  read(path: string): string | undefined
}

/** Plain text of inline tokens, as GitHub renders a heading: code keeps its text, markup and HTML tags go. */
function plain(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'html') return ''
      const children = (t as { tokens?: Token[] }).tokens
      return children ? plain(children) : ((t as { text?: string }).text ?? '')
    })
    .join('')
}

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Every #anchor a page offers: one per heading (a repeated heading gets -1, -2, …), plus <a id|name="…">. */
export function anchors(markdown: string): Set<string> {
  const found = new Set<string>()
  const seen = new Map<string, number>()
  void marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type !== 'heading') return
    const base = slug(plain((t as Tokens.Heading).tokens))
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    found.add(n === 0 ? base : `${base}-${n}`)
  })
  for (const m of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]!)
  return found
}

/** The targets of a page's links and images that point inside the repository (no scheme, not protocol-relative). */
export function relativeLinks(markdown: string): string[] {
  const hrefs: string[] = []
  void marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type === 'link' || t.type === 'image') hrefs.push((t as Tokens.Link | Tokens.Image).href)
  })
  return hrefs.filter((h) => !/^[a-z][a-z0-9+.-]*:/i.test(h) && !h.startsWith('//'))
}

/** Where a link from `page` leads: the repository path (empty for the page itself) and the anchor. */
export function target(page: string, href: string): { path: string; anchor: string } {
  const hash = href.indexOf('#')
  const file = decodeURI(hash < 0 ? href : href.slice(0, hash))
  const anchor = hash < 0 ? '' : decodeURIComponent(href.slice(hash + 1))
  const path = file === '' ? page : posix.normalize(posix.join(posix.dirname(page), file)).replace(/\/$/, '')
  return { path, anchor }
}

/** Each link of `page` that leads nowhere, as "page: href (why)". Anchors are checked in markdown targets only. */
export function brokenLinks(page: string, markdown: string, files: DocFiles): string[] {
  const broken: string[] = []
  for (const href of relativeLinks(markdown)) {
    const { path, anchor } = target(page, href)
    if (path.startsWith('..') || !files.exists(path)) {
      broken.push(`${page}: ${href} (no file ${path})`)
      continue
    }
    if (anchor === '' || !path.endsWith('.md')) continue
    const text = path === page ? markdown : files.read(path)
    if (text !== undefined && !anchors(text).has(anchor)) broken.push(`${page}: ${href} (no heading #${anchor} in ${path})`)
  }
  return broken
}
