// The labelled-findings format `npm run eval` reads (docs/evaluation.md): JSON
// Lines, one finding per line. Every bad line is reported by its number;
// none is skipped, so a table is never computed from part of a file.
import { gunzipSync } from 'node:zlib'
import { Ajv, type ErrorObject } from 'ajv'
import type { Severity } from '../../src/core/reply/types.ts'

export interface LabelledFinding {
  /** The pull request (any stable id): findings group only within one. */
  readonly pr: string
  readonly reviewer: string
  /** Model family: agreement is counted in distinct lineages. */
  readonly lineage: string
  readonly path: string
  /** New-side lines, 1-based, start ≤ end. */
  readonly start: number
  readonly end: number
  readonly severity: Severity | null
  readonly text: string
  /** true: a correct finding; false: a wrong one; null: not labelled (grouped, never counted in a precision). */
  readonly label: boolean | null
  /** Its line in the file, for messages. */
  readonly line: number
}

export const FINDING_SCHEMA = {
  type: 'object',
  required: ['pr', 'reviewer', 'lineage', 'path', 'start', 'end', 'severity', 'text', 'label'],
  properties: {
    pr: { type: 'string', minLength: 1 },
    reviewer: { type: 'string', minLength: 1 },
    lineage: { type: 'string', minLength: 1 },
    path: { type: 'string', minLength: 1 },
    start: { type: 'integer', minimum: 1 },
    end: { type: 'integer', minimum: 1 },
    severity: { enum: ['BLOCK', 'WARN', 'INFO', null] },
    text: { type: 'string' },
    label: { type: ['boolean', 'null'] },
  },
} as const

const validate = new Ajv({ allErrors: true, strict: true }).compile(FINDING_SCHEMA)

export interface ParsedFile {
  readonly findings: readonly LabelledFinding[]
  /** "line N: what is wrong", one per problem, in file order. */
  readonly problems: readonly string[]
}

/** A file's bytes → its findings; gzip (by its magic bytes) is read transparently. */
export function parseFindingsFile(bytes: Uint8Array): ParsedFile {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b
  return parseFindings(Buffer.from(gzip ? gunzipSync(bytes) : bytes).toString('utf8'))
}

/** Blank lines carry no finding and are passed over; every other line must be one. */
export function parseFindings(text: string): ParsedFile {
  const findings: LabelledFinding[] = []
  const problems: string[] = []
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      problems.push(`line ${line}: not JSON (${error instanceof Error ? error.message : String(error)})`)
      return
    }
    if (!validate(value)) {
      problems.push(...[...new Set((validate.errors ?? []).map(wording))].map((w) => `line ${line}: ${w}`))
      return
    }
    const f = value as Omit<LabelledFinding, 'line'>
    if (f.start > f.end) {
      problems.push(`line ${line}: "start" (${f.start}) is after "end" (${f.end})`)
      return
    }
    const { pr, reviewer, lineage, path, start, end, severity, text: body, label } = f
    findings.push({ pr, reviewer, lineage, path, start, end, severity, text: body, label, line })
  })
  return { findings, problems }
}

function wording(e: ErrorObject): string {
  const field = e.instancePath === '' ? 'the line' : `"${e.instancePath.slice(1)}"`
  if (e.keyword === 'required') return `"${String(e.params.missingProperty)}" is missing`
  if (e.keyword === 'type' && e.instancePath === '') return 'the line must be a JSON object'
  if (e.keyword === 'enum') return `${field} must be one of BLOCK, WARN, INFO or null`
  return `${field} ${e.message ?? 'is not valid'}`
}
