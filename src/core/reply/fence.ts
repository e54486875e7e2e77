// Fenced code blocks in a reply: the text of a FIX, taken verbatim (it is
// model text: shown escaped and bounded, never executed).

const OPEN = /^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+-]*)[ \t]*$/

export interface Fence {
  /** The lines between the fences, without the opening fence's indentation. */
  readonly text: string
  /** The info string (`ts`, `suggestion`, … or ''). */
  readonly lang: string
  /** The index of the line after the closing fence. */
  readonly next: number
}

// A fix replaces a few lines; looking further for a closing fence only costs time on hostile replies.
const FENCE_MAX_LINES = 400

/**
 * The fenced block that `opening` (by default lines[start]) opens, its content
 * running from lines[start + 1]; undefined when it opens none or does not
 * close within FENCE_MAX_LINES.
 */
export function readFence(lines: readonly string[], start: number, opening = lines[start] ?? ''): Fence | undefined {
  const m = OPEN.exec(opening)
  if (!m) return undefined
  const [, indent = '', mark = '', lang = ''] = m
  const close = new RegExp(`^[ \\t]*${mark[0] === '`' ? '`' : '~'}{${mark.length},}[ \\t]*$`)
  for (let j = start + 1; j < Math.min(lines.length, start + 2 + FENCE_MAX_LINES); j++) {
    if (!close.test(lines[j] ?? '')) continue
    const body = lines.slice(start + 1, j).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
    return { text: body.join('\n'), lang, next: j + 1 }
  }
  return undefined
}

/** The first fenced block in a text (of one of `langs`, when given), with the text before it. */
export function firstFence(text: string, langs?: readonly string[]): (Fence & { readonly before: string }) | undefined {
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const fence = readFence(lines, i)
    if (!fence) continue
    if (langs === undefined || langs.includes(fence.lang.toLowerCase())) return { ...fence, before: lines.slice(0, i).join('\n') }
    i = fence.next - 1
  }
  return undefined
}

/** A FIX's text when it is one: no longer than this (anything longer is not a replacement of a few lines). */
export const FIX_MAX_CHARS = 10_000

export function usableFix(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' || text.length > FIX_MAX_CHARS ? undefined : text
}
