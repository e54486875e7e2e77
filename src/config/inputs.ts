// Small readers for action inputs. Empty means "use the default"; anything
// else must parse, or a problem naming the input is recorded.

export type InputReader = (name: string) => string
export type Env = Readonly<Record<string, string | undefined>>

export function opt(value: string): string | undefined {
  const v = value.trim()
  return v === '' ? undefined : v
}

export function list(value: string): string[] | undefined {
  const items = value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
  return items.length === 0 ? undefined : items
}

export function int(input: InputReader, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const text = input(name).trim()
  if (text === '') return fallback
  const n = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(n >= min && n <= max)) {
    problems.push(`Input \`${name}\` must be a whole number from ${min} to ${max}, got "${text}".`)
    return fallback
  }
  return n
}

// YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts.
export function bool(input: InputReader, name: string, fallback: boolean, problems: string[]): boolean {
  const text = input(name).trim()
  if (text === '') return fallback
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  problems.push(`Input \`${name}\` must be true or false, got "${text}".`)
  return fallback
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
