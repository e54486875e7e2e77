// The runner's side of a cancellation, in-process. A signal goes to the
// handler the run registered through io.onCancel, as runner.ts wires it to
// process signals; with none registered yet, the default action would kill
// the process on the spot, which `send` reports as no exit code.
import type { RecordedRequest } from './http.ts'
import type { ActionIO } from '../../src/shell/runner.ts'

type Handler = Parameters<NonNullable<ActionIO['onCancel']>>[0]

export interface RunnerSignals {
  readonly onCancel: NonNullable<ActionIO['onCancel']>
  /** Delivers a signal; resolves to the exit code the process ends with (undefined: killed by the default action). */
  send(signal?: string): Promise<number | undefined>
  /** Every delivery so far, in order. */
  readonly sent: Promise<number | undefined>[]
}

export function runnerSignals(): RunnerSignals {
  let handler: Handler | undefined
  const sent: Promise<number | undefined>[] = []
  return {
    onCancel: (h) => {
      handler = h
    },
    send(signal = 'SIGTERM') {
      const exit = handler ? handler(signal) : Promise.resolve(undefined)
      sent.push(exit)
      return exit
    },
    sent,
  }
}

/**
 * A holdUntil release that sends the signal when the first matching request
 * arrives, then lets that request through: the signal lands while it is in
 * flight. Later matching requests pass untouched.
 */
export function signalOnFirst(signals: RunnerSignals, ...names: string[]): (req: RecordedRequest) => Promise<void> {
  let fired = false
  return () => {
    if (!fired) {
      fired = true
      for (const name of names.length > 0 ? names : ['SIGTERM']) void signals.send(name)
    }
    return Promise.resolve()
  }
}
