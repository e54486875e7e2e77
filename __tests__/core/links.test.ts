import { describe, expect, it } from 'vitest'
import { renderComment } from '../../src/core/render/comment.ts'
import { lineUrl, locationMarkdown } from '../../src/core/render/links.ts'
import { renderMarkdown } from '../../src/core/render/markdown.ts'
import { renderTerminal } from '../../src/core/render/terminal.ts'
import { planThreads } from '../../src/core/render/thread-plan.ts'
import { threadsSection } from '../../src/core/render/threads-summary.ts'
import type { Report, RepositoryLinks } from '../../src/core/verdict/types.ts'
import { demoReport } from '../helpers/demo-report.ts'
import { renderGfm } from '../helpers/gfm.ts'

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d'
const LINKS: RepositoryLinks = { server: 'https://github.com', owner: 'octo', repo: 'widgets', headSha: SHA }
const RATELIMIT = 'services/gateway/src/ratelimit.ts'
const blob = `https://github.com/octo/widgets/blob/${SHA}`

/** The demo report as if its first file had another path (in its findings and its bundles alike). */
function withPath(report: Report, path: string): Report {
  const swap = (p: string): string => (p === RATELIMIT ? path : p)
  return {
    ...report,
    links: LINKS,
    bundles: report.bundles.map((b) => ({ ...b, paths: b.paths.map(swap), files: b.files.map((f) => ({ ...f, path: swap(f.path) })) })),
    tally: {
      ...report.tally,
      groups: report.tally.groups.map((g) => ({
        ...g,
        location: { ...g.location, path: swap(g.location.path) },
        findings: g.findings.map((f) => ({ ...f, location: { ...f.location, path: swap(f.location.path) } })),
      })),
    },
  }
}

describe('the URL of a location', () => {
  it('points at the lines at the head commit: one line, a range, a whole file', () => {
    expect(lineUrl(LINKS, RATELIMIT, 19)).toBe(`${blob}/${RATELIMIT}#L19`)
    expect(lineUrl(LINKS, RATELIMIT, 19, 21)).toBe(`${blob}/${RATELIMIT}#L19-L21`)
    expect(lineUrl(LINKS, RATELIMIT, 19, 19)).toBe(`${blob}/${RATELIMIT}#L19`)
    expect(lineUrl(LINKS, RATELIMIT)).toBe(`${blob}/${RATELIMIT}`)
  })

  it("uses the runner's server (GitHub Enterprise) and shows the lines of a file GitHub would render", () => {
    const ghe = { ...LINKS, server: 'https://ghe.example.com/' }
    expect(lineUrl(ghe, 'docs/setup.md', 3)).toBe(`https://ghe.example.com/octo/widgets/blob/${SHA}/docs/setup.md?plain=1#L3`)
    expect(lineUrl(ghe, 'docs/setup.md')).toBe(`https://ghe.example.com/octo/widgets/blob/${SHA}/docs/setup.md`)
  })

  it('percent-encodes every path segment beyond [A-Za-z0-9._-], keeping the slashes', () => {
    expect(lineUrl(LINKS, 'a b/c).ts', 1)).toBe(`${blob}/a%20b/c%29.ts#L1`)
    expect(lineUrl(LINKS, "x](javascript:alert(1))'*!~.ts")).toBe(`${blob}/x%5D%28javascript%3Aalert%281%29%29%27%2A%21%7E.ts`)
    expect(lineUrl(LINKS, 'ünï/#1?x=%2e.ts')).toBe(`${blob}/%C3%BCn%C3%AF/%231%3Fx%3D%252e.ts`)
  })

  it('makes no URL a browser would resolve elsewhere, or from a server or commit that is not one', () => {
    for (const path of ['../../../evil', 'a/./b.ts', 'a//b.ts', '/abs.ts', 'a/', 'bad\uD800.ts'])
      expect(lineUrl(LINKS, path, 1)).toBeUndefined()
    expect(lineUrl({ ...LINKS, server: 'javascript:alert(1)//' }, RATELIMIT)).toBeUndefined()
    expect(lineUrl({ ...LINKS, server: 'https://x.test/a)(b' }, RATELIMIT)).toBeUndefined()
    expect(lineUrl({ ...LINKS, headSha: 'main' }, RATELIMIT)).toBeUndefined()
    expect(lineUrl({ ...LINKS, owner: '..' }, RATELIMIT)).toBeUndefined()
  })
})

describe('locations in the report', () => {
  it('link to their lines in the comment: reasons, both tables, with the range', async () => {
    const report = { ...(await demoReport()), links: LINKS }
    const { hrefs, html } = renderGfm(renderComment(report))
    expect(hrefs).toContain(`${blob}/${RATELIMIT}#L19`)
    expect(hrefs).toContain(`${blob}/packages/config/src/load.ts#L12`)
    // The gate's reasons at the top link too.
    expect(html).toContain(`<li>BLOCK at <a href="${blob}/${RATELIMIT}#L19">${RATELIMIT}:19</a> (convergent: opus + kimi)</li>`)
    // The off-diff finding's lines exist at the head: linked, and still labelled.
    expect(html).toContain(`<a href="${blob}/services/gateway/src/server.ts#L40">services/gateway/src/server.ts:40</a> <em>(off-diff)</em>`)
    expect(hrefs.every((h) => h.startsWith(`${blob}/`))).toBe(true)
    const ranged = {
      ...report,
      tally: {
        ...report.tally,
        groups: report.tally.groups.map((g, i) => (i === 0 ? { ...g, location: { ...g.location, endLine: 21 } } : g)),
      },
    }
    expect(renderGfm(renderComment(ranged)).hrefs).toContain(`${blob}/${RATELIMIT}#L19-L21`)
  })

  it('stay plain without a repository (a diff file in the CLI), in the terminal, and for a path the diff lacks or deleted', async () => {
    const report = await demoReport()
    expect(renderGfm(renderComment(report)).hrefs).toEqual([])
    expect(renderTerminal({ ...report, links: LINKS })).not.toContain('https://')
    const link = locationMarkdown({ ...report, links: LINKS })
    expect(link({ path: 'nope.ts', startLine: 3, label: 'unknown-path' })).toBe('nope.ts:3')
    const deleted = {
      ...report,
      links: LINKS,
      bundles: report.bundles.map((b) => ({ ...b, files: b.files.map((f) => ({ ...f, status: 'deleted' as const })) })),
    }
    expect(locationMarkdown(deleted)({ path: RATELIMIT, label: 'file-level' })).toBe('services/gateway/src/ratelimit.ts')
  })

  it.each([
    'services/gateway/a b (copy)/rate)limit.ts',
    'x](javascript:alert(1))/<img src=x onerror=alert(1)>.ts',
    'we`ird`/@octocat/#12/![i](x.png).ts',
    'pipes|and|bars/<!-- x -->.ts',
  ])('stay inert for a hostile path: %s', async (path) => {
    const report = withPath(await demoReport(), path)
    const markdown = renderComment(report)
    const rendered = renderGfm(markdown)
    const href = lineUrl(LINKS, path, 19)!
    expect(rendered.hrefs).toContain(href)
    expect(rendered.hrefs.every((h) => h.startsWith(`${blob}/`))).toBe(true)
    expect(rendered.images).toBe(0)
    expect(rendered.html_tags).toEqual([])
    expect(markdown).not.toMatch(/(^|[^&#\w])@octocat/)
    // The link's text is the path as it is, the target the same path percent-encoded.
    expect(decodeURIComponent(href.slice(blob.length + 1, href.indexOf('#')))).toBe(path)
    // Shown as written, but for the zero-width space that keeps a mention from notifying.
    expect(rendered.html.replace(/&#8203;|\u200B/g, '')).toContain(`>${escapeHtml(path)}:19</a>`)
    for (const row of markdown.split('\n').filter((l) => l.startsWith('| **BLOCK'))) expect(row.split(/(?<!\\)\|/).length).toBe(6)
  })

  it('link in the review threads and in the list of findings left without a thread', async () => {
    const report = { ...(await demoReport()), links: LINKS }
    const plan = planThreads(report, [], { max: 1, headSha: SHA })
    expect(plan.comments[0]?.body).toContain(`· [${RATELIMIT}:19](${blob}/${RATELIMIT}#L19)`)
    const section = threadsSection(
      { posted: 1, kept: 0, resolved: 0, markedGone: 0, reopened: 0, dismissed: 0, overflow: plan.overflow, max: 1, problems: [] },
      locationMarkdown(report),
    ).join('\n')
    expect(section).toContain(`BLOCK [${RATELIMIT}:30](${blob}/${RATELIMIT}#L30)`)
    expect(renderMarkdown(report, 65_000)).toContain(`](${blob}/${RATELIMIT}#L30)`)
  })
})

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
