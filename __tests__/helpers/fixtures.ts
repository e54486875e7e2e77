import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))
export const readFixture = (name: string): string => readFileSync(fixturePath(name), 'utf8')
export const demoDiff = (): string => readFileSync(fileURLToPath(new URL('../../examples/demo/input.diff', import.meta.url)), 'utf8')

// The limiter's file in the demo diff is added whole, in one hunk.
const LIMITER_HUNK = '@@ -0,0 +1,37 @@'

/** The demo diff after a push that adds three lines above the limiter's code: its lines move down by three, unchanged. */
export const demoDiffMovedDown = (): string => demoDiff().replace(`${LIMITER_HUNK}\n`, '@@ -0,0 +1,40 @@\n+// one\n+// two\n+// three\n')

/** The demo diff after a push that rewrites line `line` of the limiter (appending `mark`). */
export function demoDiffRewriting(line: number, mark: string): string {
  const lines = demoDiff().split('\n')
  const at = lines.findIndex((l) => l.startsWith(LIMITER_HUNK)) + line
  lines[at] = `${lines[at] ?? ''}${mark}`
  return lines.join('\n')
}
