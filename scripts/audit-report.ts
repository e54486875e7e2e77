// `npm audit --json` output → what the audit gate says. Pure, for scripts/audit.ts
// and its tests. An output that is not an audit report (the registry refused
// or could not be reached) is its own outcome: advisories were not checked,
// which is never the same as none found.

/** The severities that fail the gate. */
export const FAILING = ['high', 'critical'] as const

export interface Advisory {
  readonly name: string
  readonly severity: string
  /** The advisories' titles and URLs, or the packages it is vulnerable through. */
  readonly via: readonly string[]
}

export type AuditOutcome =
  | { readonly kind: 'clean'; readonly dependencies: number; readonly below: Readonly<Record<string, number>> }
  | { readonly kind: 'vulnerable'; readonly advisories: readonly Advisory[] }
  | { readonly kind: 'unavailable'; readonly reason: string }

interface Report {
  vulnerabilities?: Record<string, { name?: string; severity?: string; via?: unknown[] }>
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } }
  message?: string
}

export function classifyAudit(stdout: string, stderr = ''): AuditOutcome {
  let report: Report
  try {
    report = JSON.parse(stdout) as Report
  } catch {
    const said = (stderr.trim() || stdout.trim()).split('\n').slice(0, 3).join(' ')
    return { kind: 'unavailable', reason: said === '' ? 'npm audit printed nothing' : said }
  }
  const counts = report.metadata?.vulnerabilities
  if (!report.vulnerabilities || !counts) return { kind: 'unavailable', reason: report.message ?? 'npm audit printed no report' }
  const advisories = Object.entries(report.vulnerabilities)
    .filter(([, v]) => (FAILING as readonly string[]).includes(v.severity ?? ''))
    .map(([name, v]) => ({ name: v.name ?? name, severity: v.severity ?? '', via: (v.via ?? []).map(describeVia) }))
    .sort((a, b) => a.name.localeCompare(b.name))
  if (advisories.length > 0) return { kind: 'vulnerable', advisories }
  const below = Object.fromEntries(Object.entries(counts).filter(([level, n]) => level !== 'total' && n > 0))
  return { kind: 'clean', dependencies: report.metadata?.dependencies?.prod ?? 0, below }
}

function describeVia(via: unknown): string {
  if (typeof via === 'string') return `through ${via}`
  const v = via as { title?: string; url?: string }
  return [v.title, v.url].filter(Boolean).join(' ')
}

const SCOPE = 'production dependencies (what dist/ bundles)'

export function auditMessage(outcome: AuditOutcome): string {
  switch (outcome.kind) {
    case 'clean': {
      const below = Object.entries(outcome.below).map(([level, n]) => `${n} ${level}`)
      return `npm audit: no high or critical advisory in ${outcome.dependencies} ${SCOPE}${below.length ? `; below the bar: ${below.join(', ')}` : ''}.`
    }
    case 'vulnerable':
      return [
        `npm audit: ${outcome.advisories.length} package(s) with a high or critical advisory in the ${SCOPE}:`,
        ...outcome.advisories.map((a) => `- ${a.name} (${a.severity}): ${a.via.join('; ')}`),
        'Update them (a Dependabot pull request, or `npm audit fix --omit=dev`), run `npm run build`, and commit dist/.',
      ].join('\n')
    case 'unavailable':
      return `npm audit could not run, so advisories were NOT checked: ${outcome.reason}`
  }
}

/** 0 clean, 1 a failing advisory, 2 not checked. */
export function auditExitCode(outcome: AuditOutcome): number {
  return outcome.kind === 'clean' ? 0 : outcome.kind === 'vulnerable' ? 1 : 2
}
