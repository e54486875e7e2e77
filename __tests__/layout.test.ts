// The folder layout is the pipeline: these rules keep it true as the code grows.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../src', import.meta.url))
const STAGES = ['text', 'diff', 'plan', 'reply', 'verdict', 'render']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Each file's relative imports, as paths under src/ (e.g. "core/plan/bundle.ts"). */
const imports = sourceFiles(src).map((file) => ({
  file: relative(src, file),
  targets: [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) =>
    relative(src, resolve(dirname(file), m[1] ?? '')),
  ),
}))

const top = (path: string): string => path.split('/')[0] ?? ''
const stageOf = (path: string): number => STAGES.indexOf(path.split('/')[1] ?? '')

describe('layout', () => {
  it('keeps the core pure: it imports nothing outside src/core', () => {
    const outside = imports
      .filter((i) => top(i.file) === 'core')
      .flatMap((i) => i.targets.filter((t) => top(t) !== 'core').map((t) => `${i.file} → ${t}`))
    expect(outside).toEqual([])
  })

  it('orders the core by stage: each stage imports only itself and earlier stages', () => {
    const backwards = imports
      .filter((i) => top(i.file) === 'core')
      .flatMap((i) => i.targets.filter((t) => stageOf(t) > stageOf(i.file)).map((t) => `${i.file} → ${t}`))
    expect(backwards).toEqual([])
    expect(imports.filter((i) => top(i.file) === 'core' && stageOf(i.file) < 0).map((i) => i.file)).toEqual([])
  })

  it('lets config read the core only, and the shell never reach up to main, the pipeline or the CLI', () => {
    const wrong = imports.flatMap((i) =>
      i.targets
        .filter(
          (t) =>
            (top(i.file) === 'config' && !['config', 'core'].includes(top(t))) ||
            (top(i.file) === 'shell' && ['cli', 'main.ts', 'pipeline.ts'].includes(top(t))),
        )
        .map((t) => `${i.file} → ${t}`),
    )
    expect(wrong).toEqual([])
  })

  it('has no import cycle, type-only imports included: data flows one way', () => {
    const edges = new Map(imports.map((i) => [i.file, i.targets]))
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, path: readonly string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '))
        return
      }
      state.set(file, 'open')
      for (const t of edges.get(file) ?? []) visit(t, [...path, file])
      state.set(file, 'done')
    }
    for (const file of edges.keys()) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('keeps every source file under 220 lines', () => {
    const long = sourceFiles(src).filter((f) => readFileSync(f, 'utf8').split('\n').length > 220)
    expect(long.map((f) => relative(src, f))).toEqual([])
  })
})
