// Reviewing your own diff with local models: a server on this machine needs no
// key and gets none; a remote endpoint without a key is refused before any
// call (or taken keyless with --keyless); a reviewer the shell split at `|`
// gets the quoting hint; local model ids are grouped into their families.
import { afterEach, describe, expect, it } from 'vitest'
import { isLoopback, lineageOf } from '../src/config/reviewers.ts'
import { cli, tempFile } from './helpers/cli-run.ts'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'

const DIFF = [
  'diff --git a/app.ts b/app.ts',
  '--- a/app.ts',
  '+++ b/app.ts',
  '@@ -1,1 +1,2 @@',
  ' const a = 1',
  '+eval(process.env.X)',
  '',
].join('\n')
const FINDING = 'SEVERITY: BLOCK\nWHERE: app.ts:2\nWHAT: eval of the environment.\nWHY: Runs anything.\nVERDICT: hold'
const LOCAL = ['--reviewers', 'qwen|qwen2.5-coder:14b', '--reviewers', 'llama|llama3.1:8b', '--reviewers', 'gemma|gemma2:9b']

let models: FakeModels | undefined
afterEach(async () => {
  await models?.close()
  models = undefined
})

describe('local models', () => {
  it('reviews against a keyless server on this machine with three families and no key variable at all, sending no Authorization header', async () => {
    const answer = () => ({ reply: FINDING })
    models = await startFakeModels({ 'qwen2.5-coder:14b': answer, 'llama3.1:8b': answer, 'gemma2:9b': answer })
    const run = await cli(['review', tempFile('x.diff', DIFF), '--base-url', models.baseURL, ...LOCAL])
    expect(run.stderr).not.toMatch(/OPENROUTER_API_KEY|key/i)
    expect(run.code).toBe(1) // three lineages agree on the BLOCK
    expect(run.stdout).toMatch(/BLOCK +app\.ts:2 +gemma \+ llama \+ qwen/)
    expect(models.requests).toHaveLength(3)
    expect(models.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined, undefined])
  })

  it('refuses a remote endpoint without a key before any call, naming --keyless; --keyless sends none', async () => {
    const remote = await cli(['review', tempFile('x.diff', DIFF), '--base-url', 'https://models.example.com/v1', ...LOCAL])
    expect(remote.code).toBe(2)
    expect(remote.stderr).toContain(
      'The environment variable OPENROUTER_API_KEY is empty, so reviewers qwen, llama, gemma cannot call https://models.example.com/v1',
    )
    expect(remote.stderr).toContain('takes --keyless')
    const withPr = await cli(['review', '--pr', 'o/r#1', '--keyless'], { GITHUB_TOKEN: 'ghs_x' })
    expect(withPr.code).toBe(2)
    expect(withPr.stderr).toMatch(/^--keyless applies to a diff, range or standard input/)
  })

  it('says to quote a reviewer the shell split at |', async () => {
    // `--reviewers opus|anthropic/claude-opus-4.7` unquoted: the shell pipes, and the CLI gets only "opus".
    const split = await cli(['review', tempFile('x.diff', DIFF), '--reviewers', 'opus', '--reviewers', 'kimi|moonshotai/kimi-k2'])
    expect(split.code).toBe(2)
    expect(split.stderr).toContain(
      `--reviewers: line "opus" has 1 field(s); quote it, or the shell takes | as a pipe: --reviewers 'opus|anthropic/claude-opus-4.7'`,
    )
    const vendorOnly = await cli(['review', tempFile('x.diff', DIFF), '--reviewers', 'opus|anthropic/'])
    expect(vendorOnly.stderr).toContain('has no model id (only the vendor "anthropic/")')
  })

  it('shows the defaults that apply in --help', async () => {
    const help = await cli(['--help'])
    expect(help.stdout).toContain(
      '(default: opus|anthropic/claude-opus-4.7, kimi|moonshotai/kimi-k2-0905, qwen|qwen/qwen3-coder, at --base-url)',
    )
    expect(help.stdout).toContain(
      '--base-url URL                     OpenAI-compatible API base URL (default https://openrouter.ai/api/v1)',
    )
    expect(help.stdout).toContain('needs none, e.g. a local model server: --base-url http://localhost:11434/v1')
  })
})

describe('lineages and local endpoints', () => {
  it.each([
    ['anthropic/claude-opus-4.7', 'anthropic'],
    ['qwen2.5-coder:14b', 'qwen'],
    ['qwen2.5-coder:32b', 'qwen'],
    ['Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'llama'],
    ['gemma2:9b', 'gemma'],
    ['gpt-4o', 'gpt'],
    ['o3', 'o3'],
  ])('%s is of lineage %s', (model, lineage) => expect(lineageOf(model)).toBe(lineage))

  it.each([
    ['http://localhost:11434/v1', true],
    ['http://127.0.0.1:8080/v1', true],
    ['http://[::1]:8000/v1', true],
    ['http://ollama.localhost/v1', true],
    ['https://openrouter.ai/api/v1', false],
    ['http://192.168.1.10:11434/v1', false],
    ['http://localhost.example.com/v1', false],
  ])('%s is on this machine: %s', (url, yes) => expect(isLoopback(url)).toBe(yes))
})
