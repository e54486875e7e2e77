// Issue 28: what the CLI says about an endpoint that is not the API (an HTML
// page for a chat completion, a gateway's error page), and JSON that carries
// hostile text with every control character escaped.
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeModels, type FakeModels } from './helpers/fake-models.ts'
import { startLoopback, type LoopbackServer } from './helpers/http.ts'
import { cli, KEY, tempFile } from './helpers/cli-run.ts'

const servers: (FakeModels | LoopbackServer)[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const DIFF = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-a\n+b\n'
const TWO = ['--reviewers', 'a|a/m', '--reviewers', 'b|b/m']

describe('an endpoint that answers with a web page', () => {
  it('an HTML 200 (a base URL missing /v1 reaches a website) is reported with a hint to check --base-url, exit 3', async () => {
    const site = await startLoopback((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><html><head><title>Acme AI &amp; Models</title></head><body><h1>Welcome</h1></body></html>')
    })
    servers.push(site)
    const run = await cli(['review', tempFile('x.diff', DIFF), ...TWO, '--base-url', `${site.url}/api`], { OPENROUTER_API_KEY: KEY })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(
      `first reason: ${site.url}/api answered HTTP 200 with an HTML page ("Acme AI & Models"), not JSON: check --base-url (the base-url input, or the URL in reviewers): an OpenAI-compatible API root usually ends in /v1).`,
    )
    expect(`${run.stdout}${run.stderr}`).not.toContain('no choices')
  })

  it("a gateway's HTML 502 is named by its title, markup stripped and bounded, never its whole body", async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>h1{color:red}</style></head><body><h1>502</h1>${'<p>upstream said UNREACHABLE</p>'.repeat(200)}</body></html>`
    const models = await startFakeModels({ 'a/m': () => ({ html: page, status: 502 }), 'b/m': () => ({ html: page, status: 502 }) })
    servers.push(models)
    const run = await cli(['review', tempFile('x.diff', DIFF), ...TWO, '--base-url', models.baseURL], { OPENROUTER_API_KEY: KEY })
    expect(run.code).toBe(3)
    const all = `${run.stdout}${run.stderr}`
    expect(all).toContain(`HTTP 502 from ${models.baseURL}: an HTML page ("502 Bad Gateway"), not JSON`)
    expect(all).not.toMatch(/UNREACHABLE|<p>|<html|color:red/i)
    expect(models.calls().length).toBeGreaterThan(2) // retried, yet said in one line a call
  })
})

describe('--format json', () => {
  it('escapes C1 controls, DEL and U+2028/2029 from reviewer text; the JSON reads back the same', async () => {
    const what = 'Danger\u009b31m here\u0085 and\u007f there\u2028next\u0090end.'
    const reply = `SEVERITY: BLOCK\nWHERE: x.ts:1\nWHAT: ${what}\nWHY: Shown.\nVERDICT: hold`
    const models = await startFakeModels({ 'a/m': () => ({ reply }), 'b/m': () => ({ reply }) })
    servers.push(models)
    const run = await cli(['review', tempFile('x.diff', DIFF), ...TWO, '--base-url', models.baseURL, '--json'], {
      OPENROUTER_API_KEY: KEY,
    })
    expect(run.code).toBe(1)
    // eslint-disable-next-line no-control-regex -- the controls are what must not appear
    const controls = new RegExp('[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029]')
    expect(run.stdout).not.toMatch(controls)
    expect(run.stdout).toContain('\\u009b31m')
    const json = JSON.parse(run.stdout) as { calls: { reply: string }[] }
    expect(json.calls[0]?.reply).toBe(reply)
  })
})
