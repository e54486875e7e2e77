import { describe, expect, it } from 'vitest'
import { markdownText, plainText, redactSecrets, truncate } from '../../src/core/text/sanitize.ts'
import { redactDiff } from '../../src/core/diff/redact.ts'
import type { FileDiff } from '../../src/core/diff/types.ts'

describe('redactSecrets', () => {
  it.each([
    'sk-or-v1-0123456789abcdef0123456789',
    'sk-ant-api03-abcdefghijklmnop',
    'ghp_abcdefghijklmnopqrstuvwxyz0123',
    'ghs_abcdefghijklmnopqrstuvwxyz0123',
    'github_pat_11ABCDEFG0123456789_abcdef',
    'AKIAABCDEFGHIJKLMNOP',
  ])('redacts %s', (secret) => {
    expect(redactSecrets(`key=${secret} end`)).toBe('key=[redacted] end')
  })

  it('redacts known values of any shape', () => {
    expect(redactSecrets('token hunter2hunter2 here', ['hunter2hunter2'])).toBe('token [redacted] here')
    // Escaped as markdown, it is still the key once rendered.
    const key = 'gsk_plain*key_0123'
    expect(redactSecrets(markdownText(`key ${key} here`, 100), [key])).toBe('key [redacted] here')
  })
})

describe('truncate and plainText', () => {
  it('bounds length with a marker and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('ab😀cd', 4)).toBe('ab…')
  })

  it('flattens control characters and newlines', () => {
    expect(plainText('a\nb\u0007c\td', 100)).toBe('a b c d')
  })
})

describe('markdownText', () => {
  it('escapes markdown and breaks mentions and references', () => {
    expect(markdownText('**x** <b>|</b> @me #3 [l](u)', 200)).toBe('\\*\\*x\\*\\* \\<b\\>\\|\\</b\\> @&#8203;me \\#&#8203;3 \\[l\\]\\(u\\)')
  })
})

describe('redactDiff', () => {
  const file = (path: string, text: string): FileDiff => ({
    path,
    oldPath: path,
    status: 'added',
    binary: false,
    hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, section: '', lines: [{ kind: 'add', text, newLine: 1 }] }],
  })

  it("replaces the run's own secrets in paths and lines, and leaves other files as they were", () => {
    const clean = file('src/a.ts', 'const a = 1')
    const [out, same] = redactDiff([file('deploy/sk-own-key-123456/x.env', 'KEY=sk-own-key-123456'), clean], ['sk-own-key-123456'])
    expect(out?.path).toBe('deploy/[redacted]/x.env')
    expect(out?.hunks[0]?.lines[0]?.text).toBe('KEY=[redacted]')
    expect(same).toBe(clean)
  })

  it('ignores secrets too short to redact safely', () => {
    const f = file('a.ts', 'abc')
    expect(redactDiff([f], ['abc'])[0]).toBe(f)
  })
})
