import { describe, expect, it } from 'vitest'
import { assignComponents, componentOf, testedStem } from '../../src/core/plan/components.ts'

describe('testedStem', () => {
  it.each([
    ['src/diff.test.ts', 'diff'],
    ['pkg/parse_test.go', 'parse'],
    ['tests/test_loader.py', 'loader'],
    ['spec/models/user_spec.rb', 'user'],
    ['__tests__/core/bundle.ts', 'bundle'],
    ['src/diff.ts', undefined],
    ['src/latest.ts', undefined],
  ])('%s → %s', (path, stem) => expect(testedStem(path)).toBe(stem))
})

describe('assignComponents', () => {
  it('uses the monorepo layout, else the top-level directory', () => {
    const map = assignComponents([
      'services/api/main.go',
      'services/api/test/main_test.go',
      'crates/core/src/lib.rs',
      'docs/a.md',
      'Makefile',
    ])
    expect(Object.fromEntries(map)).toEqual({
      'services/api/main.go': 'services/api',
      'services/api/test/main_test.go': 'services/api',
      'crates/core/src/lib.rs': 'crates/core',
      'docs/a.md': 'docs',
      Makefile: '(root)',
    })
  })

  it("keeps a flat repo's tests with the code they test when the diff shows that code", () => {
    const map = assignComponents([
      'src/core/diff.ts',
      '__tests__/core/diff.test.ts',
      'tests/test_other.py',
      'lib/other.py',
      '__tests__/orphan.test.ts',
    ])
    expect(map.get('__tests__/core/diff.test.ts')).toBe('src')
    expect(map.get('tests/test_other.py')).toBe('lib')
    expect(map.get('__tests__/orphan.test.ts')).toBe('__tests__')
  })

  it('leaves a test alone when its stem matches two code files', () => {
    const map = assignComponents(['a/util.ts', 'b/util.ts', 'tests/util.test.ts'])
    expect(map.get('tests/util.test.ts')).toBe('tests')
  })

  it('applies explicit rules first, in order', () => {
    const map = assignComponents(
      ['services/api/h.go', 'proto/api.proto', 'services/web/x.ts', 'services/api/h_test.go'],
      [
        { name: 'api', globs: ['services/api/**', 'proto/**'] },
        { name: 'all-services', globs: ['services/**'] },
      ],
    )
    expect(Object.fromEntries(map)).toEqual({
      'services/api/h.go': 'api',
      'proto/api.proto': 'api',
      'services/web/x.ts': 'all-services',
      'services/api/h_test.go': 'api',
    })
  })

  it('componentOf on a bare monorepo root file', () => {
    expect(componentOf('services/README.md')).toBe('services')
  })
})
