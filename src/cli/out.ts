// --out is made ready before the first model call: created, written to once,
// and refused (with the path named) when it is empty, special, a file, another
// program's directory or unwritable, so paid results are never lost at the end.
import { mkdir, readdir, realpath, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fsReason, inputError } from './errors.ts'

// Kernel filesystems: writing there hangs or does something else entirely (/dev/shm is ordinary memory).
const SPECIAL = ['/proc', '/sys', '/dev']
const ORDINARY = ['/dev/shm']

/**
 * The absolute directory, ready to write. It holds evidence (input.diff)
 * unless `only` names the one file it may hold instead (the tally of --pr).
 */
export async function prepareOut(dir: string, cwd: string, only?: string): Promise<string> {
  if (dir.trim() === '')
    throw inputError('--out was given an empty directory name; name a directory, or leave --out out to keep no evidence.')
  const path = resolve(cwd, dir)
  const existing = await nearestExisting(path)
  const real = await realpath(existing.path)
  const under = (dirs: readonly string[]): boolean => dirs.some((s) => real === s || real.startsWith(`${s}/`))
  if (under(SPECIAL) && !under(ORDINARY)) {
    throw inputError(`--out ${dir}: ${real} is on a system filesystem (${SPECIAL.join(', ')}); choose an ordinary directory.`)
  }
  if (!existing.isDirectory) throw inputError(`--out ${dir}: ${existing.path} is a file, not a directory.`)
  if (existing.path === path) {
    const entries = await readdir(path)
    const ours = only === undefined ? entries.includes('input.diff') : entries.every((e) => e === only)
    if (entries.length > 0 && !ours) {
      const what = only === undefined ? 'no evidence (no input.diff)' : `more than ${only}`
      throw inputError(`--out ${dir} is not empty and holds ${what}; choose a new or empty directory.`)
    }
  }
  const probe = join(path, `.write-test-${process.pid}`)
  try {
    await mkdir(path, { recursive: true })
    await writeFile(probe, '')
    await unlink(probe)
  } catch (error) {
    throw inputError(`--out ${dir}: cannot write there (${fsReason(error)}).`)
  }
  return path
}

async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let p = path; ; p = dirname(p)) {
    const s = await stat(p).catch(() => undefined)
    if (s) return { path: p, isDirectory: s.isDirectory() }
    if (dirname(p) === p) return { path: p, isDirectory: true }
  }
}
