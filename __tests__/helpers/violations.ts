// Where fakes record API violations for the setup file to fail the test on
// (kept apart from the fakes so test files without one load nothing more).

export interface ViolationSource {
  /** Names the fake in the failure, e.g. "octo/widgets fake". */
  readonly label: string
  readonly violations: readonly string[]
}

const sources = new Set<ViolationSource>()

/** Called by a fake when it starts. */
export function registerViolationSource(source: ViolationSource): void {
  sources.add(source)
}

/** The violations every fake started since the last call recorded, and forgets those fakes. */
export function drainViolations(): string[] {
  const all = [...sources].flatMap((s) => s.violations.map((v) => `${s.label}: ${v}`))
  sources.clear()
  return all
}
