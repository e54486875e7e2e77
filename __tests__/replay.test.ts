// The action on a recorded evidence directory (input `replay`): what the
// self-test workflow runs with `uses: ./`, with no token, key or network.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../src/core/render/check.ts'
import { runAction } from '../src/main.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

async function replay(inputs: Record<string, string>) {
  const record = { outputs: {} as Record<string, string>, summary: '', annotations: [] as Annotation[], warnings: [] as string[] }
  const result = await runAction({
    input: (name) => inputs[name] ?? '',
    env: { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'clr-replay-')) },
    readEvent: () => Promise.resolve({}),
    setOutput: (name, value) => void (record.outputs[name] = value),
    setSecret: () => undefined,
    writeSummary: (md) => {
      record.summary = md
      return Promise.resolve()
    },
    annotate: (a) => void record.annotations.push(a),
    info: () => undefined,
    warning: (m) => void record.warnings.push(m),
  })
  return { result, ...record }
}

describe('input replay', () => {
  it('re-tallies the demo evidence with no token, event or key: outputs, summary and workflow annotations', async () => {
    const run = await replay({ replay: join(root, 'examples/demo') })
    expect(run.result.conclusion).toBe('failure')
    expect(run.outputs).toMatchObject({ conclusion: 'failure', convergent: '4', distinct: '9', 'comment-url': '' })
    expect(JSON.parse(readFileSync(run.outputs['tally-json']!, 'utf8'))).toMatchObject({ convergent: 4 })
    expect(run.summary).toContain('**4 convergent / 9 distinct**')
    expect(run.annotations.map((a) => `${a.annotation_level} ${a.path}:${a.start_line}`)).toContain(
      'failure services/gateway/src/ratelimit.ts:30',
    )
  })

  it('applies the other inputs to the recorded replies', async () => {
    const run = await replay({ replay: join(root, 'examples/demo'), 'fail-on': 'never' })
    expect(run.result.conclusion).toBe('success')
  })

  it('names the input and the fix when the directory holds no evidence', async () => {
    await expect(replay({ replay: join(tmpdir(), 'no-such-evidence') })).rejects.toThrow(
      /^Input `replay`: cannot read .*no-such-evidence\/input\.diff \(ENOENT.*\); give a directory written by the CLI's --out, such as examples\/demo\.$/,
    )
  })

  it.each(['src/index.ts', 'dist/index.js'])(
    'runs from %s the way the self-test workflow does: exit 1 on the demo, outputs written',
    async (entry) => {
      const dir = mkdtempSync(join(tmpdir(), 'clr-replay-runner-'))
      const output = join(dir, 'output')
      writeFileSync(output, '')
      const code = await new Promise<number>((resolve) => {
        const env = { PATH: process.env.PATH ?? '', INPUT_REPLAY: 'examples/demo', GITHUB_OUTPUT: output, RUNNER_TEMP: dir }
        execFile(process.execPath, [entry], { cwd: root, env }, (error) => resolve(error ? Number(error.code ?? 1) : 0))
      })
      expect(code).toBe(1)
      expect(readFileSync(output, 'utf8')).toMatch(/convergent<<ghadelimiter_[\w-]+\n4\n/)
    },
  )
})
