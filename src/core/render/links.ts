// Locations → links to their lines at the head commit:
// <server>/<owner>/<repo>/blob/<sha>/<path>#L19-L21. The target is built from
// the diff's own path, never from reviewer text, and only for a file the head
// commit has. Every character of a path segment but [A-Za-z0-9._-] is
// percent-encoded, so no path (with `)`, `]`, spaces, `<`, backticks, `#`…)
// can end the link or start markup; what cannot be linked that way stays
// plain, escaped text.
import { markdownText } from '../text/sanitize.ts'
import type { Location, Report, RepositoryLinks } from '../verdict/types.ts'
import { locationText } from './report.ts'

/** A location as markdown: its text (by default `path:line`) linked to its lines when it can be, else escaped. */
export type LocationMarkdown = (location: Location, text?: string) => string

const SERVER = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/?$/
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
// GitHub shows these rendered, where a #L anchor lands nowhere; ?plain=1 shows their lines.
const RENDERED =
  /\.(?:md|markdown|mdown|mkdn|mkd|mdx|rst|adoc|asciidoc|asc|org|textile|rdoc|creole|wiki|mediawiki|pod|ipynb|csv|tsv|svg|geojson|topojson)$/i

/** The URL of a file's lines at the head commit, or undefined when any part could not be made safe. */
export function lineUrl(links: RepositoryLinks, path: string, startLine?: number, endLine?: number): string | undefined {
  if (!SERVER.test(links.server) || !SHA.test(links.headSha)) return undefined
  const segments = [links.owner, links.repo, ...path.split('/')].map(encodeSegment)
  if (segments.some((s) => s === undefined)) return undefined
  const [owner, repo, ...file] = segments as string[]
  const lines = lineAnchor(startLine, endLine)
  const plain = lines !== '' && RENDERED.test(path) ? '?plain=1' : ''
  return `${links.server.replace(/\/$/, '')}/${owner}/${repo}/blob/${links.headSha}/${file.join('/')}${plain}${lines}`
}

/** Links a report's locations when it knows its repository; a path the diff deleted or does not have stays plain. */
export function locationMarkdown(report: Pick<Report, 'links' | 'bundles'>): LocationMarkdown {
  const links = report.links
  const atHead = new Set(report.bundles.flatMap((b) => b.files.filter((f) => f.status !== 'deleted').map((f) => f.path)))
  return (location, text = locationText(location.path, location.startLine, location.endLine)) => {
    const label = markdownText(text, 200)
    const linkable = links !== undefined && location.label !== 'unknown-path' && atHead.has(location.path)
    const url = linkable ? lineUrl(links, location.path, location.startLine, location.endLine) : undefined
    return url === undefined ? label : `[${label}](${url})`
  }
}

/** One segment percent-encoded beyond [A-Za-z0-9._-]; undefined for an empty, `.` or `..` segment, which a browser would resolve away. */
function encodeSegment(segment: string): string | undefined {
  if (segment === '' || segment === '.' || segment === '..') return undefined
  try {
    return encodeURIComponent(segment).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  } catch {
    return undefined // a lone surrogate
  }
}

function lineAnchor(start: number | undefined, end: number | undefined): string {
  if (start === undefined || !Number.isSafeInteger(start) || start < 1) return ''
  return end !== undefined && Number.isSafeInteger(end) && end > start ? `#L${start}-L${end}` : `#L${start}`
}
