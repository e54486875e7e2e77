// Small helpers for reading configuration text.

export type Env = Readonly<Record<string, string | undefined>>

/** Items one per line or comma-separated; undefined when there are none. */
export function list(value: string): string[] | undefined {
  const items = value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
  return items.length === 0 ? undefined : items
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
