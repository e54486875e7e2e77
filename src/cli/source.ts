// The diff to review: `-` is standard input; an existing file is a diff file;
// otherwise, inside a git repository, a range git accepts (`git diff <range>`);
// otherwise one line saying which it is not. Git's own usage text never
// reaches the terminal.
import { execFile } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import type { Env } from '../config/inputs.ts'
import { fsReason, inputError } from './errors.ts'

const run = promisify(execFile)
const GIT_MAX_BYTES = 1024 * 1024 * 1024

export interface DiffSource {
  readonly diffText: string
  /** How the report names it, e.g. "diff file pr.diff" or "git diff main...HEAD". */
  readonly label: string
  /** How messages about its text name it. */
  readonly name: string
  /** A diff file (not a git range, nor standard input). */
  readonly isFile?: boolean
}

export const STDIN_TARGET = '-'

export async function readDiffSource(
  target: string,
  cwd: string,
  env: Env,
  readStdin: (() => Promise<string>) | undefined,
): Promise<DiffSource> {
  if (target.trim() === '') throw inputError('review was given an empty diff file or git range.')
  if (target === STDIN_TARGET) return { diffText: await stdinDiff(readStdin), label: 'diff from standard input', name: 'standard input' }
  const path = resolve(cwd, target)
  const found = await stat(path).catch(() => undefined)
  if (found?.isDirectory()) {
    throw inputError(`${target} is a directory: give a diff file or a git range (or --replay ${target} for an evidence directory).`)
  }
  if (found) {
    const diffText = await readFile(path, 'utf8').catch((error: unknown) => {
      throw inputError(`${target}: cannot read it (${fsReason(error)}).`)
    })
    return { diffText, label: `diff file ${target}`, name: target, isFile: true }
  }
  return { diffText: await gitDiff(target, cwd, env), label: `git diff ${target}`, name: `git diff ${target}` }
}

function stdinDiff(readStdin: (() => Promise<string>) | undefined): Promise<string> {
  if (readStdin === undefined) {
    throw inputError(
      'review - reads the diff from standard input, which is a terminal here: pipe one in (git diff main...HEAD | cross-lineage-review review -), or name a diff file or git range.',
    )
  }
  return readStdin().catch((error: unknown) => {
    throw inputError(`standard input: cannot read it (${fsReason(error)}).`)
  })
}

async function gitDiff(range: string, cwd: string, env: Env): Promise<string> {
  const notHere = (why: string): Error => inputError(`${range}: no such file, and not a git range here (${why}).`)
  if (range.startsWith('-')) throw notHere('it starts with "-"')
  const git = (args: string[]): Promise<{ stdout: string }> =>
    run('git', args, { cwd, env: { ...env }, encoding: 'utf8', maxBuffer: GIT_MAX_BYTES })
  await git(['rev-parse', '--is-inside-work-tree']).catch((error: unknown) => {
    throw notHere((error as { code?: unknown }).code === 'ENOENT' ? 'git is not installed' : `${cwd} is not inside a git repository`)
  })
  // `--` makes git read the argument as a revision range, never as a path.
  const { stdout } = await git(['diff', '--no-color', '--no-ext-diff', range, '--']).catch((error: unknown) => {
    const stderr = (error as { stderr?: unknown }).stderr
    const said = typeof stderr === 'string' ? (stderr.trim().split('\n')[0] ?? '') : ''
    throw notHere(`git: ${said || fsReason(error)}`)
  })
  return stdout
}
