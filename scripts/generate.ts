// Writes action.yml and the README's inputs/outputs tables from the input spec.
// `--check` fails when either is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { renderActionYml, renderApiTables, replaceApiSection } from './api-docs.ts'

const files = {
  'action.yml': renderActionYml(),
  'README.md': replaceApiSection(readFileSync('README.md', 'utf8'), renderApiTables()),
}
const stale = Object.entries(files).filter(([path, text]) => readFileSync(path, 'utf8') !== text)
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`${stale.map(([p]) => p).join(' and ')} differ from src/config/spec.ts: run \`npm run generate\` and commit them.`)
    process.exit(1)
  }
  console.log('action.yml and README tables match src/config/spec.ts')
} else {
  for (const [path, text] of stale) writeFileSync(path, text)
  console.log(stale.length === 0 ? 'nothing to regenerate' : `wrote ${stale.map(([p]) => p).join(', ')}`)
}
