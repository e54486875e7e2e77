// npm run mutate:shell [-- ID...] [--no-baseline] [--list]: applies each
// hand-written mutation of scripts/mutations.ts to src/, one at a time, runs
// its test files, and fails if any mutation survives (its tests pass) or no
// longer applies. The file is restored after each mutation whatever happens:
// a failure, an exception, Ctrl-C or SIGTERM. First, unless --no-baseline,
// the same test files run unmutated: a mutation only counts as caught when
// they pass without it.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MUTATIONS, type Mutation } from './mutations.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
const args = process.argv.slice(2)
const ids = args.filter((a) => !a.startsWith('--'))

if (args.includes('--list')) {
  for (const m of MUTATIONS) console.log(`${m.id.padEnd(40)} ${m.file}\n${' '.repeat(41)}${m.bug}`)
  process.exit(0)
}
const unknown = ids.filter((id) => !MUTATIONS.some((m) => m.id === id))
if (unknown.length > 0) {
  console.error(`No such mutation: ${unknown.join(', ')} (npm run mutate:shell -- --list)`)
  process.exit(2)
}
const chosen = ids.length === 0 ? MUTATIONS : MUTATIONS.filter((m) => ids.includes(m.id))

// What to put back: the file a mutation changed and its text, until it is restored.
let applied: { file: string; text: string } | undefined
let child: ChildProcess | undefined
const restore = (): void => {
  if (applied) writeFileSync(applied.file, applied.text)
  applied = undefined
}
process.on('exit', restore)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    child?.kill('SIGTERM')
    restore()
    console.error(`\n${signal}: stopped; src/ is as it was.`)
    process.exit(130)
  })
}

/** Runs vitest on the files; true when every test passed. */
function testsPass(files: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    // The dot reporter alone: the config's JSON reporter would overwrite .tmp/vitest.json, which CI reads.
    child = spawn(process.execPath, [vitest, 'run', '--reporter=dot', ...files], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] })
    child.on('close', (code) => {
      child = undefined
      resolve(code === 0)
    })
  })
}

function apply(m: Mutation): string | undefined {
  const path = `${root}/${m.file}`
  const text = readFileSync(path, 'utf8')
  const count = text.split(m.find).length - 1
  if (count !== 1) return `its text occurs ${count} times in ${m.file} (must be once): update scripts/mutations.ts`
  applied = { file: path, text }
  writeFileSync(
    path,
    text.replace(m.find, () => m.replace),
  )
  return undefined
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(0)} s`

if (!args.includes('--no-baseline')) {
  const files = [...new Set(chosen.flatMap((m) => m.tests))]
  const started = performance.now()
  if (!(await testsPass(files))) {
    console.error(`The tests fail without any mutation (npx vitest run ${files.join(' ')}): fix them first.`)
    process.exit(1)
  }
  console.log(`baseline: ${files.length} test file(s) pass unmutated (${seconds(started)})`)
}

const survived: string[] = []
const stale: string[] = []
for (const m of chosen) {
  const started = performance.now()
  const problem = apply(m)
  if (problem !== undefined) {
    stale.push(m.id)
    console.log(`! stale     ${m.id}: ${problem}`)
    continue
  }
  try {
    const pass = await testsPass(m.tests)
    if (pass) survived.push(m.id)
    console.log(`${pass ? '✗ SURVIVED' : '✓ caught  '} ${m.id} (${seconds(started)}): ${m.bug}`)
  } finally {
    restore()
  }
}

const caught = chosen.length - survived.length - stale.length
console.log(
  `\n${caught} of ${chosen.length} mutation(s) caught${survived.length ? `; survived: ${survived.join(', ')}` : ''}${stale.length ? `; stale: ${stale.join(', ')}` : ''}`,
)
process.exit(survived.length + stale.length === 0 ? 0 : 1)
