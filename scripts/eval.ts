// npm run eval [-- --data FILE] [--json] [--window N] [--fail-on POLICY] [--same-bug]
// Does agreement mean correct? Groups labelled findings with the action's own
// grouping and gate and prints precision by agreement (docs/evaluation.md).
// Exit 0 with the table; 2 for a bad argument or a bad line (every one named).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { INPUTS } from '../src/config/spec.ts'
import { DEFAULT_LINE_WINDOW } from '../src/core/verdict/tally.ts'
import { parseFindingsFile } from './eval/format.ts'
import { evaluate } from './eval/report.ts'
import { sameBugStudy } from './eval/same-bug.ts'
import { renderSameBug } from './eval/same-bug-table.ts'
import { renderEvaluation } from './eval/table.ts'

const SHIPPED = fileURLToPath(new URL('../data/aacr-bench/findings.jsonl.gz', import.meta.url))
const MAX_PROBLEMS_SHOWN = 20

const usage = `usage: npm run eval -- [--data FILE] [--json] [--window N] [--fail-on POLICY] [--same-bug]
  --data FILE      labelled findings, JSON Lines (gzip read too); default: the shipped AACR-Bench conversion
  --json           print the evaluation as JSON
  --window N       line-window, 0-50 (default ${DEFAULT_LINE_WINDOW}, the action's); 0, 3 and 5 are always shown too
  --fail-on P      the gate's policy: ${INPUTS['fail-on'].values?.join(', ') ?? ''} (default convergent-block)
  --same-bug       also measure content agreement (same bug, or only the same spot?) on both hold-out halves`

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

function main(): void {
  let args
  try {
    args = parseArgs({
      options: {
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
        window: { type: 'string', default: '' },
        'fail-on': { type: 'string', default: '' },
        'same-bug': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
  }
  if (args.help) {
    console.log(usage)
    return
  }
  const problems: string[] = []
  const window = INPUTS['line-window'].parse(args.window, problems, '--window')
  const failOn = INPUTS['fail-on'].parse(args['fail-on'], problems, '--fail-on')
  if (problems.length > 0) fail(`${problems.join('\n')}\n${usage}`)

  const path = args.data ?? SHIPPED
  const source = args.data === undefined ? 'AACR-Bench (data/aacr-bench/findings.jsonl.gz)' : args.data
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    fail(`--data ${path}: cannot read it (${error instanceof Error ? error.message : String(error)})`)
  }
  let parsed
  try {
    parsed = parseFindingsFile(bytes)
  } catch (error) {
    fail(`${path}: cannot read it as text or gzip (${error instanceof Error ? error.message : String(error)})`)
  }
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, MAX_PROBLEMS_SHOWN)
    const more = parsed.problems.length - shown.length
    fail(
      `${path}: ${parsed.problems.length} bad line(s); nothing was evaluated. Fix or remove them (the format: docs/evaluation.md).\n` +
        shown.map((p) => `  ${p}`).join('\n') +
        (more > 0 ? `\n  … and ${more} more` : ''),
    )
  }
  if (parsed.findings.length === 0) fail(`${path}: no finding in it; the format is one JSON object a line (docs/evaluation.md).`)

  const evaluation = evaluate(parsed.findings, { source, window, failOn })
  const study = args['same-bug'] ? sameBugStudy(parsed.findings, { window, failOn }) : undefined
  if (args.json) console.log(JSON.stringify(study ? { ...evaluation, sameBug: study } : evaluation, null, 2))
  else console.log(renderEvaluation(evaluation) + (study ? `\n\n${renderSameBug(study)}` : ''))
}

main()
