// A reply cites paths exactly as the diff names them, but the location
// patterns cannot read every path whole (`docs/user guide.md`, `src/ünï.ts`,
// `app/[id]/page.tsx`). Before a reply is read, each such path of the bundle
// is swapped for a plain stand-in the patterns do read; after, swapped back.
import { findLocations } from './locations.ts'

export interface PathAliases {
  /** The reply with stand-ins in place of the paths the patterns cannot read. */
  readonly text: string
  /** Any value read from `text`, with every stand-in back to its path. */
  readonly restore: <T>(value: T) => T
  /** A path as it reads in `text`. */
  readonly alias: (path: string) => string
}

export function aliasPaths(reply: string, paths: readonly string[]): PathAliases {
  const unreadable = [...new Set(paths)].filter((p) => p !== '' && reply.includes(p) && !readsWhole(p))
  if (unreadable.length === 0) return { text: reply, restore: (value) => value, alias: (path) => path }
  // Longest first: `a b/c d.md` is swapped before a path it ends with.
  unreadable.sort((a, b) => b.length - a.length)
  const standIns = unreadable.map((path, i) => ({ path, standIn: standInFor(path, i) }))
  let text = reply
  for (const { path, standIn } of standIns) text = text.split(path).join(standIn)
  const back = (s: string): string => standIns.reduce((t, { path, standIn }) => t.split(standIn).join(path), s)
  const alias = (path: string): string => standIns.find((s) => s.path === path)?.standIn ?? path
  return { text, restore: (value) => deepMapStrings(value, back), alias }
}

function readsWhole(path: string): boolean {
  return findLocations(`${path}:1`).found[0]?.where.path === path
}

/** `docs/user guide.md` → `clr-path-0/user-guide.md`: same file name shape, so it reads as the path would. */
function standInFor(path: string, i: number): string {
  const base = (path.split('/').at(-1) ?? '').replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '')
  return `clr-path-${i}/${base === '' ? 'file' : base}`
}

function deepMapStrings<T>(value: T, map: (s: string) => string): T {
  if (typeof value === 'string') return map(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => deepMapStrings(v, map)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMapStrings(v, map)])) as T
  }
  return value
}
