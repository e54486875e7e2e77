import { fileURLToPath } from 'node:url'
import { readReviewConfig, type ReviewConfig } from '../../src/config/settings.ts'
import { assess } from '../../src/core/verdict/assess.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import { planReview } from '../../src/core/plan/plan.ts'
import type { Report } from '../../src/core/render/report.ts'
import { reviewAll } from '../../src/shell/fanout.ts'
import { createEvidenceClient } from '../../src/cli/evidence.ts'
import { demoDiff } from './fixtures.ts'

export function demoConfig(inputs: Record<string, string> = {}): ReviewConfig {
  const problems: string[] = []
  const config = readReviewConfig((n) => inputs[n] ?? '', {}, problems, { requireKeys: false })
  if (!config) throw new Error(problems.join('\n'))
  return config
}

/** The demo pull request tallied from its recorded replies. */
export async function demoReport(inputs: Record<string, string> = {}): Promise<Report> {
  const config = demoConfig(inputs)
  const plan = planReview(parseUnifiedDiff(demoDiff()), config)
  const demo = fileURLToPath(new URL('../../examples/demo', import.meta.url))
  const results = await reviewAll(config.reviewers, plan.bundles, createEvidenceClient(demo), 4)
  return assess({ plan, results, reviewers: config.reviewers, policy: config, subject: 'pull request #7 at 1a2b3c4' })
}
