// npm run bench [-- NAME...]: prints figures, asserts nothing.
// fanout, rate-limit, overhead, first-call: loopback endpoints (scripts/bench-network.ts).
// planning: parse + bundle synthetic diffs of 1, 10 and 50 MB.
// numbering: the byte cost and the benefit of numbered lines.
// matching: dense findings of three lineages on one file, grouped one-to-one.
// policy: parsing and validating the policy file, and briefing bundles with its instructions.
// threads: planning a run's review threads against the threads already on the pull request.
// history [--limit N] [--rev REV]: this repository's commits replayed with recorded replies in every documented shape (scripts/bench-history.ts).
import { parsePolicyFile } from '../src/config/policy-file.ts'
import { briefBundles } from '../src/core/plan/brief.ts'
import { planBundles } from '../src/core/plan/bundle.ts'
import { formatFile } from '../src/core/diff/text.ts'
import { parseUnifiedDiff } from '../src/core/diff/parse.ts'
import { indexDiff } from '../src/core/verdict/locate.ts'
import { groupFindings } from '../src/core/verdict/match.ts'
import { planThreads, type ExistingThread } from '../src/core/render/thread-plan.ts'
import type { Finding, Group, Report } from '../src/core/verdict/types.ts'
import type { Bundle } from '../src/core/plan/types.ts'
import { prng, randomFile } from '../__tests__/helpers/random-diff.ts'
import { benchHistoryCli } from './bench-history.ts'
import { benchFanout, benchFirstCall, benchOverhead, benchRateLimit } from './bench-network.ts'

function syntheticDiff(targetBytes: number, seed: number): string {
  const rand = prng(seed)
  const parts: string[] = []
  let bytes = 0
  for (let i = 0; bytes < targetBytes; i++) {
    // Mostly small files, now and then a huge one.
    const huge = i % 500 === 499
    const file = randomFile(rand, i, huge ? 80 : 4, huge ? 400 : 40)
    const text = formatFile(file, false)
    parts.push(text)
    bytes += text.length
  }
  return parts.join('')
}

function benchPlanning(): void {
  const cap = 60_000
  const timings = new Map<number, number>()
  console.log(`planning (parse + bundle with numbered lines, cap ${cap} bytes):`)
  for (const mb of [1, 10, 50]) {
    const diff = syntheticDiff(mb * 1024 * 1024, mb)
    const started = performance.now()
    const files = parseUnifiedDiff(diff)
    const plan = planBundles(files, { maxBytes: cap, hardMaxBytes: 100_000, numbered: true })
    const seconds = (performance.now() - started) / 1000
    const components = new Map<string, number>()
    for (const b of plan.bundles) components.set(b.component, (components.get(b.component) ?? 0) + b.bytes)
    const ideal = [...components.values()].reduce((n, b) => n + Math.ceil(b / cap), 0)
    timings.set(mb, seconds)
    console.log(
      `  ${String(mb).padStart(2)} MB: ${files.length} files → ${plan.bundles.length} bundles (ideal ${ideal}, ${components.size} components) in ${seconds.toFixed(2)} s, peak rss so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    )
  }
  console.log(`  10 → 50 MB time ratio: ${((timings.get(50) ?? 0) / (timings.get(10) ?? 1)).toFixed(2)} (linear = 5)`)
}

/**
 * Numbered lines: their byte cost, and a synthetic reviewer that makes the
 * classic counting mistake (counting removed lines too when working out a
 * line number from the @@ header) against one that reads the printed number.
 */
function benchNumbering(): void {
  const files = parseUnifiedDiff(syntheticDiff(10 * 1024 * 1024, 7))
  const limits = { maxBytes: 60_000, hardMaxBytes: 100_000 }
  const plain = planBundles(files, { ...limits, numbered: false }).bundles
  const numbered = planBundles(files, { ...limits, numbered: true }).bundles
  const bytes = (bs: readonly Bundle[]): number => bs.reduce((n, b) => n + b.bytes, 0)
  const valid = (bs: readonly Bundle[]): [number, number] => {
    let ok = 0
    let cited = 0
    for (const b of bs) {
      const truth = b.files
      for (const f of truth) {
        for (const h of f.hunks) {
          let counter = h.newStart
          for (const l of h.lines) {
            if (l.kind === 'add') {
              cited++
              if ((b.numbered ? l.newLine : counter) === l.newLine) ok++
            }
            counter++
          }
        }
      }
    }
    return [ok, cited]
  }
  const [okPlain, n] = valid(plain)
  const [okNumbered] = valid(numbered)
  console.log('numbered lines (10 MB synthetic diff):')
  console.log(
    `  bytes ${bytes(plain)} → ${bytes(numbered)} (+${((100 * (bytes(numbered) - bytes(plain))) / bytes(plain)).toFixed(1)}%), bundles ${plain.length} → ${numbered.length}`,
  )
  console.log(
    `  synthetic counting reviewer, valid cited lines: plain ${((100 * okPlain) / n).toFixed(1)}%, numbered ${((100 * okNumbered) / n).toFixed(1)}% of ${n} added lines`,
  )
}

/** Each lineage flags every line of a file (off by up to one line, as models are), or every line within one range. */
function benchMatching(): void {
  console.log('matching (3 lineages, one file, line-window 3):')
  for (const [n, spread] of [
    [120, 'consecutive'],
    [2000, 'consecutive'],
    [10_000, 'consecutive'],
    [300, 'one range'],
  ] as const) {
    const rand = prng(n)
    const file = `diff --git a/f.ts b/f.ts\nnew file mode 100644\n--- /dev/null\n+++ b/f.ts\n@@ -0,0 +1,${n + 2} @@\n${'+x\n'.repeat(n + 2)}`
    const index = indexDiff(parseUnifiedDiff(file))
    const findings: Finding[] = ['a', 'b', 'c'].flatMap((lineage) =>
      Array.from({ length: n }, (_, i): Finding => {
        const line = spread === 'one range' ? 1 : i + 1 + Math.floor(rand() * 2)
        return {
          reviewer: lineage,
          lineage,
          bundleId: 'b',
          severity: 'WARN',
          whereText: `f.ts:${line}`,
          what: `problem ${i}`,
          why: '',
          location: { path: 'f.ts', startLine: line, endLine: spread === 'one range' ? n : line, label: 'in-diff' },
        }
      }),
    )
    const started = performance.now()
    const groups = groupFindings(findings, 3, index)
    const ms = performance.now() - started
    console.log(
      `  ${String(n).padStart(6)} findings per lineage (${spread}): ${groups.filter((g) => g.convergent).length} convergent / ${groups.length} groups in ${ms.toFixed(0)} ms`,
    )
  }
}

/** What a run pays for its policy file: the first parse compiles the schema; briefing matches every bundle. */
function benchPolicy(): void {
  const instructions = Array.from(
    { length: 50 },
    (_, i) =>
      `  - paths: [${['services/**', 'packages/web/**', 'src/**'][i % 3]}, "**/f${i}.ts", "!docs/**"]\n    text: Rule ${i}, ${'be careful. '.repeat(20)}`,
  )
  const text = `fail-on: any-block\nexclude: [docs/**, "!dist/schema.json"]\ninstructions:\n${instructions.join('\n')}\n`
  const problems: string[] = []
  const parse = (): ReturnType<typeof parsePolicyFile> => parsePolicyFile({ path: '.github/cross-lineage-review.yml', text }, problems)
  let started = performance.now()
  const file = parse()
  const first = performance.now() - started
  if (!file) throw new Error(problems.join('\n'))
  started = performance.now()
  for (let i = 0; i < 100; i++) parse()
  const next = (performance.now() - started) / 100
  const bundles = planBundles(parseUnifiedDiff(syntheticDiff(10 * 1024 * 1024, 7)), {
    maxBytes: 60_000,
    hardMaxBytes: 100_000,
    numbered: true,
  }).bundles
  started = performance.now()
  const briefed = briefBundles(bundles, { instructions: file.instructions, language: 'German' })
  const brief = performance.now() - started
  console.log(`policy file (${text.length} bytes, 50 instructions):`)
  console.log(`  parse + validate: first ${first.toFixed(0)} ms (compiles the schema), then ${next.toFixed(2)} ms`)
  console.log(
    `  briefing ${bundles.length} bundles of a 10 MB diff: ${brief.toFixed(0)} ms; ${briefed.bundles.filter((b) => b.instructions?.length).length} carry instructions, ${briefed.warnings.length} left out by the cap`,
  )
}

/** Convergent groups spread over 20 files of 2,000 lines, planned against the threads a first run left. */
function benchThreads(): void {
  console.log('review threads (plan: identities, one-to-one match with existing threads, bodies):')
  const diff = Array.from(
    { length: 20 },
    (_, f) =>
      `diff --git a/f${f}.ts b/f${f}.ts\nnew file mode 100644\n--- /dev/null\n+++ b/f${f}.ts\n@@ -0,0 +1,2000 @@\n${Array.from({ length: 2000 }, (_, i) => `+const v${i} = ${i}`).join('\n')}\n`,
  ).join('')
  const bundles = planBundles(parseUnifiedDiff(diff), { maxBytes: 60_000, hardMaxBytes: 100_000, numbered: true }).bundles
  const finding = (lineage: string, path: string, line: number): Finding => ({
    reviewer: lineage,
    lineage,
    bundleId: 'b',
    severity: 'WARN',
    whereText: `${path}:${line}`,
    what: `problem at ${line}`,
    why: 'shown',
    location: { path, startLine: line, endLine: line + 1, label: 'in-diff' },
    fix: { text: `const v${line} = 0`, startLine: line, endLine: line + 1 },
  })
  const report = (n: number, shift: number): Report => {
    const groups = Array.from({ length: n }, (_, i): Group => {
      const [path, line] = [`f${i % 20}.ts`, 1 + shift + Math.floor(i / 20) * 3]
      const findings = [finding('a', path, line), finding('b', path, line)]
      const location = { path, startLine: line, endLine: line + 1, label: 'in-diff' as const }
      return { key: `${path}:${line}`, location, severity: 'WARN', findings, reviewers: ['a', 'b'], lineages: ['a', 'b'], convergent: true }
    })
    const tally = { groups, convergent: n, distinct: n, perReviewer: [], coverage: [], incomplete: [], retracted: [], thin: [], unread: [] }
    const conclusion = { conclusion: 'success' as const, reasons: [] }
    return {
      tally,
      conclusion,
      failOn: 'never',
      minReviewers: 2,
      reviewers: [],
      bundles,
      reviews: [],
      skipped: [],
      warnings: [],
      label: 'bench',
    }
  }
  for (const [n, open] of [
    [24, 24],
    [500, 500],
    [2000, 2000],
  ] as const) {
    const first = planThreads(report(open, 0), [], { max: open, headSha: 'a'.repeat(40) })
    const existing = first.comments.map((c, i): ExistingThread => ({ id: `T${i}`, resolved: false, path: c.path, body: c.body }))
    const started = performance.now()
    // A new commit: every finding moved down a line; half of them are gone.
    const plan = planThreads(report(n / 2, 1), existing, { max: n, headSha: 'b'.repeat(40) })
    const ms = performance.now() - started
    console.log(
      `  ${String(n / 2).padStart(5)} findings vs ${String(existing.length).padStart(5)} threads: ${plan.kept.length} kept, ${plan.resolve.length} to resolve, ${plan.comments.length} new in ${ms.toFixed(0)} ms`,
    )
  }
}

const BENCHES: Record<string, () => unknown> = {
  fanout: benchFanout,
  'rate-limit': benchRateLimit,
  overhead: benchOverhead,
  'first-call': benchFirstCall,
  planning: benchPlanning,
  numbering: benchNumbering,
  matching: benchMatching,
  policy: benchPolicy,
  threads: benchThreads,
  history: () => benchHistoryCli(options),
}
// Names first, then options (`history --limit 20`).
const args = process.argv.slice(2)
const firstOption = args.findIndex((a) => a.startsWith('--'))
const chosen = firstOption < 0 ? args : args.slice(0, firstOption)
const options = firstOption < 0 ? [] : args.slice(firstOption)
const unknown = chosen.filter((name) => !(name in BENCHES))
if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`)
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHES)) await BENCHES[name]?.()
