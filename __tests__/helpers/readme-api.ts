import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim()

export function renderApiTables(actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  const inputs = Object.entries(action.inputs).map(
    ([name, i]) => `| \`${name}\` | ${cell(i.description)} | ${i.default ? `\`${cell(i.default)}\`` : '_empty_'} |`,
  )
  const outputs = Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
  return [
    '### Inputs',
    '',
    '| Input | Description | Default |',
    '|---|---|---|',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '|---|---|',
    ...outputs,
  ].join('\n')
}

export const API_START = '<!-- api-start: generated from action.yml by `npm run readme` -->'
export const API_END = '<!-- api-end -->'

export function replaceApiSection(readme: string, tables: string): string {
  const start = readme.indexOf(API_START)
  const end = readme.indexOf(API_END)
  if (start < 0 || end < start) throw new Error('README.md lacks the api-start/api-end markers')
  return `${readme.slice(0, start + API_START.length)}\n${tables}\n${readme.slice(end)}`
}
