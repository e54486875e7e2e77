// What an endpoint said, in one bounded line. Gateways and websites answer
// with HTML pages (a 502 from a proxy; a product page when the base URL
// misses /v1): such a page is named by its title, never echoed whole.
import { plainText } from '../core/text/sanitize.ts'

const PAGE = /^\s*(?:\d{3}\s+)?<(?:!doctype\s+html|html|head|body)\b/i

export const BASE_URL_HINT =
  'check --base-url (the base-url input, or the URL in reviewers): an OpenAI-compatible API root usually ends in /v1'

/** Is this body (or the SDK's "502 <body>" message) an HTML page? */
export function isHtmlPage(text: string): boolean {
  return PAGE.test(text)
}

/** A page by its title (or its first words), markup stripped; any other text as it is, bounded. */
export function endpointText(text: string, max = 200): string {
  if (!isHtmlPage(text)) return plainText(text, max)
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1]
  const words = (title ?? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim()
  return `an HTML page${words === '' ? '' : ` ("${plainText(decodeEntities(words), 80)}")`}, not JSON`
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')
}
