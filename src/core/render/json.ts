// The tally-json output: every finding with its label, for audits and tools.
import { safeJson } from '../text/json.ts'
import type { Report } from '../verdict/types.ts'

export function renderTallyJson(report: Report): string {
  const { tally, conclusion } = report
  return safeJson(
    {
      subject: report.label,
      conclusion: conclusion.conclusion,
      reasons: conclusion.reasons,
      failOn: report.failOn,
      minReviewers: report.minReviewers,
      convergent: tally.convergent,
      distinct: tally.distinct,
      dismissed: tally.groups.filter((g) => g.dismissed).length,
      groups: tally.groups,
      reviewers: tally.perReviewer,
      coverage: tally.coverage,
      bundles: report.bundles.map(({ id, component, part, parts, paths, bytes, instructions }) => ({
        id,
        component,
        part,
        parts,
        files: paths,
        bytes,
        // The repository's instructions its reviewers were given.
        ...(instructions?.length ? { instructions } : {}),
      })),
      ...(report.policy ? { policy: report.policy } : {}),
      ...(report.guidance ? { guidance: report.guidance } : {}),
      // Each call as made; its parsed findings are in `groups`.
      calls: report.reviews.map(({ parsed: _parsed, ...call }) => call),
      skipped: report.skipped,
      warnings: report.warnings,
      // Every dismissal command and what became of it; every finding of the pull request's runs and its outcome.
      ...(report.dismissals ? { dismissals: report.dismissals } : {}),
      ...(report.ledger ? { ledger: report.ledger } : {}),
    },
    2,
  )
}
