// Replay over a repository's own git history: each first-parent commit's diff
// goes through the real pipeline (reviewChange) with a client that answers from
// synthesized recorded replies. Two lineages flag the same added line as BLOCK,
// each in a different documented reply shape; the figure is how many of those
// agreements come out as convergent BLOCKs at that path and line. Real paths
// (tests, dot-files, `_` prefixes, spaces) are where the parser gets it wrong.
import { execFileSync } from 'node:child_process'
import { readReviewSettings, type ReviewSettings } from '../src/config/settings.ts'
import { ACTION_NAMING, readInputs } from '../src/config/spec.ts'
import { parseUnifiedDiff } from '../src/core/diff/parse.ts'
import type { FileDiff } from '../src/core/diff/types.ts'
import type { Bundle } from '../src/core/plan/types.ts'
import type { CallResult, Review } from '../src/core/reply/types.ts'
import { indexDiff, locate, type DiffIndex } from '../src/core/verdict/locate.ts'
import type { Location, Report } from '../src/core/verdict/types.ts'
import { reviewChange } from '../src/pipeline.ts'
import type { ReviewClient } from '../src/shell/models.ts'

/** The reply shapes the README and src/core/reply document. */
export const SHAPES = ['strict', 'bold-keys', 'list-item', 'numbered', 'table', 'heading', 'json', 'anchor', 'line-in-parens'] as const
export type Shape = (typeof SHAPES)[number]

export const PATH_CLASSES = ['spaced', 'unicode', '__tests__', 'dot', '_', 'ordinary'] as const
export type PathClass = (typeof PATH_CLASSES)[number]

export interface Target {
  readonly sha: string
  readonly path: string
  readonly line: number
  readonly pathClass: PathClass
  /** The shapes the two agreeing lineages wrote it in. */
  readonly shapes: readonly [Shape, Shape]
}

/** A reply of one agreeing lineage whose finding at the target was not read there. */
export interface ReplyMiss {
  readonly target: Target
  readonly shape: Shape
  /** What the parser did read from that reply (whereText → location), or why the review is incomplete. */
  readonly read: string
}

export interface HistoryBench {
  /** The commit walked from, as given. */
  readonly rev: string
  readonly commits: number
  /** Commits that had at least one target (an added line in a reviewed file). */
  readonly reviewedCommits: number
  readonly bundles: number
  readonly targets: readonly Target[]
  readonly missed: readonly Target[]
  /** Convergent BLOCKs at a place no two lineages agreed on: a misread path that landed on another file of the diff. */
  readonly spurious: readonly string[]
  readonly replyMisses: readonly ReplyMiss[]
  /** Replies written per shape, for the rate of reply misses. */
  readonly replies: Readonly<Record<Shape, number>>
  /** Commits with targets whose gate did not fail, though every one holds a convergent BLOCK. */
  readonly gatePassed: readonly string[]
  /** The same run with the third lineage writing "path:line looks fine" at every target. */
  readonly approval: {
    readonly missed: readonly Target[]
    /** Approving reviews not counted as complete, with the reason of the first. */
    readonly incomplete: number
    readonly incompleteExample?: string
    readonly gatePassed: readonly string[]
    /** Commits whose conclusion differs from the run without the approvals. */
    readonly conclusionChanged: readonly string[]
    /** Reasons the approvals added to conclusions, by their opening words: how many, and one example. */
    readonly addedReasons: Readonly<Record<string, { count: number; example: string }>>
  }
}

export interface HistoryOptions {
  /** A directory inside the repository. */
  readonly cwd: string
  /** The commit whose first-parent history is walked; HEAD by default. */
  readonly rev?: string
  /** Walk only the newest this many first-parent commits. */
  readonly limit?: number
  /** Targets per bundle. */
  readonly perBundle?: number
  /** The two shapes every agreement is written in; by default the pair rotates per bundle. */
  readonly shapes?: readonly [Shape, Shape]
}

const git = (cwd: string, args: readonly string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] })

/** The action's defaults: three reviewers of three lineages, fail-on convergent-block, hunk context. */
function defaultSettings(): ReviewSettings {
  const problems: string[] = []
  const settings = readReviewSettings(
    readInputs(() => '', problems, ACTION_NAMING),
    {},
    problems,
    {
      requireKeys: false,
      naming: ACTION_NAMING,
    },
  )
  if (!settings) throw new Error(problems.join('\n'))
  return settings
}

export function pathClass(path: string): PathClass {
  const segments = path.split('/')
  if (/\s/.test(path)) return 'spaced'
  if (/[^\x20-\x7e]/.test(path)) return 'unicode'
  if (segments.includes('__tests__')) return '__tests__'
  if (segments.some((s) => s.startsWith('.'))) return 'dot'
  if (segments.some((s) => s.startsWith('_'))) return '_'
  return 'ordinary'
}

// FNV-1a: the line picked in a file depends on the commit and path only, so a run is reproducible.
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** Added, non-blank new-side lines of the bundle, by path. */
function addedLines(files: readonly FileDiff[]): Map<string, number[]> {
  const byPath = new Map<string, number[]>()
  for (const f of files) {
    if (f.binary || f.status === 'deleted') continue
    for (const h of f.hunks)
      for (const l of h.lines) {
        if (l.kind !== 'add' || l.newLine === undefined || l.text.trim() === '') continue
        byPath.set(f.path, [...(byPath.get(f.path) ?? []), l.newLine])
      }
  }
  return byPath
}

/** Up to `n` lines in distinct files, one of each path class present before a second of any (special classes first). */
function pickTargets(sha: string, bundle: Bundle, n: number): { path: string; line: number }[] {
  const lines = addedLines(bundle.files)
  const queues = PATH_CLASSES.map((c) => [...lines.keys()].filter((p) => pathClass(p) === c))
  const paths: string[] = []
  while (paths.length < n && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const p = q.shift()
      if (p !== undefined && paths.length < n) paths.push(p)
    }
  }
  return paths.map((path) => {
    const ls = lines.get(path) ?? []
    return { path, line: ls[hash(`${sha}:${path}`) % ls.length] ?? 1 }
  })
}

const WHAT = 'the value reaches the caller unchecked'
const WHY = 'a malformed input crashes the run instead of failing the check with a reason'

/** One lineage's reply in one shape, flagging every target as BLOCK. `next` is the line after the target when the diff holds it. */
export function writeReply(shape: Shape, targets: readonly { path: string; line: number; next?: boolean }[]): string {
  const at = (t: { path: string; line: number }): string => `${t.path}:${t.line}`
  const blocks = targets.map((t, i) => {
    switch (shape) {
      case 'strict':
        return `SEVERITY: BLOCK\nWHERE: ${at(t)}\nWHAT: ${WHAT}\nWHY: ${WHY}`
      case 'bold-keys':
        return `**SEVERITY:** BLOCK\n**WHERE:** \`${at(t)}\`\n**WHAT:** ${WHAT}\n**WHY:** ${WHY}`
      case 'list-item':
        return `- **[BLOCK]** \`${at(t)}\` — ${WHAT}; ${WHY}`
      case 'numbered':
        return `${i + 1}. BLOCK ${at(t)} - ${WHAT}`
      case 'table':
        return `| BLOCK | \`${at(t)}\` | ${WHAT} |`
      case 'heading':
        return `### BLOCK: ${at(t)}\n\n${WHAT}: ${WHY}.`
      case 'json':
        return JSON.stringify({ severity: 'BLOCK', where: at(t), what: WHAT, why: WHY })
      case 'anchor':
        return `- **BLOCK** ${t.path}#L${t.line}${t.next ? `-L${t.line + 1}` : ''} — ${WHAT}`
      case 'line-in-parens':
        return `- **BLOCK** ${t.path} (line ${t.line}): ${WHAT}`
    }
  })
  const joined =
    shape === 'json'
      ? `\`\`\`json\n{"findings": [${blocks.join(', ')}], "verdict": "hold"}\n\`\`\``
      : shape === 'table'
        ? `| Severity | Location | Issue |\n|---|---|---|\n${blocks.join('\n')}`
        : blocks.join(shape === 'strict' || shape === 'bold-keys' || shape === 'heading' ? '\n\n' : '\n')
  return `## Review\n\n${joined}\n\n${shape === 'json' ? '' : 'VERDICT: hold — blocking problems above.\n'}`
}

const clean = 'I read every hunk of this bundle and found no problem worth raising.\n\nVERDICT: ship\n'
const approve = (targets: readonly { path: string; line: number }[]): string =>
  `${targets.map((t) => `${t.path}:${t.line} looks fine: the change is correct as written.`).join('\n')}\n\nVERDICT: ship\n`

const covers = (l: Location, t: { path: string; line: number }): boolean =>
  l.path === t.path && l.startLine !== undefined && l.startLine <= t.line && t.line <= (l.endLine ?? l.startLine)

/** What one review read, for a miss example. */
function readOf(review: Review | undefined, index: DiffIndex, line: number): string {
  if (!review) return 'no review'
  const near = review.parsed.findings.filter((f) => f.whereText.includes(String(line)))
  const read = near.map((f) => {
    const l = locate(f.where, f.whereText, index)
    return `${f.severity} "${f.whereText}" → ${l.path}:${l.startLine ?? '?'} (${l.label})`
  })
  const incomplete = review.complete ? '' : ` [incomplete: ${review.incompleteReason ?? ''}]`
  const elsewhere = review.parsed.findings.length - near.length
  const said =
    read.length > 0 ? read.join('; ') : `nothing at line ${line}${elsewhere > 0 ? ` (${elsewhere} finding(s) read elsewhere)` : ''}`
  return said + incomplete
}

/** One commit through the pipeline; `approving` makes the third lineage approve every target. */
async function replayCommit(
  sha: string,
  files: readonly FileDiff[],
  settings: ReviewSettings,
  options: { perBundle: number; shapes?: readonly [Shape, Shape] | undefined },
  approving: boolean,
): Promise<{ report: Report; targets: Target[]; replies: { target: Target; reviewer: string; shape: Shape }[] }> {
  const planned = new Map<string, { targets: Target[]; roles: (Shape | 'third')[]; next: Set<string> }>()
  const names = settings.reviewers.map((r) => r.name)
  const roleOf = (bundle: Bundle): NonNullable<ReturnType<typeof planned.get>> => {
    const known = planned.get(bundle.id)
    if (known) return known
    // Which lineages agree, and in which shapes, varies by bundle so every pair of shapes is met; a hash keeps a
    // commit's replies the same whatever commits follow it and whatever --limit says.
    const j = hash(`${sha}:${bundle.id}`)
    const a = options.shapes?.[0] ?? SHAPES[j % SHAPES.length] ?? 'strict'
    const b = options.shapes?.[1] ?? SHAPES[(j + 1 + (Math.floor(j / SHAPES.length) % (SHAPES.length - 1))) % SHAPES.length] ?? 'strict'
    const third = Math.floor(j / (SHAPES.length * (SHAPES.length - 1))) % names.length
    const roles = names.map((_, i): Shape | 'third' => (i === third ? 'third' : (i - third + names.length) % names.length === 1 ? a : b))
    const targets = pickTargets(sha, bundle, options.perBundle).map((t): Target => ({
      sha,
      ...t,
      pathClass: pathClass(t.path),
      shapes: [a, b],
    }))
    const lines = addedLines(bundle.files)
    const next = new Set(targets.filter((t) => lines.get(t.path)?.includes(t.line + 1)).map((t) => `${t.path}:${t.line}`))
    const entry = { targets, roles, next }
    planned.set(bundle.id, entry)
    return entry
  }
  const client: ReviewClient = (reviewer, bundle) => {
    const { targets, roles, next } = roleOf(bundle)
    const role = roles[names.indexOf(reviewer.name)] ?? 'third'
    const cited = targets.map((t) => ({ path: t.path, line: t.line, next: next.has(`${t.path}:${t.line}`) }))
    const reply = targets.length === 0 ? clean : role === 'third' ? (approving ? approve(cited) : clean) : writeReply(role, cited)
    const call: CallResult = {
      reviewer: reviewer.name,
      bundleId: bundle.id,
      outcome: 'answered',
      reply,
      latencyMs: 0,
      tokensIn: Math.ceil(bundle.bytes / 4),
      tokensOut: Math.ceil(reply.length / 4),
      finishReason: 'stop',
    }
    return Promise.resolve(call)
  }
  const report = await reviewChange({ label: `commit ${sha.slice(0, 7)}`, files }, settings, { client, secrets: [], log: () => undefined })
  const targets = [...planned.values()].flatMap((p) => p.targets)
  const replies = [...planned.values()].flatMap((p) =>
    p.targets.flatMap((target) =>
      p.roles.flatMap((role, i) => (role === 'third' ? [] : [{ target, reviewer: names[i] ?? '', shape: role }])),
    ),
  )
  return { report, targets, replies }
}

const found = (report: Report, t: Target): boolean =>
  report.tally.groups.some((g) => g.convergent && g.severity === 'BLOCK' && covers(g.location, t))

export async function benchHistory(options: HistoryOptions): Promise<HistoryBench> {
  const settings = defaultSettings()
  const choice = { perBundle: options.perBundle ?? 3, shapes: options.shapes }
  const limit = options.limit === undefined ? [] : [`--max-count=${options.limit}`]
  const shas = git(options.cwd, ['log', '--first-parent', '--format=%H', ...limit, options.rev ?? 'HEAD', '--'])
    .split('\n')
    .filter(Boolean)
  const targets: Target[] = []
  const missed: Target[] = []
  const spurious: string[] = []
  const replyMisses: ReplyMiss[] = []
  const replies = Object.fromEntries(SHAPES.map((s) => [s, 0])) as Record<Shape, number>
  const gatePassed: string[] = []
  const approval = { missed: [] as Target[], incomplete: 0, gatePassed: [] as string[], conclusionChanged: [] as string[] }
  let incompleteExample: string | undefined
  const addedReasons: Record<string, { count: number; example: string }> = {}
  let bundles = 0
  let reviewedCommits = 0
  for (const sha of shas) {
    const diff = git(options.cwd, [
      'show',
      '--format=',
      '--first-parent',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--submodule=short',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      sha,
    ])
    const files = parseUnifiedDiff(diff)
    const index = indexDiff(files)
    // The two runs differ only in the third lineage's reply.
    const run = await replayCommit(sha, files, settings, choice, false)
    const approved = await replayCommit(sha, files, settings, choice, true)
    bundles += run.report.bundles.length
    if (run.targets.length === 0) continue
    reviewedCommits++
    targets.push(...run.targets)
    missed.push(...run.targets.filter((t) => !found(run.report, t)))
    for (const g of run.report.tally.groups.filter((g) => g.convergent && g.severity === 'BLOCK'))
      if (!run.targets.some((t) => covers(g.location, t)))
        spurious.push(`${sha.slice(0, 7)} ${g.location.path}:${g.location.startLine ?? '?'}`)
    approval.missed.push(...approved.targets.filter((t) => !found(approved.report, t)))
    for (const r of run.replies) {
      replies[r.shape]++
      const review = run.report.reviews.find((v) => v.reviewer === r.reviewer && v.bundleId === bundleOf(run.report, r.target))
      const read = review?.parsed.findings.some((f) => f.severity === 'BLOCK' && covers(locate(f.where, f.whereText, index), r.target))
      if (!read) replyMisses.push({ target: r.target, shape: r.shape, read: readOf(review, index, r.target.line) })
    }
    if (run.report.conclusion.conclusion !== 'failure') gatePassed.push(sha)
    if (approved.report.conclusion.conclusion !== 'failure') approval.gatePassed.push(sha)
    if (JSON.stringify(approved.report.conclusion) !== JSON.stringify(run.report.conclusion)) {
      approval.conclusionChanged.push(sha)
      for (const reason of approved.report.conclusion.reasons.filter((r) => !run.report.conclusion.reasons.includes(r))) {
        const kind = /^(possibly convergent|bundle|not reviewed|possibly a BLOCK)/.exec(reason)?.[1] ?? reason.slice(0, 30)
        const seen = (addedReasons[kind] ??= { count: 0, example: reason })
        seen.count++
      }
    }
    const thirds = approved.report.reviews.filter(
      (v) => !run.report.reviews.some((w) => w.reviewer === v.reviewer && w.bundleId === v.bundleId && w.reply === v.reply),
    )
    for (const v of thirds.filter((v) => !v.complete)) {
      approval.incomplete++
      incompleteExample ??= v.incompleteReason
    }
  }
  return {
    rev: options.rev ?? 'HEAD',
    commits: shas.length,
    reviewedCommits,
    bundles,
    targets,
    missed,
    spurious,
    replyMisses,
    replies,
    gatePassed,
    approval: {
      ...approval,
      ...(incompleteExample === undefined ? {} : { incompleteExample }),
      addedReasons,
    },
  }
}

/** The bundle whose files hold the target's line (a large file may be split across bundles). */
function bundleOf(report: Report, t: Target): string | undefined {
  return report.bundles.find((b) =>
    b.files.some((f) => f.path === t.path && f.hunks.some((h) => h.lines.some((l) => l.kind === 'add' && l.newLine === t.line))),
  )?.id
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`)

/** A target as one line: where, its class, and the shapes it was written in. */
export const describeTarget = (t: Target): string => `${t.sha.slice(0, 7)} ${t.path}:${t.line} [${t.pathClass}; ${t.shapes.join(' + ')}]`

export function formatHistoryBench(r: HistoryBench, examples = 3): string[] {
  const expected = r.targets.length
  const out = [
    `history replay (first-parent commits of ${r.rev} through the pipeline; two lineages agree on a BLOCK in two reply shapes):`,
    `  commits walked: ${r.commits} (${r.reviewedCommits} with reviewed added lines), bundles: ${r.bundles}`,
    `  convergent BLOCKs expected: ${expected}, found: ${expected - r.missed.length} (${pct(expected - r.missed.length, expected)})`,
    `  convergent BLOCKs at a place no two lineages agreed on: ${r.spurious.length}${r.spurious.length > 0 ? ` (${r.spurious.slice(0, examples).join(', ')})` : ''}`,
    `  gate: failed on ${r.reviewedCommits - r.gatePassed.length} of ${r.reviewedCommits} commits (all should fail)` +
      (r.gatePassed.length > 0 ? `; passed on ${r.gatePassed.map((sha) => sha.slice(0, 7)).join(', ')}` : ''),
  ]
  out.push('  missed convergent BLOCKs by path class:')
  for (const c of PATH_CLASSES) {
    const all = r.targets.filter((t) => t.pathClass === c)
    if (all.length === 0) continue
    const miss = r.missed.filter((t) => t.pathClass === c)
    out.push(
      `    ${c.padEnd(10)} ${miss.length}/${all.length}${miss.length > 0 ? `, e.g. ${miss.slice(0, examples).map(describeTarget).join(', ')}` : ''}`,
    )
  }
  out.push('  replies whose BLOCK was not read at the target, by shape:')
  for (const s of SHAPES) {
    const miss = r.replyMisses.filter((m) => m.shape === s)
    out.push(`    ${s.padEnd(15)} ${miss.length}/${r.replies[s]}`)
    const byClass = PATH_CLASSES.map((c) => [c, miss.filter((m) => m.target.pathClass === c).length] as const).filter(([, n]) => n > 0)
    if (byClass.length > 0) out.push(`      by path class: ${byClass.map(([c, n]) => `${c} ${n}`).join(', ')}`)
    for (const m of pickExamples(miss, examples)) out.push(`      ${m.target.path}:${m.target.line} read as: ${m.read.slice(0, 300)}`)
  }
  const a = r.approval
  out.push(
    `  with the third lineage approving each line ("path:line looks fine"): found ${expected - a.missed.length}/${expected}; ` +
      `${a.incomplete} approving review(s) not counted as complete${a.incompleteExample ? ` (e.g. "${a.incompleteExample.slice(0, 160)}")` : ''}; ` +
      `gate passed on ${a.gatePassed.length} commit(s); conclusion changed on ${a.conclusionChanged.length} of ${r.reviewedCommits}`,
  )
  for (const [kind, { count, example }] of Object.entries(a.addedReasons))
    out.push(`    reasons added, "${kind} …": ${count}, e.g. "${example.slice(0, 240)}"`)
  return out
}

/** Examples from as many path classes as possible. */
function pickExamples(misses: readonly ReplyMiss[], n: number): ReplyMiss[] {
  const first = PATH_CLASSES.flatMap((c) => misses.filter((m) => m.target.pathClass === c).slice(0, 1))
  return [...first, ...misses.filter((m) => !first.includes(m))].slice(0, n)
}

/** `npm run bench -- history [--limit N] [--rev REV]`: this repository's history. */
export async function benchHistoryCli(argv: readonly string[]): Promise<void> {
  const value = (flag: string): string | undefined => (argv.includes(flag) ? (argv[argv.indexOf(flag) + 1] ?? '') : undefined)
  const limit = value('--limit') === undefined ? undefined : Number(value('--limit'))
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error('--limit takes a positive whole number')
  const rev = value('--rev')
  if (rev !== undefined && !/^[\w./^~-]+$/.test(rev)) throw new Error('--rev takes a commit, branch or tag')
  const result = await benchHistory({
    cwd: process.cwd(),
    ...(limit === undefined ? {} : { limit }),
    ...(rev === undefined ? {} : { rev }),
  })
  for (const line of formatHistoryBench(result)) console.log(line)
}
