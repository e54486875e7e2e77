// How the CLI ends without a verdict: a message for the person at the terminal and an exit code.

/** 2: the command line or its input is wrong (nothing was sent); 3: something outside failed (network, GitHub). */
export class CliError extends Error {
  readonly exitCode: 2 | 3
  constructor(message: string, exitCode: 2 | 3) {
    super(message)
    this.exitCode = exitCode
  }
}

export const inputError = (message: string): CliError => new CliError(message, 2)
export const runtimeError = (message: string): CliError => new CliError(message, 3)

/** An fs error's code and message without the stack, e.g. "EACCES: permission denied, mkdir '/x'". */
export function fsReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Every model call failed: exit 3, and the first reason. */
export const noAnswerMessage = (reason: string): string =>
  `No model call returned a usable answer, so there is no verdict (first reason: ${reason}).`
