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

// Issue 30: the cases Stryker showed no test held.
describe('componentOf: every monorepo root, and test directories', () => {
  it.each(['packages', 'services', 'crates', 'cmd', 'apps', 'libs', 'modules', 'plugins', 'internal', 'pkg'])(
    '%s/<name>/… is its own component',
    (root) => {
      expect(componentOf(`${root}/billing/src/a.ts`)).toBe(`${root}/billing`)
    },
  )

  it('is the top-level directory under any other root', () => {
    expect(componentOf('vendor/billing/src/a.ts')).toBe('vendor')
  })

  it.each(['test', 'tests', '__tests__', 'spec', 'specs', 'testing'])('a file under %s/ is a test of the code with its name', (dir) => {
    expect(testedStem(`${dir}/Loader.ts`)).toBe('loader')
    expect(testedStem(`src/${dir}x/loader.ts`)).toBeUndefined()
  })

  it('reads test and spec marks only at the end of the name, and test_ only at its start', () => {
    expect(testedStem('src/testing_tools.ts')).toBeUndefined()
    expect(testedStem('src/test_tools_x.py')).toBe('tools_x')
    expect(testedStem('src/latest_spec.rb')).toBe('latest')
    expect(testedStem('src/spec_helper.rb')).toBeUndefined()
    expect(testedStem('src/Loader-Tests.cs')).toBe('loader')
    expect(testedStem('src/mytest_x.py')).toBeUndefined()
    expect(testedStem('src/loader_test_data.ts')).toBeUndefined()
    // A file named like a test directory is not in one.
    expect(testedStem('src/tests')).toBeUndefined()
  })

  it("pairs a test with code by the code file's name without its extension, case aside", () => {
    const map = assignComponents(['lib/Loader.py', 'tests/test_loader.py', 'docs/loader.md.txt'])
    expect(map.get('tests/test_loader.py')).toBe('lib')
  })

  it('leaves a test that an explicit rule places where the rule says, even beside its code', () => {
    const map = assignComponents(['lib/loader.py', 'tests/test_loader.py'], [{ name: 'suite', globs: ['tests/**'] }])
    expect(map.get('tests/test_loader.py')).toBe('suite')
  })

  it('matches rule globs against dotted paths too', () => {
    const map = assignComponents(['.github/workflows/ci.yml'], [{ name: 'ci', globs: ['.github/**'] }])
    expect(map.get('.github/workflows/ci.yml')).toBe('ci')
  })
})
