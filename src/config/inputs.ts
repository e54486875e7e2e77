// Small helpers for reading configuration text.

export type Env = Readonly<Record<string, string | undefined>>

/** Globs one per line or comma-separated; a comma inside `{…}` belongs to its glob. */
export function globList(value: string): string[] {
  const items: string[] = []
  let current = ''
  let depth = 0
  for (const ch of `${value}\n`) {
    if (ch === '\n' || (ch === ',' && depth === 0)) {
      items.push(current.trim())
      current = ''
      depth = 0
      continue
    }
    if (ch === '{') depth++
    else if (ch === '}') depth = Math.max(0, depth - 1)
    current += ch
  }
  return items.filter(Boolean)
}

/** Non-empty lines that are not `#` comments, trimmed. */
export function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
