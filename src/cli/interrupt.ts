// Ctrl-C (SIGINT) or SIGTERM during a run: the replies already paid for are
// kept (keep-replies.ts), the terminal is told where and how to replay them,
// and the CLI exits 128 + the signal's number. Nothing more is printed once
// the signal is handled; a second signal ends the process at once.
import type { ReplyKeeper } from './keep-replies.ts'
import type { Terminal } from './terminal.ts'

export const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 }

/** Where the run is, for what an interruption says. */
export interface RunState {
  /** Set once the review may make calls: the replies it keeps. */
  keeper?: ReplyKeeper
  /** The review is over (report or evidence being written): let it finish. */
  finishing?: Promise<number>
  /** Set when a signal was handled: nothing more reaches the terminal. */
  interrupted?: string
  /** With --pr: the action's own cancellation (it completes a check it started as cancelled). */
  cancelAction?: (signal: string) => Promise<number>
}

/** The process's first SIGINT or SIGTERM; a second one exits at once. */
export function processInterruption(): Promise<string> {
  return new Promise((resolve) => {
    const first = (signal: string): void => {
      for (const s of Object.keys(SIGNAL_EXIT)) {
        process.off(s, first)
        process.once(s, () => process.exit(SIGNAL_EXIT[s]))
      }
      resolve(signal)
    }
    for (const s of Object.keys(SIGNAL_EXIT)) process.on(s, first)
  })
}

/** A terminal that goes quiet once the run is interrupted (calls still in flight must not print a report after it). */
export function quietAfterInterrupt(term: Terminal, state: RunState): Terminal {
  const open = (write: (text: string) => void) => (text: string) => {
    if (state.interrupted === undefined) write(text)
  }
  return { ...term, stdout: open(term.stdout), stderr: open(term.stderr) }
}

export async function onInterrupt(signal: string, state: RunState, term: Terminal): Promise<number> {
  if (state.finishing) return state.finishing
  const code = SIGNAL_EXIT[signal] ?? 130
  if (state.cancelAction) {
    term.stderr(`Interrupted (${signal}): the pull request's review stops; a check run it started is completed as cancelled.\n`)
    await state.cancelAction(signal).catch(() => undefined)
    state.interrupted = signal
    return code
  }
  state.interrupted = signal
  const kept = await state.keeper?.flush().catch(() => undefined)
  if (state.keeper === undefined) {
    term.stderr(`Interrupted (${signal}) before any model call: nothing was sent.\n`)
  } else if (kept === undefined || kept.kept === 0) {
    term.stderr(`Interrupted (${signal}): no reply had arrived, so none was kept; calls in flight were abandoned.\n`)
  } else {
    const missing = kept.planned - kept.kept
    term.stderr(
      `Interrupted (${signal}): ${kept.kept} of ${kept.planned} replies had arrived; they are kept in ${kept.dir}. ` +
        `Replay them offline with: cross-lineage-review review --replay ${kept.dir}` +
        (missing > 0 ? ` (the ${missing} missing count as failed reviews there; review again to ask for them).` : '.') +
        ' Calls in flight were abandoned.\n',
    )
  }
  return code
}
