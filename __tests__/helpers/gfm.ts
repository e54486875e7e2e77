// Markdown → HTML as a GFM renderer shows it (marked, with GitHub's tables,
// autolinks and line rules), and what a reader would find in it: links,
// images, raw HTML, code. For checking that hostile text stays inert once
// rendered, not only in the markdown source.
import { Marked, type Tokens } from 'marked'

export interface Rendered {
  readonly html: string
  readonly hrefs: string[]
  readonly images: number
  /** Raw HTML the markdown passed through (other than the report's own <br>, <details>, <summary>, <sub>). */
  readonly html_tags: string[]
  readonly codes: string[]
}

const OWN_TAGS = /^<\/?(?:br|details|summary|sub)>$/

export function renderGfm(markdown: string): Rendered {
  const hrefs: string[] = []
  const codes: string[] = []
  const tags: string[] = []
  let images = 0
  const marked = new Marked({ gfm: true, async: false })
  marked.use({
    walkTokens(token) {
      if (token.type === 'link') hrefs.push((token as Tokens.Link).href)
      if (token.type === 'image') images++
      if (token.type === 'codespan') codes.push(token.text)
      if (token.type === 'html') {
        const raw = (token as Tokens.HTML).raw.trim()
        for (const tag of raw.match(/<[^>]*>/g) ?? [raw]) if (!OWN_TAGS.test(tag) && !tag.startsWith('<!--')) tags.push(tag)
      }
    },
  })
  const html = marked.parse(markdown) as string
  return { html, hrefs, images, html_tags: tags, codes }
}
