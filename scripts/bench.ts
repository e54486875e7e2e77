// npm run bench: prints figures, asserts nothing.
// 1. Fan-out: 3 bundles × 3 reviewers against a loopback model endpoint that
//    answers each call after 2 s. Parallel calls should finish near 2 s, not 18 s.
// 2. Planning: parse + bundle synthetic diffs of 1, 10 and 50 MB.
// 3. Numbered lines: their byte cost and effect on a synthetic reviewer.
// 4. The policy file: parsing and validating it, and briefing bundles with its instructions.
import { readReviewSettings } from '../src/config/settings.ts'
import { ACTION_NAMING, readInputs, type InputName } from '../src/config/spec.ts'
import { parsePolicyFile } from '../src/config/policy-file.ts'
import { briefBundles } from '../src/core/plan/brief.ts'
import { planBundles } from '../src/core/plan/bundle.ts'
import { formatFile } from '../src/core/diff/text.ts'
import { parseUnifiedDiff } from '../src/core/diff/parse.ts'
import type { Bundle } from '../src/core/plan/types.ts'
import { reviewAll } from '../src/shell/fanout.ts'
import { createModelClient } from '../src/shell/models.ts'
import { startFakeModels } from '../__tests__/helpers/fake-models.ts'
import { prng, randomFile } from '../__tests__/helpers/random-diff.ts'

async function benchFanout(): Promise<void> {
  const delayMs = 2000
  const models = await startFakeModels(
    Object.fromEntries(['a/opus', 'b/kimi', 'c/qwen'].map((m) => [m, () => ({ reply: 'VERDICT: ship' })])),
    { delayMs },
  )
  const problems: string[] = []
  const inputs: Partial<Record<InputName, string>> = {
    reviewers: 'opus|a/opus\nkimi|b/kimi\nqwen|c/qwen',
    'base-url': models.baseURL,
    'api-key': 'sk-bench',
  }
  const config = readReviewSettings(
    readInputs((n) => inputs[n] ?? '', problems, ACTION_NAMING),
    {},
    problems,
    {
      requireKeys: true,
      naming: ACTION_NAMING,
    },
  )
  if (!config) throw new Error(problems.join('\n'))
  const bundles: Bundle[] = [1, 2, 3].map((i) => ({
    id: `c${i}.1-x`,
    component: `c${i}`,
    part: 1,
    parts: 1,
    files: [],
    paths: [`c${i}/a.ts`],
    bytes: 10,
    text: `diff --git a/c${i}/a.ts b/c${i}/a.ts\n`,
    numbered: false,
  }))
  const started = performance.now()
  const results = await reviewAll({ ...config, bundles, client: createModelClient(config), secrets: [] })
  const wall = (performance.now() - started) / 1000
  await models.close()
  console.log(
    `fan-out: ${bundles.length} bundles × ${config.reviewers.length} reviewers, ${delayMs / 1000} s per call, concurrency ${config.concurrency}`,
  )
  console.log(
    `  wall time ${wall.toFixed(2)} s (sequential would be ${(results.length * delayMs) / 1000} s); ${results.filter((r) => r.complete).length}/${results.length} complete`,
  )
}

function syntheticDiff(targetBytes: number, seed: number): string {
  const rand = prng(seed)
  const parts: string[] = []
  let bytes = 0
  for (let i = 0; bytes < targetBytes; i++) {
    // Mostly small files, now and then a huge one.
    const huge = i % 500 === 499
    const file = randomFile(rand, i, huge ? 80 : 4, huge ? 400 : 40)
    const text = formatFile(file)
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

await benchFanout()
benchPlanning()
benchNumbering()
benchPolicy()
