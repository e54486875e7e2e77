// The diff to review: `-` is standard input; an existing file is a diff file;
// otherwise, inside a git repository, a range git accepts (`git diff <range>`);
// otherwise one line saying which it is not. Git's own usage text never
// reaches the terminal.
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Env } from '../config/inputs.ts'
import type { BinaryFacts } from '../core/diff/binary.ts'
import { readUnifiedDiff } from '../core/diff/check.ts'
import { fsReason, inputError } from './errors.ts'
import { baseView } from './git-diff.ts'
import { gitIn, gitSaid, resolveRange } from './git-range.ts'

export interface DiffSource {
  /** The input exactly as given (kept byte for byte in the evidence). */
  readonly diffBytes: Buffer
  /** The same, read as UTF-8 (invalid bytes become U+FFFD), for parsing. */
  readonly diffText: string
  /** How the report names it, e.g. "diff file pr.diff" or "git diff main...HEAD". */
  readonly label: string
  /** How messages about its text name it. */
  readonly name: string
  /** A git range's merge base: its policy file is read there. */
  readonly base?: string
  /** Said on stderr before the plan (how a range was read). */
  readonly note?: string
  /** For a git range: whether each file shown as binary is binary at the base. */
  readonly binaryFacts?: ReadonlyMap<string, BinaryFacts>
}

const fromBytes = (diffBytes: Buffer): { diffBytes: Buffer; diffText: string } => ({ diffBytes, diffText: diffBytes.toString('utf8') })

export const STDIN_TARGET = '-'

export async function readDiffSource(
  target: string,
  cwd: string,
  env: Env,
  readStdin: (() => Promise<Buffer>) | undefined,
): Promise<DiffSource> {
  if (target.trim() === '') throw inputError('review was given an empty diff file or git range.')
  if (target === STDIN_TARGET) {
    return { ...fromBytes(await stdinDiff(readStdin)), label: 'diff from standard input', name: 'standard input' }
  }
  const path = resolve(cwd, target)
  const found = await stat(path).catch(() => undefined)
  if (found?.isDirectory()) {
    throw inputError(`${target} is a directory: give a diff file or a git range (or --replay ${target} for an evidence directory).`)
  }
  if (found) {
    const bytes = await readFile(path).catch((error: unknown) => {
      throw inputError(`${target}: cannot read it (${fsReason(error)}).`)
    })
    return { ...fromBytes(bytes), label: `diff file ${target}`, name: target }
  }
  return gitDiff(target, cwd, env)
}

function stdinDiff(readStdin: (() => Promise<Buffer>) | undefined): Promise<Buffer> {
  if (readStdin === undefined) {
    throw inputError(
      'review - reads the diff from standard input, which is a terminal here: pipe one in (git diff main...HEAD | cross-lineage-review review -), or name a diff file or git range.',
    )
  }
  return readStdin().catch((error: unknown) => {
    throw inputError(`standard input: cannot read it (${fsReason(error)}).`)
  })
}

async function gitDiff(range: string, cwd: string, env: Env): Promise<DiffSource> {
  const notHere = (why: string): Error => inputError(`${range}: no such file, and not a git range here (${why}).`)
  if (range.startsWith('-')) throw notHere('it starts with "-"')
  await gitIn(
    cwd,
    env,
  )(['rev-parse', '--is-inside-work-tree']).catch((error: unknown) => {
    throw notHere((error as { code?: unknown }).code === 'ENOENT' ? 'git is not installed' : `${cwd} is not inside a git repository`)
  })
  const sides = await resolveRange(range, gitIn(cwd, env))
  const view = await baseView(sides, cwd, env)
  try {
    const diffBytes = await view.diff().catch((error: unknown) => {
      throw notHere(gitSaid(error))
    })
    const check = readUnifiedDiff(diffBytes.toString('utf8'))
    return {
      ...fromBytes(diffBytes),
      label: `git diff ${range}`,
      name: `git diff ${range}`,
      ...(sides.base === undefined ? {} : { base: sides.base }),
      ...(sides.note === undefined ? {} : { note: sides.note }),
      ...(check.ok ? { binaryFacts: await view.binaryFacts(check.files) } : {}),
    }
  } finally {
    await view.close()
  }
}
