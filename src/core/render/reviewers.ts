// Per reviewer: the table (verdicts, completeness, findings, unparsed text,
// misplaced citations, latency, tokens, cost) and the text no finding could be
// read from, quoted so a reader sees what the parser could not.
import { markdownText } from '../text/sanitize.ts'
import type { Report } from '../verdict/types.ts'
import { proseMarkdown } from './code-span.ts'
import { bullets, type Cap } from './markdown-lists.ts'

// An unparsed block is shown up to this many lines of this many characters; tally-json has the whole reply.
const QUOTE_LINES = 20
const QUOTE_LINE_CHARS = 200

export function reviewerTable(report: Report): string[] {
  const withCost = report.tally.perReviewer.some((r) => r.costUsd !== undefined)
  const rows = report.tally.perReviewer.map((r) => {
    const verdicts = r.verdicts.map((v) => v.verdict ?? '—').join(', ') || '—'
    const misplaced = r.offDiff + r.unknownPath
    const rate = r.findings === 0 ? '—' : `${misplaced} (${Math.round((100 * misplaced) / r.findings)}%)`
    const cost = withCost ? ` ${usd(r.costUsd)} |` : ''
    return `| ${markdownText(r.reviewer, 40)} | ${markdownText(r.model, 80)} | ${verdicts} | ${r.complete}/${r.complete + r.incomplete} | ${r.findings} | ${r.unparsed} | ${rate} | ${(r.latencyMs / 1000).toFixed(1)} s | ${r.tokensIn} / ${r.tokensOut} |${cost}`
  })
  return [
    '### Reviewers',
    '',
    `| Reviewer | Model | Verdict | Complete | Findings | Unparsed | Off-diff or unknown path | Latency | Tokens in / out |${withCost ? ' Cost |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|${withCost ? '---|' : ''}`,
    ...rows,
    '',
    totalsLine(report),
    ...verdictWords(report),
  ]
}

/** What each reviewer said with its verdict, below the table: in a cell it would squeeze every column beside it. */
function verdictWords(report: Report): string[] {
  const said = report.tally.perReviewer.flatMap((r) => {
    const summaries = r.verdicts
      .map((v) => v.summary)
      .filter(Boolean)
      .join(' / ')
    return summaries ? [`- **${markdownText(r.reviewer, 40)}**: ${proseMarkdown(summaries, 300)}`] : []
  })
  return said.length === 0 ? [] : ['', '**With their verdicts**', '', ...said]
}

const usd = (n: number | undefined): string => (n === undefined ? '—' : `$${n.toFixed(n < 1 ? 4 : 2)}`)

function totalsLine(report: Report): string {
  const r = report.tally.perReviewer
  const sum = (f: (x: (typeof r)[number]) => number): number => r.reduce((n, x) => n + f(x), 0)
  const costs = r.filter((x) => x.costUsd !== undefined)
  const reused = sum((x) => x.reused)
  return [
    `Total: ${sum((x) => x.tokensIn)} tokens in, ${sum((x) => x.tokensOut)} out`,
    ...(costs.length > 0
      ? [`cost ${usd(costs.reduce((n, x) => n + (x.costUsd ?? 0), 0))}${costs.length < r.length ? ' (known for some reviewers only)' : ''}`]
      : []),
    ...(reused > 0 ? [`${reused} of ${report.reviews.length} reviews reused from the previous run (bundle unchanged)`] : []),
  ].join(' · ')
}

/** Each unparsed block, collapsed: whose, on which bundle, and its text quoted (escaped, bounded). */
export function unparsedList(report: Report, cap: Cap): string[] {
  const blocks = report.reviews
    .filter((r) => r.outcome === 'answered')
    .flatMap((r) => r.parsed.unparsed.map((text) => ({ review: r, text })))
  if (blocks.length === 0) return []
  const unread = report.reviews.filter((r) => r.outcome === 'answered' && !r.complete && r.parsed.unparsed.length > 0).length
  return [
    `<details><summary>Unparsed replies (${blocks.length}): text that reads like a finding but gave no severity or location${unread > 0 ? `; ${unread} review(s) with text no one could read count as incomplete` : ''}</summary>`,
    '',
    ...bullets(blocks, cap, ({ review, text }) =>
      [
        `- **${markdownText(review.reviewer, 40)}** on ${markdownText(review.bundleId, 80)}${review.complete ? '' : ' (incomplete)'}:`,
        ...quote(text, cap.where),
      ].join('\n'),
    ),
    '',
    '</details>',
    '',
  ]
}

function quote(text: string, where: string): string[] {
  const lines = text.trim().split(/\r?\n/)
  const shown = lines.slice(0, QUOTE_LINES).map((l) => (l.trim() === '' ? '  >' : `  > ${proseMarkdown(l, QUOTE_LINE_CHARS)}`))
  const more = lines.length - QUOTE_LINES
  return more > 0 ? [...shown, `  > …(${more} more line(s) in ${where})`] : shown
}
