import { describe, expect, it } from 'vitest'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { BRIEF_MAX_CHARS } from '../../src/core/plan/brief.ts'
import { estimateInputTokens } from '../../src/core/plan/budget.ts'
import { DEFAULT_EXCLUDE } from '../../src/core/plan/select.ts'
import type { Instruction } from '../../src/core/plan/types.ts'
import { buildMessages } from '../../src/core/reply/prompt.ts'
import { halveBundle } from '../../src/core/reply/thin.ts'
import { demoDiff } from '../helpers/fixtures.ts'
import { planFiles } from '../helpers/plan.ts'

const files = parseUnifiedDiff(demoDiff())
const plan = (instructions: Instruction[], language?: string): ReturnType<typeof planFiles> =>
  planFiles(files, { exclude: DEFAULT_EXCLUDE, instructions, ...(language ? { language } : {}) })
const wrap: Instruction = { number: 1, paths: ['services/**'], text: 'Services must wrap every returned error.' }
const config: Instruction = {
  number: 2,
  paths: ['packages/config/**', 'docs/**'],
  text: 'Config loaders never throw;\nthey return a Result.',
}
const nowhere: Instruction = { number: 3, paths: ['apps/**'], text: 'Apps log through the shared logger.' }
const system = (b: ReturnType<typeof planFiles>['bundles'][number]): string => buildMessages(b, 'n0nce0123456789')[0]!.content
const user = (b: ReturnType<typeof planFiles>['bundles'][number]): string => buildMessages(b, 'n0nce0123456789')[1]!.content

describe("the repository's instructions", () => {
  it("go into the system message of exactly the bundles whose files match, never the user's message", () => {
    const { bundles } = plan([wrap, config, nowhere])
    const byComponent = new Map(bundles.map((b) => [b.component, b]))
    const gateway = byComponent.get('services/gateway')!
    const loader = byComponent.get('packages/config')!

    expect(gateway.instructions).toEqual([wrap])
    expect(loader.instructions).toEqual([config])
    expect(system(gateway)).toContain('- Services must wrap every returned error.')
    expect(system(gateway)).not.toContain('Config loaders')
    expect(system(loader)).toContain('- Config loaders never throw;\n  they return a Result.')
    expect(system(loader)).not.toContain('Services must')
    for (const b of bundles) expect(user(b)).not.toMatch(/Services must|Config loaders|Apps log/)
    expect(bundles.some((b) => system(b).includes('Apps log'))).toBe(false)
  })

  it('leave bundles no glob matches as they were', () => {
    const { bundles } = plan([nowhere])
    expect(bundles.every((b) => b.instructions === undefined && b.brief === undefined)).toBe(true)
    expect(bundles).toEqual(plan([]).bundles)
  })

  it('are bounded per bundle: past the cap, an instruction is left out of that bundle and the report says so', () => {
    const long = (n: number): Instruction => ({ number: n, paths: ['services/**'], text: 'x'.repeat(BRIEF_MAX_CHARS / 2) })
    const { bundles, warnings } = plan([long(1), long(2), long(3)])
    const gateway = bundles.find((b) => b.component === 'services/gateway')!
    expect(gateway.instructions?.map((i) => i.number)).toEqual([1, 2])
    expect(warnings).toContain(
      `instruction 3 was left out of bundle ${gateway.id}: one bundle's instructions are capped at ${BRIEF_MAX_CHARS} characters`,
    )
  })

  it('count toward the token estimate of the bundles that carry them', () => {
    const before = plan([]).bundles.find((b) => b.component === 'services/gateway')!
    const after = plan([wrap]).bundles.find((b) => b.component === 'services/gateway')!
    expect(estimateInputTokens(after, 1000)).toBeGreaterThan(estimateInputTokens(before, 1000))
  })

  it('stay with both halves of a bundle asked again after a thin reply', () => {
    const gateway = plan([wrap]).bundles.find((b) => b.component === 'services/gateway')!
    const halves = halveBundle(gateway)
    expect(halves.length).toBeGreaterThanOrEqual(2)
    expect(halves.every((h) => h.brief === gateway.brief && h.instructions === gateway.instructions)).toBe(true)
  })
})

describe('the language of the findings', () => {
  it('is asked for in every system message, with the format kept in English', () => {
    const { bundles } = plan([], 'German')
    for (const b of bundles) {
      expect(system(b)).toMatch(/Write WHAT, WHY and the words after the VERDICT choice in German\. Keep the keys .* in English/)
      expect(b.instructions).toEqual([])
    }
  })
})

// Issue 30: what Stryker showed no test held.
describe('which bundles an instruction reaches', () => {
  it('reaches a bundle when any one of its files matches, not only when all do', () => {
    // The gateway bundle holds ratelimit.ts, server.ts and its test; the instruction names one of them.
    const one: Instruction = { number: 4, paths: ['services/gateway/src/server.ts'], text: 'Never return a stack to a client.' }
    const gateway = plan([one]).bundles.find((b) => b.component === 'services/gateway')!
    expect(gateway.paths.length).toBeGreaterThan(1)
    expect(gateway.instructions).toEqual([one])
  })

  it('is written as a list under one heading, each line of its text indented under its bullet, trimmed', () => {
    const text = plan([{ ...config, text: '  Config loaders never throw;\nthey return a Result.  \n' }]).bundles.find(
      (b) => b.component === 'packages/config',
    )!.brief
    expect(text).toBe(
      "Instructions from this repository's maintainers (its review policy, not the pull request) for the files of this bundle. Apply them as well, and report what breaks them in the format above:\n" +
        '- Config loaders never throw;\n  they return a Result.',
    )
  })

  it('puts the language after the instructions, a blank line between', () => {
    const brief = plan([wrap], 'German').bundles.find((b) => b.component === 'services/gateway')!.brief ?? ''
    expect(brief).toMatch(
      /^Instructions from[\s\S]*\n- Services must wrap every returned error\.\n\nWrite WHAT, WHY and the words after the VERDICT choice in German\./,
    )
  })
})
