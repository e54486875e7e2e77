import { describe, expect, it } from 'vitest'
import { markdownText, plainText, redactSecrets, truncate } from '../../src/core/text/sanitize.ts'

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
