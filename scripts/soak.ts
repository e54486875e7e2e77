// npm run soak: many runs of the committed action on one loopback pull
// request, with random model and GitHub faults, duplicate sticky comments
// and cancellations at random moments, checking the invariants of issue 18
// after every run. Seeded and reproducible:
//   SOAK_SEED=n   the seed (default: random, printed)
//   SOAK_RUNS=n   how many runs (default 50)
//   SOAK_ONLY=i   replay run i alone (its faults come from the seed and i only)
//   SOAK_ACTION=path  soak another build of the action (default: dist/index.js, rebuilt by npm run soak)
// Exits 1 when any invariant broke, after printing each failing run's plan.
import { randomInt } from 'node:crypto'
import { describePlan, GITHUB_FAULTS, MODELS, planRun } from './soak/plan.ts'
import { killRunning, soakRun, type RunOutcome } from './soak/run.ts'
import { convergentBlockReviewed, violations } from './soak/invariants.ts'
import { startWorld } from './soak/world.ts'

const seed = Number(process.env.SOAK_SEED ?? randomInt(1, 2 ** 31))
const only = process.env.SOAK_ONLY === undefined ? undefined : Number(process.env.SOAK_ONLY)
const runs = only === undefined ? Number(process.env.SOAK_RUNS ?? 50) : 1
console.log(`soak: seed ${seed}, ${only === undefined ? `${runs} runs` : `run ${only} alone`} (replay: SOAK_SEED=${seed} npm run soak)`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killRunning()
    process.exit(130)
  })
}
const world = await startWorld()
const outcomes: { run: RunOutcome; broken: string[] }[] = []
const started = performance.now()
try {
  for (let i = 0; i < runs; i++) {
    const plan = planRun(seed, only ?? i)
    const run = await soakRun(world, seed, plan, process.env.SOAK_ACTION)
    const broken = violations(world, run)
    outcomes.push({ run, broken })
    console.log(
      `${broken.length === 0 ? '✓' : '✗'} run ${plan.index}: ${describePlan(plan)} → ${ending(run)} (${(run.ms / 1000).toFixed(1)} s)`,
    )
    for (const b of broken) console.log(`    VIOLATION ${b}`)
  }
} finally {
  await world.close()
}
report(outcomes, (performance.now() - started) / 1000)

function ending(run: RunOutcome): string {
  const exit = run.ended.code === null ? `killed by ${run.ended.signal ?? '?'}` : `exit ${run.ended.code}`
  const checks = run.checks.map((c) => `${c.conclusion ?? c.status}${c.output.title === 'Review cancelled' ? ' (cancelled)' : ''}`)
  const landed = run.cancelled ? `, signal landed after ${run.cancelled.after}` : run.plan.cancel ? ', moment never came' : ''
  return `${exit}, check ${checks.join('+') || 'none'}, ${run.stickyAfter} sticky${landed}`
}

function report(all: readonly { run: RunOutcome; broken: string[] }[], seconds: number): void {
  const count = (m: Map<string, number>, key: string, n = 1): void => {
    m.set(key, (m.get(key) ?? 0) + n)
  }
  const modelFaults = new Map<string, number>()
  const githubFaults = new Map<string, number>()
  const moments = new Map<string, number>()
  const exits = new Map<string, number>()
  let duplicates = 0
  let blockRuns = 0
  for (const { run } of all) {
    for (const m of MODELS) for (const kind of run.log.served[m]) if (kind !== 'clean') count(modelFaults, kind)
    for (const [kind, n] of run.log.triggered) count(githubFaults, kind, n)
    if (run.plan.duplicateComment) duplicates++
    if (run.cancelled) count(moments, `${run.plan.cancel?.signal ?? '?'} at ${run.cancelled.moment}`)
    else if (run.plan.cancel) count(moments, `(planned at ${run.plan.cancel.moment}, moment never came)`)
    count(exits, run.ended.code === null ? `killed by ${run.ended.signal ?? '?'}` : `exit ${run.ended.code}`)
    if (convergentBlockReviewed(run)) blockRuns++
  }
  const list = (m: Map<string, number>): string =>
    [...m.entries()]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  const failing = all.filter((o) => o.broken.length > 0)
  console.log(`\nsoak summary: seed ${seed}, ${all.length} runs in ${seconds.toFixed(0)} s`)
  console.log(`  model faults served: ${list(modelFaults)}`)
  console.log(`  GitHub faults fired: ${list(githubFaults)} (kinds armed: ${GITHUB_FAULTS.join(', ')})`)
  console.log(`  duplicate sticky comments left by a racing run: ${duplicates}`)
  console.log(`  cancellations: ${list(moments)}`)
  console.log(`  endings: ${list(exits)}; runs with a convergent BLOCK and every review complete: ${blockRuns}`)
  console.log(`  invariant violations: ${failing.reduce((n, o) => n + o.broken.length, 0)} in ${failing.length} run(s)`)
  for (const { run, broken } of failing) {
    console.log(`\n  run ${run.plan.index}: ${describePlan(run.plan)}`)
    console.log(`    served: ${MODELS.map((m) => `${m}: ${run.log.served[m].join(',') || '-'}`).join('; ')}`)
    for (const b of broken) console.log(`    ${b}`)
    console.log(`    replay: SOAK_SEED=${seed} SOAK_ONLY=${run.plan.index} npm run soak`)
    console.log(`    stderr: ${run.ended.stderr.trim().split('\n').slice(-5).join('\n            ') || '-'}`)
  }
  process.exitCode = failing.length > 0 ? 1 : 0
}
