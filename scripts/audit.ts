// The dependency gate: `npm audit --omit=dev` (the production dependencies,
// which hold everything dist/ bundles) fails on a high or critical advisory.
//
//   node scripts/audit.ts [--if-unreachable fail|warn] [--report FILE] [npm audit options…]
//
// Exit 0: no high or critical advisory. 1: at least one. 2: the audit could
// not run (the registry refused or was unreachable), so nothing was checked.
// `--if-unreachable warn` turns 2 into 0 with a loud line (.ci/run, where the
// registry mirror refuses the advisory endpoint); the CI and release workflows
// never pass it. `--report FILE` reads a saved `npm audit --json` output
// instead of running npm; other options go to npm audit (e.g. --registry).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { auditExitCode, auditMessage, classifyAudit } from './audit-report.ts'

/** Our two options (either form, `--x v` or `--x=v`); every other argument goes to npm audit as given. */
function readArgs(argv: readonly string[]): { unreachable: string; report: string | undefined; passed: string[] } {
  const ours = new Map<string, string>()
  const passed: string[] = []
  const rest = [...argv]
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    const m = /^--(if-unreachable|report)(?:=(.*))?$/.exec(arg)
    if (m?.[1] === undefined) passed.push(arg)
    else ours.set(m[1], m[2] ?? rest.shift() ?? '')
  }
  return { unreachable: ours.get('if-unreachable') ?? 'fail', report: ours.get('report'), passed }
}

const { unreachable, report, passed } = readArgs(process.argv.slice(2))
if (unreachable !== 'fail' && unreachable !== 'warn') {
  console.error(`--if-unreachable takes fail or warn, got ${unreachable}`)
  process.exit(2)
}

const { stdout, stderr } =
  report !== undefined
    ? { stdout: readFileSync(report, 'utf8'), stderr: '' }
    : spawnSync('npm', ['audit', '--omit=dev', '--json', ...passed], { encoding: 'utf8' })

const outcome = classifyAudit(stdout, stderr)
const code = auditExitCode(outcome)
if (code === 2 && unreachable === 'warn') {
  console.log(`WARNING: ${auditMessage(outcome)} (--if-unreachable warn: not failing; the CI and release workflows fail here)`)
  process.exit(0)
}
;(code === 0 ? console.log : console.error)(auditMessage(outcome))
process.exit(code)
