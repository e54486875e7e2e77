// The CLI in this process, as its entry point runs it: argv, an environment
// and a terminal object (a TTY is faked by passing `stdoutIsTTY` and `ask`,
// a pipe into stdin by passing `stdin`).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main, type Terminal } from '../../src/cli/main.ts'

export const KEY = 'sk-cli-test-000000000000'
export const BLOCK = 'SEVERITY: BLOCK\nWHERE: numbers.txt:13\nWHAT: Wrong.\nWHY: Shown.\nVERDICT: hold'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  /** The questions `ask` was asked. */
  asked: string[]
}

export interface FakeTerminal {
  readonly stdoutIsTTY?: boolean
  /** stderr is a terminal this many columns wide: progress is one status line. */
  readonly stderrColumns?: number
  /** Answers each question with this line; absent = off a TTY, nobody to ask. */
  readonly answer?: string
  readonly cwd?: string
  /** What is piped to standard input; absent = stdin is a terminal. */
  readonly stdin?: string | Buffer
  /** Resolves with a signal's name to interrupt the run (Ctrl-C). */
  readonly interrupted?: Promise<string>
}

export async function cli(args: string[], env: Record<string, string> = {}, t: FakeTerminal = {}): Promise<CliRun> {
  const run: CliRun = { code: 0, stdout: '', stderr: '', asked: [] }
  const { answer } = t
  const term: Terminal = {
    stdout: (s) => void (run.stdout += s),
    stderr: (s) => void (run.stderr += s),
    ...(t.stdoutIsTTY === undefined ? {} : { stdoutIsTTY: t.stdoutIsTTY }),
    ...(t.stderrColumns === undefined ? {} : { stderrIsTTY: true, stderrColumns: t.stderrColumns }),
    ...(t.cwd === undefined ? {} : { cwd: t.cwd }),
    ...(t.interrupted === undefined ? {} : { interrupted: t.interrupted }),
    ...(t.stdin === undefined ? {} : { readStdin: () => Promise.resolve(Buffer.from(t.stdin ?? '')) }),
    ...(answer === undefined
      ? {}
      : {
          ask: (q: string) => {
            run.asked.push(q)
            return Promise.resolve(answer)
          },
        }),
  }
  run.code = await main(args, { PATH: process.env.PATH ?? '', ...env }, term)
  return run
}

export const tempDir = (prefix = 'clr-cli-'): string => mkdtempSync(join(tmpdir(), prefix))

/** A file in a fresh temporary directory. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name)
  writeFileSync(path, content)
  return path
}

/** A diff touching `n` top-level directories: one bundle each. */
export function diffOfComponents(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    [`diff --git a/c${i}/f.txt b/c${i}/f.txt`, `--- a/c${i}/f.txt`, `+++ b/c${i}/f.txt`, '@@ -1,0 +1,1 @@', `+line ${i}`, ''].join('\n'),
  ).join('')
}
