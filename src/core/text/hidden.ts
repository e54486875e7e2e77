// Characters that render as nothing (or reorder text) can hide code from a
// human reviewer and smuggle instructions to a model. Make them visible.

// Bidi controls, zero-width characters, word joiner, BOM, and Unicode tags.
const HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu

// The same set as UTF-16 code units (tags are the surrogate pairs DB40 DC00-DC7F),
// without the unicode flag: a cheap test, since most text has none.
const ANY_HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/

export function revealHidden(text: string): string {
  if (!ANY_HIDDEN.test(text)) return text
  return text.replace(HIDDEN, (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`)
}

export function countHidden(text: string): number {
  return text.match(HIDDEN)?.length ?? 0
}
