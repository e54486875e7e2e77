// Writes action.yml, the inputs/outputs tables of docs/reference.md and the policy file's
// JSON Schema from the input spec. `--check` fails when any is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { POLICY_SCHEMA_PATH } from '../src/config/policy-schema.ts'
import { REFERENCE_PATH, renderActionYml, renderApiTables, renderPolicySchema, replaceApiSection } from './api-docs.ts'

const files = {
  'action.yml': renderActionYml(),
  [REFERENCE_PATH]: replaceApiSection(readFileSync(REFERENCE_PATH, 'utf8'), renderApiTables()),
  [POLICY_SCHEMA_PATH]: renderPolicySchema(),
}
const current = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
const stale = Object.entries(files).filter(([path, text]) => current(path) !== text)
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`${stale.map(([p]) => p).join(' and ')} differ from src/config/spec.ts: run \`npm run generate\` and commit them.`)
    process.exit(1)
  }
  console.log('action.yml, the docs/reference.md tables and the policy schema match src/config/spec.ts')
} else {
  for (const [path, text] of stale) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  console.log(stale.length === 0 ? 'nothing to regenerate' : `wrote ${stale.map(([p]) => p).join(', ')}`)
}
