// Writes the README's inputs/outputs tables from action.yml (between the
// api-start/api-end markers). `--check` fails when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { renderApiTables, replaceApiSection } from '../__tests__/helpers/readme-api.ts'

const readme = readFileSync('README.md', 'utf8')
const next = replaceApiSection(readme, renderApiTables(readFileSync('action.yml', 'utf8')))
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README inputs/outputs tables are stale: run `npm run readme` and commit README.md.')
    process.exit(1)
  }
  console.log('README tables match action.yml')
} else {
  writeFileSync('README.md', next)
}
