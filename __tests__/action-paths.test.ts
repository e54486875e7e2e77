// Issue 28, "Done when": the paths where CI, workflows and tests live are
// where a change can weaken the gate itself. Two lineages agreeing on a BLOCK
// there, each in its own reply shape, fail the check at that exact line.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runAgainst } from './helpers/action-run.ts'
import { useDemoPull } from './helpers/demo-pull.ts'
import type { ChatRequest, ModelScript } from './helpers/fake-models.ts'

const pull = useDemoPull()

const added = (path: string, lines: string[]): string =>
  [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
  ].join('\n')

const DIFF =
  [
    added('__tests__/x.test.ts', ["import { it } from 'vitest'", '', "it.skip('gate', () => {})"]),
    added('.github/workflows/ci.yml', ['on: push', 'permissions: write-all']),
    added('_config.yml', ['title: site', 'plugins: [jekyll-remote-exec]']),
    added('site/config.yml', ['title: docs', 'theme: plain']),
    added('docs/user guide.md', ['# Guide', 'Paste your token here: ghp_x']),
    added('src/app.ts', ['export const app = 1', '', 'eval(process.env.PAYLOAD)']),
  ].join('\n') + '\n'

const strict = (where: string) => `SEVERITY: BLOCK\nWHERE: ${where}\nWHAT: the guard is gone\nWHY: anyone passes\n`
// Each reviewer writes each finding in a shape of its own; `null` is a line it says nothing about.
const WRITES: Record<string, Record<string, ((where: string) => string) | null>> = {
  'anthropic/opus': {
    '__tests__/x.test.ts:3': strict,
    '.github/workflows/ci.yml:2': (w) => `**SEVERITY:** BLOCK\n**WHERE:** \`${w}\`\n**WHAT:** write-all token\n`,
    '_config.yml:2': null,
    'docs/user guide.md:2': (w) => `### BLOCK: \`${w}\`\nA token pasted into the docs.\n`,
    'src/app.ts:3': null,
  },
  'moonshotai/kimi': {
    '__tests__/x.test.ts:3': (w) => `1. BLOCK ${w} - the gate test is skipped`,
    '.github/workflows/ci.yml:2': null,
    '_config.yml:2': (w) => `- [BLOCK] ${w} — a plugin that runs remote code`,
    'docs/user guide.md:2': (w) => `- **[BLOCK]** \`${w}\` — a live token`,
    'src/app.ts:3': strict,
  },
  'qwen/qwen3-coder': {
    '__tests__/x.test.ts:3': null,
    '.github/workflows/ci.yml:2': (w) => `- **[BLOCK]** \`${w}\` — every permission`,
    '_config.yml:2': (w) => `| BLOCK | \`${w}\` | remote exec plugin |`,
    'docs/user guide.md:2': null,
    'src/app.ts:3': (w) => `\`\`\`json\n[{"severity": "BLOCK", "where": "${w}", "what": "eval of the environment"}]\n\`\`\``,
  },
}

/** A reviewer's reply about the findings whose files are in the bundle it was sent. */
const reviewer =
  (writes: Record<string, ((where: string) => string) | null>): ModelScript =>
  (req: ChatRequest) => {
    const prompt = req.messages.map((m) => m.content).join('\n')
    const parts = Object.entries(writes)
      .filter(([where, write]) => write !== null && prompt.includes(`b/${where.replace(/:\d+$/, '')}`))
      .map(([where, write]) => write!(where))
    return { reply: `${parts.join('\n\n')}\n\nVERDICT: ${parts.length > 0 ? 'hold' : 'ship'}` }
  }

describe('a pull request touching __tests__/, .github/, _config.yml, a spaced path and src/', () => {
  it('fails at each exact path and line two lineages agree on, whatever shapes they wrote, and nowhere else', async () => {
    pull.github.pulls.set(7, { ...pull.github.pulls.get(7)!, diff: DIFF })
    const models = Object.fromEntries(Object.entries(WRITES).map(([model, writes]) => [model, reviewer(writes)]))
    const run = await runAgainst(pull.github, await pull.models(models))
    expect(run.result?.conclusion).toBe('failure')
    const check = pull.github.checkRuns[0]!
    expect(check.conclusion).toBe('failure')
    const failures = check.annotations
      .filter((a) => a.annotation_level === 'failure')
      .map((a) => `${String(a.path)}:${String(a.start_line)}`)
      .sort()
    expect(failures).toEqual([
      '.github/workflows/ci.yml:2',
      '__tests__/x.test.ts:3',
      '_config.yml:2',
      'docs/user guide.md:2',
      'src/app.ts:3',
    ])
    expect(check.annotations.filter((a) => !failures.includes(`${String(a.path)}:${String(a.start_line)}`))).toEqual([])
    // Five findings, all convergent, none unknown-path or placed on another file (site/config.yml).
    expect([run.outputs.convergent, run.outputs.distinct]).toEqual(['5', '5'])
    const tally = readFileSync(run.outputs['tally-json']!, 'utf8')
    expect(tally).not.toContain('unknown-path')
    expect(tally).not.toContain('site/config.yml:')
  })

  it('passes a lone BLOCK when another reviewer calls that line fine, beside a finding of its own or alone', async () => {
    const lines = ['export const app = 1', '', 'run()', '', '', '', '', '', 'log(app)']
    pull.github.pulls.set(7, { ...pull.github.pulls.get(7)!, diff: added('src/app.ts', lines) + '\n' })
    const models = {
      'anthropic/opus': () => ({ reply: `${strict('src/app.ts:3')}\nVERDICT: hold` }),
      'moonshotai/kimi': () => ({
        reply: `SEVERITY: WARN\nWHERE: src/app.ts:9\nWHAT: logs the app\nWHY: noise\n\n- \`src/app.ts:3\` looks fine.\n\nVERDICT: ship-with-fixes`,
      }),
      'qwen/qwen3-coder': () => ({ reply: '## Looks good\n- `src/app.ts:3` is fine\n\nVERDICT: ship' }),
    }
    const run = await runAgainst(pull.github, await pull.models(models))
    expect(run.result).toMatchObject({ conclusion: 'success' })
    expect(pull.github.checkRuns[0]!.conclusion).toBe('success')
  })
})
