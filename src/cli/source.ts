// The diff to review: a diff file, or `git diff <range>` in the current repository.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

export async function readDiffSource(target: string): Promise<{ diffText: string; label: string }> {
  if (existsSync(target)) return { diffText: await readFile(target, 'utf8'), label: `diff file ${target}` }
  const diffText = execFileSync('git', ['diff', '--no-color', '--no-ext-diff', target], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
  return { diffText, label: `git diff ${target}` }
}
