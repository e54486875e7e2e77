// npm run screenshot [-- OUT_DIR]: the sticky comment of the demo pull request
// as a reader sees it, to look at rather than to assert on. The markdown is
// rendered as GitHub renders comments (GFM: marked, a dev dependency) into a
// page with GitHub-like styles; Chromium (Debian's `chromium`, not a project
// dependency) screenshots it headless when it is installed. Writes, in
// OUT_DIR (default .tmp/screenshots): NAME.md, NAME.html and NAME.png for the
// demo comment (collapsed as posted, and every section open), a comment whose
// reviewers write hostile text and inline code on a hostile path, and the
// check's progress summary.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Marked } from 'marked'
import { renderComment } from '../src/core/render/comment.ts'
import { progressSummary } from '../src/core/render/progress.ts'
import { progressOf } from '../src/core/verdict/progress.ts'
import type { Report } from '../src/core/verdict/types.ts'
import { demoReport } from '../__tests__/helpers/demo-report.ts'

const out = resolve(process.argv[2] ?? '.tmp/screenshots')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const LINKS = { server: 'https://github.com', owner: 'octo', repo: 'widgets', headSha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d' }

// A condensed github-markdown-css: the fonts, spacing, tables, code and colours of a comment.
const STYLE = `
body { margin: 0; background: #fff; }
.comment { box-sizing: border-box; width: 880px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
.header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #59636e; }
.markdown-body { padding: 16px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; margin: 0 0 16px; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body details { margin: 0 0 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font: 85% ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
.markdown-body table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body sub { font-size: 75%; color: #59636e; }
.markdown-body summary { cursor: pointer; }
.markdown-body blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
`

function page(title: string, markdown: string, open: boolean): string {
  const marked = new Marked({ gfm: true, breaks: false, async: false })
  let html = marked.parse(markdown) as string
  if (open) html = html.replace(/<details>/g, '<details open>')
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body><div class="comment"><div class="header"><b>github-actions</b> bot commented</div><div class="markdown-body">${html}</div></div></body></html>`
}

function shoot(name: string, html: string, height: number): void {
  const file = join(out, `${name}.html`)
  writeFileSync(file, html)
  if (!existsSync(CHROMIUM)) return
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-background-networking']
  const profile = join(out, '.chromium-profile')
  execFileSync(
    CHROMIUM,
    [...flags, `--user-data-dir=${profile}`, `--window-size=920,${height}`, `--screenshot=${join(out, `${name}.png`)}`, `file://${file}`],
    {
      stdio: 'ignore',
    },
  )
}

/** Reviewers writing code, mentions and markup, on a path with spaces, brackets and a reference. */
function hostile(report: Report): Report {
  const path = 'web/app (beta)/rate)limit[v2] #12.ts'
  const swap = (p: string): string => (p === 'services/gateway/src/ratelimit.ts' ? path : p)
  const texts = [
    'The key comes from `X-Forwarded-For`, which @octocat can set; `<img src=x onerror=alert(1)>` stays code and an unbalanced ` tick stays text.',
    'Use ``a ` b`` for the key; <b>bold</b>, ![i](x.png) and [a link](javascript:alert(1)) stay inert, as does #12.',
  ]
  return {
    ...report,
    links: LINKS,
    bundles: report.bundles.map((b) => ({ ...b, files: b.files.map((f) => ({ ...f, path: swap(f.path) })) })),
    tally: {
      ...report.tally,
      groups: report.tally.groups.map((g, i) => ({
        ...g,
        location: { ...g.location, path: swap(g.location.path) },
        findings: g.findings.map((f, j) => (i === 0 ? { ...f, what: texts[j % 2] ?? f.what, severity: j === 1 ? 'WARN' : f.severity } : f)),
      })),
    },
  }
}

mkdirSync(out, { recursive: true })
const report = { ...(await demoReport()), links: LINKS }
const comment = renderComment(report)
writeFileSync(join(out, 'comment.md'), comment)
shoot('comment', page('The sticky comment', comment, false), 1400)
shoot('comment-open', page('The sticky comment, every section open', comment, true), 2600)
const evil = renderComment(hostile(report))
writeFileSync(join(out, 'hostile.md'), evil)
shoot('hostile', page('Hostile reviewer text and path', evil, false), 900)
const progress = progressOf({
  reviewers: ['opus', 'kimi', 'qwen'],
  bundles: 2,
  reviews: report.reviews
    .slice(0, 4)
    .map((r, i) =>
      i === 1 ? { ...r, complete: false, incompleteReason: 'HTTP 429 from https://openrouter.ai/api/v1 (rate limited)' } : r,
    ),
  convergent: 1,
  elapsedMs: 41_000,
  concurrency: 9,
})
const summary = progressSummary(
  'pull request #7 at 1a2b3c4: 6 file(s), 2 not reviewed → 2 bundle(s) × 3 reviewer(s) = 6 review(s), ≈ 6.6k input tokens + at most 24.6k output tokens',
  progress,
  30,
)
shoot('progress', page('The check while the reviews run', summary, false), 700)
console.log(
  `wrote ${out}/{comment,comment-open,hostile,progress}.{html${existsSync(CHROMIUM) ? ',png' : ''}}${existsSync(CHROMIUM) ? '' : ` (no PNG: ${CHROMIUM} is not installed; apt-get install chromium)`}`,
)
