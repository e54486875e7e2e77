// Where the CLI talks to a person: two streams, whether stdout is a terminal
// (colour), a way to ask a question when someone can answer, and what is
// piped into stdin. Tests pass their own; runCli passes the process's.
import { createInterface } from 'node:readline/promises'
import { buffer } from 'node:stream/consumers'
import pc from 'picocolors'
import type { Env } from '../config/inputs.ts'
import { NO_PAINT, type Paint } from '../core/render/terminal.ts'

export interface Terminal {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** stdout is a terminal: the text report is coloured (unless NO_COLOR is set). */
  readonly stdoutIsTTY?: boolean
  /** stderr is a terminal: progress is one status line rewritten in place, as wide as `stderrColumns`. */
  readonly stderrIsTTY?: boolean
  readonly stderrColumns?: number
  /** Set only when a person can answer (stdin and stderr are terminals); resolves to the line typed. */
  readonly ask?: (question: string) => Promise<string>
  /** The directory the command runs in (default: the process's). */
  readonly cwd?: string
  /** Set only when stdin is not a terminal (a pipe or a file): resolves to all of it, for `review -`. */
  readonly readStdin?: () => Promise<Buffer>
  /** Resolves with the signal's name when the run is interrupted (Ctrl-C: SIGINT). */
  readonly interrupted?: Promise<string>
}

export function processTerminal(): Terminal {
  const interactive = process.stdin.isTTY && process.stderr.isTTY
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY,
    ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
    ...(interactive ? { ask } : {}),
    ...(process.stdin.isTTY ? {} : { readStdin: () => buffer(process.stdin) }),
  }
}

/** Ctrl-C or Ctrl-D at the prompt answers "no". */
async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  let answered = false
  const closed = new Promise<string>((resolve) =>
    rl.once('close', () => {
      if (!answered) process.stderr.write('\n')
      resolve('')
    }),
  )
  try {
    const answer = await Promise.race([rl.question(question), closed])
    answered = true
    return answer
  } catch {
    return ''
  } finally {
    answered = true
    rl.close()
  }
}

/** Colour on a TTY, off with NO_COLOR (https://no-color.org) or TERM=dumb, forced with FORCE_COLOR. */
export function paintFor(term: Terminal, env: Env): Paint {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
  const off = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb'
  return forced || (term.stdoutIsTTY === true && !off) ? pc.createColors(true) : NO_PAINT
}
