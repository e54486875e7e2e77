import { describe, expect, it } from 'vitest'
import { renderCheck } from '../../src/core/render/check.ts'
import { COMMENT_MAX, renderComment } from '../../src/core/render/comment.ts'
import { renderTallyJson } from '../../src/core/render/json.ts'
import { renderMarkdown } from '../../src/core/render/markdown.ts'
import { COMMENT_MARKER } from '../../src/core/render/report.ts'
import { renderTerminal } from '../../src/core/render/terminal.ts'
import type { Report } from '../../src/core/verdict/types.ts'
import type { Finding, Group } from '../../src/core/verdict/types.ts'
import { fileURLToPath } from 'node:url'
import { createEvidenceClient } from '../../src/shell/read-evidence.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { reviewChange } from '../../src/pipeline.ts'
import type { ReviewClient } from '../../src/shell/models.ts'
import { demoConfig, demoReport } from '../helpers/demo-report.ts'
import { hostileReport } from '../helpers/hostile-report.ts'
import { demoDiff } from '../helpers/fixtures.ts'

describe('rendered report of the demo pull request', () => {
  it('comment matches the committed output (as posted on octo/widgets: locations link to their lines)', async () => {
    const links = { server: 'https://github.com', owner: 'octo', repo: 'widgets', headSha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d' }
    const comment = renderComment({ ...(await demoReport()), links })
    expect(comment.startsWith(`${COMMENT_MARKER}\n`)).toBe(true)
    await expect(comment).toMatchFileSnapshot('../__outputs__/demo-comment.md')
  })

  it('check output: failing conclusion, one annotation per convergent in-diff location', async () => {
    const check = renderCheck(await demoReport())
    expect(check.conclusion).toBe('failure')
    expect(check.title).toBe('4 convergent / 9 distinct: failure')
    expect(check.annotations.map((a) => [a.path, a.start_line, a.end_line, a.annotation_level])).toEqual([
      ['services/gateway/src/ratelimit.ts', 19, 19, 'failure'],
      ['services/gateway/src/ratelimit.ts', 30, 30, 'failure'],
      ['packages/config/src/load.ts', 12, 12, 'warning'],
      ['services/gateway/src/server.ts', 21, 21, 'warning'],
    ])
    await expect(JSON.stringify(check.annotations, null, 2)).toMatchFileSnapshot('../__outputs__/demo-annotations.json')
  })

  it('tally JSON keeps every finding with its label', async () => {
    const json = JSON.parse(renderTallyJson(await demoReport()))
    const labels = json.groups.flatMap((g: Group) => g.findings.map((f: Finding) => f.location.label))
    expect(labels).toHaveLength(13)
    expect(labels.filter((l: string) => l === 'off-diff')).toHaveLength(1)
    expect(json.calls).toHaveLength(6)
    expect(json.calls[0]).toMatchObject({
      reviewer: 'opus',
      outcome: 'answered',
      complete: true,
      finishReason: 'stop',
      tokensIn: 812,
      tokensOut: 164,
      latencyMs: 9120,
    })
    expect(json.calls[0].reply).toMatch(/^SEVERITY: WARN\nWHERE: packages\/config\/src\/load.ts:12/)
  })
})

describe('hostile reviewer text', () => {
  const evil =
    '<img src=x onerror=alert(1)> @octocat see #12 ![i](http://e/x.png) [click](javascript:alert(1)) | col sk-or-v1-0123456789abcdef0123 <!-- x --> \u202Eevil'

  it('reaches the comment escaped: no HTML, images, links, mentions, refs, pipes or keys', async () => {
    const comment = renderComment(hostileReport(await demoReport(), evil, 1))
    expect(comment).not.toMatch(/(?<!\\)<img|(?<!\\)<!-- x|(?<!\\)\]\(javascript|(?<!\\)!\[i\]/)
    expect(comment).not.toMatch(/(^|[^&#\w])@octocat/)
    expect(comment).toContain('@&#8203;octocat')
    expect(comment).toContain('\\#&#8203;12')
    expect(comment).not.toContain('sk-or-v1-0123456789abcdef0123')
    expect(comment).toContain('\\<U\\+202E\\>evil')
    for (const row of comment.split('\n').filter((l) => l.startsWith('| **BLOCK'))) {
      expect(row.split(/(?<!\\)\|/).length).toBe(6)
    }
  })

  it('caps long lists, saying how many more the tally-json holds, and closes every details block', async () => {
    const base = await demoReport()
    const skipped = Array.from({ length: 5000 }, (_, i) => ({ path: `gen/${'x'.repeat(150)}${i}.json`, reason: 'matches exclude' }))
    const comment = renderComment({ ...base, skipped })
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX)
    expect(comment).toMatch(/- …and \d+ more in the tally-json output/)
    expect(comment.split('<details>').length).toBe(comment.split('</details>').length)
  })

  it('says where a capped list is in full when that is not the tally-json output (the CLI)', async () => {
    const base = await demoReport()
    const skipped = Array.from({ length: 300 }, (_, i) => ({ path: `gen/${i}.json`, reason: 'matches exclude' }))
    const md = renderMarkdown({ ...base, skipped }, Number.MAX_SAFE_INTEGER, { fullTallyIn: 'tally.json beside this file' })
    expect(md).toContain('- …and 100 more in tally.json beside this file')
    expect(md).not.toContain('tally-json')
    expect(renderTerminal({ ...base, skipped })).toContain('Files not reviewed (300)\n')
    expect(renderTerminal({ ...base, skipped })).toContain('  …and 250 more (the JSON report, --format json, lists all)')
  })
})

describe('terminal text of the demo pull request', () => {
  it('matches the committed output: plain text, aligned, no markdown', async () => {
    await expect(renderTerminal(await demoReport())).toMatchFileSnapshot('../__outputs__/demo-terminal.txt')
  })
})

describe('a reply no finding could be read from', () => {
  const evil = '<img src=x onerror=alert(1)> @octocat | sk-or-v1-0123456789abcdef0123'
  const unreadable = [
    `The guard at services/gateway/src/ratelimit.ts:30 is off by one. ${evil}`,
    ...Array.from({ length: 40 }, (_, i) => `more reasoning ${i}`),
    'VERDICT: hold - off by one',
  ].join('\n')

  async function reportWith(reply: string): Promise<Report> {
    const demo = fileURLToPath(new URL('../../examples/demo', import.meta.url))
    const recorded = createEvidenceClient(demo)
    const client: ReviewClient = async (reviewer, bundle, ...rest) => {
      const call = await recorded(reviewer, bundle, ...rest)
      return reviewer.name === 'kimi' && bundle.component === 'services/gateway' ? { ...call, reply } : call
    }
    return reviewChange({ label: 'pull request #7', files: parseUnifiedDiff(demoDiff()) }, demoConfig(), {
      client,
      secrets: [],
      log: () => undefined,
    })
  }

  it('makes that review incomplete, counts it per reviewer and quotes it collapsed, escaped and bounded', async () => {
    const report = await reportWith(unreadable)
    const comment = renderComment(report)
    expect(report.tally.incomplete.map((i) => [i.reviewer, i.reason])).toEqual([
      [
        'kimi',
        'no finding could be read from a reply that says hold and cites services/gateway/src/ratelimit.ts:30; its text is under "Unparsed replies" in the report',
      ],
    ])
    expect(comment).toMatch(/\| kimi \| moonshotai\/kimi-k2-0905 \| [^|]+ \| 1\/2 \| 1 \| 1 \|/)
    expect(comment).toContain('<details><summary>Unparsed replies (1)')
    expect(comment).toContain('  > The guard at services/gateway/src/ratelimit.ts:30 is off by one.')
    expect(comment).toContain('  > …(22 more line(s) in the tally-json output)')
    expect(comment).not.toMatch(/(?<!\\)<img|(^|[^&#\w])@octocat|sk-or-v1-0123456789abcdef0123/)
    expect(comment.split('<details>').length).toBe(comment.split('</details>').length)
  })
})

describe('the findings that are not convergent', () => {
  it('are not called single-reviewer when lineages agreed on a path the diff does not have', async () => {
    const report = await demoReport()
    const first = report.tally.groups.find((g) => !g.convergent)!
    const agreed: Group = {
      ...first,
      key: 'nope.ts',
      location: { path: 'nope.ts', label: 'unknown-path' },
      reviewers: ['opus', 'kimi', 'qwen'],
      lineages: ['anthropic', 'moonshotai', 'qwen'],
    }
    const withAgreed: Report = { ...report, tally: { ...report.tally, groups: [...report.tally.groups, agreed] } }
    expect(renderTerminal(report)).toContain('Single-reviewer findings (5): one lineage only')
    expect(renderTerminal(withAgreed)).toContain('Findings that are not convergent (6): one lineage only, or a path the diff does not have')
    expect(renderMarkdown(withAgreed, 65_000)).toContain('<summary>Findings that are not convergent (6)')
    expect(renderTerminal(withAgreed)).not.toContain('Single-reviewer')
  })
})

describe('the severity column', () => {
  it("reads the group's severity, and the reviewers' own only where they differ", async () => {
    const report = await demoReport()
    const [first, ...rest] = report.tally.groups
    const mixed: Group = {
      ...first!,
      findings: first!.findings.map((f) => (f.reviewer === 'kimi' ? { ...f, severity: 'WARN' as const } : f)),
    }
    const comment = renderComment({ ...report, tally: { ...report.tally, groups: [mixed, ...rest] } })
    expect(comment).toContain('| **BLOCK** (kimi: WARN) | services/gateway/src/ratelimit.ts:19 |')
    expect(comment).toContain('| **BLOCK** | services/gateway/src/ratelimit.ts:30 |')
    expect(comment).not.toMatch(/×\d/)
    expect(renderTerminal({ ...report, tally: { ...report.tally, groups: [mixed, ...rest] } })).toContain(
      'BLOCK  services/gateway/src/ratelimit.ts:19  opus + kimi  (kimi: WARN)',
    )
  })
})
