// action.yml and the inputs/outputs tables of docs/reference.md, made from the input spec
// (src/config/spec.ts). `npm run generate` writes them; a test holds them equal.
import { INPUTS, OUTPUTS, type InputName } from '../src/config/spec.ts'
import type { Input } from '../src/config/kinds.ts'
import { policySchema } from '../src/config/policy-schema.ts'

const HEADER = `name: Cross-lineage review
description: Three model lineages review the pull request; findings at least two of them agree on gate the merge.
author: cross-lineage-review
branding:
  icon: users
  color: purple
`

const names = Object.keys(INPUTS) as InputName[]
const spec = (name: InputName): Input<unknown> => INPUTS[name]

/** What action.yml says about an input: its description, accepted values and effective default. */
function actionDescription(input: Input<unknown>): string {
  const values = input.values ? ` One of: ${input.values.join(', ')}.` : ''
  const fallback = input.default === '' || input.actionDefault !== undefined ? '' : ` Default: ${input.default}.`
  return `${input.description}${values}${fallback}`
}

const yamlString = (s: string): string => JSON.stringify(s)

export function renderActionYml(): string {
  const inputs = names.map((name) => {
    const i = spec(name)
    const lines = [`  ${name}:`, `    description: ${yamlString(actionDescription(i))}`]
    // Only GitHub expressions live in action.yml: a default there would hide whether the workflow set the input.
    if (i.actionDefault !== undefined) lines.push(`    default: ${yamlString(i.actionDefault)}`)
    return lines.join('\n')
  })
  const outputs = Object.entries(OUTPUTS).map(([name, description]) => `  ${name}:\n    description: ${yamlString(description)}`)
  return `${HEADER}\ninputs:\n${inputs.join('\n')}\n\noutputs:\n${outputs.join('\n')}\n\nruns:\n  using: node24\n  main: dist/index.js\n`
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim()

export function renderApiTables(): string {
  const inputs = names.map((name) => {
    const i = spec(name)
    const values = i.values ? ` One of: ${i.values.map((v) => `\`${v}\``).join(', ')}.` : ''
    const fallback = i.actionDefault ?? i.default
    return `| \`${name}\` | ${cell(i.description + values)} | ${fallback === '' ? '_empty_' : `\`${cell(fallback)}\``} | ${i.file ? 'yes' : 'no'} |`
  })
  const outputs = Object.entries(OUTPUTS).map(([name, description]) => `| \`${name}\` | ${cell(description)} |`)
  return [
    '## Inputs',
    '',
    '| Input | Description | Default | In the [policy file](policy.md) |',
    '|---|---|---|---|',
    ...inputs,
    '',
    '## Outputs',
    '',
    '| Output | Description |',
    '|---|---|',
    ...outputs,
  ].join('\n')
}

/** The page whose api-start/api-end markers hold the generated tables. */
export const REFERENCE_PATH = 'docs/reference.md'
export const API_START = '<!-- api-start: generated from src/config/spec.ts by `npm run generate` -->'
export const API_END = '<!-- api-end -->'

export function replaceApiSection(page: string, tables: string): string {
  const start = page.search(/<!-- api-start[^>]*-->/)
  const end = page.indexOf(API_END)
  if (start < 0 || end < start) throw new Error(`${REFERENCE_PATH} lacks the api-start/api-end markers`)
  return `${page.slice(0, start)}${API_START}\n${tables}\n${page.slice(end)}`
}

/** The policy file's JSON Schema as published in schema/ (for editors; the action validates with the same object). */
export function renderPolicySchema(): string {
  return `${JSON.stringify(policySchema(), null, 2)}\n`
}
