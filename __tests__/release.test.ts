// The release (docs/releasing.md) as far as it can be held without GitHub:
// the workflow's order and permissions, pinned actions everywhere, Dependabot,
// and the scripts the workflow runs (version, notes) on scratch repositories.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, string | boolean | number>
  env?: Record<string, string>
}
interface Job {
  needs?: string[]
  if?: string
  uses?: string
  environment?: string
  permissions?: Record<string, string>
  steps?: Step[]
}

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (p: string): string => readFileSync(join(root, p), 'utf8')
const workflowFiles = readdirSync(join(root, '.github/workflows')).map((f) => `.github/workflows/${f}`)
const release = parse(read('.github/workflows/release.yml')) as {
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, Job>
}
const jobs = release.jobs
const runs = (job: string): string => (jobs[job]?.steps ?? []).map((s) => s.run ?? '').join('\n')

/** Every job that must succeed before this one starts. */
function before(job: string): Set<string> {
  const all = new Set<string>()
  for (const need of jobs[job]?.needs ?? []) for (const j of [need, ...before(need)]) all.add(j)
  return all
}

describe('the release workflow', () => {
  it('runs on a version tag or a manual run with a version', () => {
    expect(release.on).toEqual({
      push: { tags: ['v*.*.*'] },
      workflow_dispatch: { inputs: { version: expect.objectContaining({ required: true, type: 'string' }) } },
    })
  })

  it('moves the major tag only after the build from source, the tests, the self-test, the attestation and the published release', () => {
    expect(Object.keys(jobs)).toEqual(['verify', 'self-test', 'attest', 'release', 'major-tag'])
    expect(before('attest')).toEqual(new Set(['verify', 'self-test']))
    expect(before('release')).toEqual(new Set(['verify', 'self-test', 'attest']))
    expect(before('major-tag')).toEqual(new Set(['verify', 'self-test', 'attest', 'release']))
    expect(jobs['major-tag']?.if).toBe("needs.verify.outputs.prerelease == 'false'")
  })

  it('gives each job only the permissions its steps need: nothing by default, OIDC only to the attestation, writes only after it', () => {
    expect(release.permissions).toEqual({})
    expect(Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.permissions]))).toEqual({
      // The jobs that install and run dependencies (npm ci, the tests, the action): read only.
      verify: { contents: 'read' },
      'self-test': { contents: 'read' },
      attest: { contents: 'read', 'id-token': 'write', attestations: 'write' },
      release: { contents: 'write' },
      'major-tag': { contents: 'write' },
    })
    expect(jobs.release?.environment).toBe('release')
  })

  it('verifies with the script a dry run runs locally, on a checkout without credentials or a package cache, and never lets an unreachable audit pass', () => {
    expect(runs('verify')).toContain('scripts/release-version.sh')
    expect(runs('verify')).toContain('scripts/release-verify.sh "$VERSION"')
    expect(read('.github/workflows/release.yml')).not.toMatch(/if-unreachable/)
    const setupNode = jobs.verify?.steps?.find((s) => s.uses?.startsWith('actions/setup-node@'))
    expect(setupNode?.with).toMatchObject({ 'package-manager-cache': false })
    expect(setupNode?.with).not.toHaveProperty('cache')
    for (const script of read('.github/workflows/release.yml').match(/scripts\/[\w-]+\.sh/g) ?? []) {
      expect(existsSync(join(root, script)), script).toBe(true)
    }
  })

  it('attests dist/index.js and dist/cli.js, once their digests match the bundle the verify job rebuilt', () => {
    const steps = jobs.attest?.steps ?? []
    const check = steps.findIndex((s) => s.run?.includes('sha256sum --check --strict'))
    const attest = steps.findIndex((s) => s.uses?.startsWith('actions/attest-build-provenance@'))
    expect(check).toBeGreaterThan(0)
    expect(attest).toBeGreaterThan(check)
    expect(String(steps[attest]?.with?.['subject-path']).trim().split('\n')).toEqual(['dist/index.js', 'dist/cli.js'])
    expect(steps[check]?.env).toEqual({
      INDEX_SHA256: '${{ needs.verify.outputs.index-sha256 }}',
      CLI_SHA256: '${{ needs.verify.outputs.cli-sha256 }}',
    })
  })

  it('creates the release as a draft and then publishes it, on the verified commit', () => {
    expect(runs('release')).toMatch(/gh release create "v\$VERSION" --draft --target "\$GITHUB_SHA"/)
    expect(runs('release')).toContain('gh release edit "v$VERSION" --draft=false')
    expect(runs('major-tag')).toContain('sha="$GITHUB_SHA"')
  })
})

describe('actions in every workflow', () => {
  it('are this repository (./) or pinned to a full commit SHA with the version in a comment', () => {
    const uses = workflowFiles.flatMap((f) => [...read(f).matchAll(/^\s*(?:- )?uses: (.*)$/gm)].map((m) => `${f}: ${m[1]!}`))
    expect(uses.length).toBeGreaterThan(8)
    const unpinned = uses.filter((u) => !/: (\.\/\S*|[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+)$/.test(u))
    expect(unpinned).toEqual([])
  })

  it('check out without leaving the token in the checkout', () => {
    for (const f of workflowFiles) {
      const w = parse(read(f)) as { jobs: Record<string, Job> }
      for (const step of Object.values(w.jobs).flatMap((j) => j.steps ?? [])) {
        if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials'], f).toBe(false)
      }
    }
  })
})

describe('the README and docs/permissions.md', () => {
  it('shows the @v0 form beside the pin to a full commit SHA with its version comment, and pins every other action', () => {
    const readme = read('README.md')
    expect(readme).toMatch(
      /^ {6}- uses: cross-lineage-review\/cross-lineage-review@v0\n {8}# .*\n {8}# - uses: cross-lineage-review\/cross-lineage-review@<full 40-character commit SHA> # v\d+\.\d+\.\d+\n/m,
    )
    // The fork setup's workflows, with the artifact actions, moved to docs/permissions.md (issue 29).
    const others = [...`${readme}\n${read('docs/permissions.md')}`.matchAll(/uses: (actions\/\S+.*)$/gm)].map((m) => m[1]!)
    expect(others.length).toBeGreaterThan(1)
    expect(others.filter((u) => !/^actions\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(u))).toEqual([])
  })
})

describe('Dependabot', () => {
  it('updates the npm packages and the workflow actions, weekly and grouped, and leaves Node on the action runtime', () => {
    const config = parse(read('.github/dependabot.yml')) as {
      updates: { 'package-ecosystem': string; schedule: { interval: string }; groups: object; ignore?: { 'dependency-name': string }[] }[]
    }
    expect(config.updates.map((u) => [u['package-ecosystem'], u.schedule.interval])).toEqual([
      ['npm', 'weekly'],
      ['github-actions', 'weekly'],
    ])
    for (const u of config.updates) expect(Object.keys(u.groups).length).toBeGreaterThan(0)
    expect(config.updates[0]?.ignore?.map((i) => i['dependency-name'])).toEqual(['node', '@types/node'])
  })
})

/** A scratch repository whose main has one commit, a branch off it, and the tag v0.1.0. */
function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clr-release-'))
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('-c', 'user.email=r@example.invalid', '-c', 'user.name=r', 'commit', '-q', '--allow-empty', '-m', 'one')
  git('update-ref', 'refs/remotes/origin/main', 'HEAD')
  git('tag', 'v0.1.0')
  git('checkout', '-q', '-b', 'unmerged')
  git('-c', 'user.email=r@example.invalid', '-c', 'user.name=r', 'commit', '-q', '--allow-empty', '-m', 'two')
  return dir
}

function releaseVersion(dir: string, env: Record<string, string>): { code: number | null; out: string } {
  if (env.ON) execFileSync('git', ['checkout', '-q', env.ON], { cwd: dir })
  const output = join(dir, '.output')
  writeFileSync(output, '')
  const ran = spawnSync(join(root, 'scripts/release-version.sh'), {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DEFAULT_BRANCH: 'main', GITHUB_OUTPUT: output, ...env },
  })
  return { code: ran.status, out: ran.status === 0 ? readFileSync(output, 'utf8') : ran.stderr }
}

describe('scripts/release-version.sh', () => {
  it('takes the version from a pushed tag, or from a manual run on the default branch', () => {
    const dir = scratchRepo()
    expect(releaseVersion(dir, { ON: 'v0.1.0', EVENT: 'push', REF_NAME: 'v0.1.0' })).toEqual({
      code: 0,
      out: 'version=0.1.0\nmajor=0\nprerelease=false\n',
    })
    expect(releaseVersion(dir, { ON: 'main', EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '1.2.0-rc.1' })).toEqual({
      code: 0,
      out: 'version=1.2.0-rc.1\nmajor=1\nprerelease=true\n',
    })
  })

  it('refuses a commit not on the default branch, a manual run off it, a version already tagged, and a version that is not semver', () => {
    const dir = scratchRepo()
    const refused = (env: Record<string, string>): string => {
      const ran = releaseVersion(dir, env)
      expect(ran.code).toBe(1)
      return ran.out
    }
    execFileSync('git', ['tag', 'v0.2.0', 'unmerged'], { cwd: dir })
    expect(refused({ ON: 'v0.2.0', EVENT: 'push', REF_NAME: 'v0.2.0' })).toMatch(
      /is not on main: release only commits that were merged there/,
    )
    expect(refused({ ON: 'unmerged', EVENT: 'workflow_dispatch', REF_NAME: 'unmerged', INPUT_VERSION: '0.3.0' })).toMatch(
      /run the release from main, not unmerged/,
    )
    expect(refused({ ON: 'main', EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '0.1.0' })).toMatch(
      /v0.1.0 is already tagged/,
    )
    expect(refused({ ON: 'main', EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '0.4' })).toMatch(/'0.4' is not a version/)
    expect(refused({ ON: 'main', EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '01.4.0' })).toMatch(/is not a version/)
  })
})

describe('scripts/release-notes.sh', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567'

  it("gives the version's CHANGELOG section, the pinned line with its version comment, and the command that verifies the bundle", () => {
    const notes = execFileSync(join(root, 'scripts/release-notes.sh'), ['0.1.0', SHA, 'owner/repo'], { encoding: 'utf8' })
    expect(notes.startsWith('The first release: everything below is new.\n')).toBe(true)
    expect(notes).not.toContain('## [Unreleased]')
    expect(notes).toContain(`- uses: owner/repo@${SHA} # v0.1.0\n`)
    expect(notes).toContain('gh attestation verify dist/index.js -R owner/repo \\\n')
    expect(notes).toContain('--signer-workflow owner/repo/.github/workflows/release.yml \\\n')
    expect(notes).toContain(`--source-digest ${SHA} --deny-self-hosted-runners`)
  })

  it('refuses a version the CHANGELOG does not have, and a commit that is not a full SHA', () => {
    const notes = (...args: string[]) => spawnSync(join(root, 'scripts/release-notes.sh'), args, { encoding: 'utf8' })
    expect(notes('9.9.9', SHA, 'owner/repo')).toMatchObject({ status: 1, stderr: expect.stringContaining("no '## [9.9.9]' section") })
    expect(notes('0.1.0', 'abc1234', 'owner/repo')).toMatchObject({ status: 2 })
  })
})

describe('SECURITY.md', () => {
  it('names tests that exist for its statements', () => {
    const section = /<!-- security-tests-start[^>]*-->([\s\S]*)<!-- security-tests-end -->/.exec(read('SECURITY.md'))?.[1] ?? ''
    const named = [...section.matchAll(/`([\w.-]+\.test\.ts) › ([^`]+)`/g)].map((m) => ({ file: m[1]!, name: m[2]! }))
    expect(named.length).toBeGreaterThan(20)
    const files = readdirSync(join(root, '__tests__'), { recursive: true, encoding: 'utf8' })
    const missing = named.filter(({ file, name }) => {
      const path = files.find((f) => f === file || f.endsWith(`/${file}`))
      return path === undefined || !read(`__tests__/${path}`).includes(name)
    })
    expect(missing).toEqual([])
  })
})
