import { fileURLToPath } from 'node:url'
import { readReviewSettings, type ReviewSettings } from '../../src/config/settings.ts'
import { ACTION_NAMING, readInputs, type InputName } from '../../src/config/spec.ts'
import { parseUnifiedDiff } from '../../src/core/diff/parse.ts'
import type { Report } from '../../src/core/verdict/types.ts'
import { createEvidenceClient } from '../../src/shell/read-evidence.ts'
import { reviewChange } from '../../src/pipeline.ts'
import { demoDiff } from './fixtures.ts'

export function demoConfig(inputs: Partial<Record<InputName, string>> = {}): ReviewSettings {
  const problems: string[] = []
  const values = readInputs((n) => inputs[n] ?? '', problems, ACTION_NAMING)
  const config = readReviewSettings(values, {}, problems, { requireKeys: false, naming: ACTION_NAMING })
  if (!config) throw new Error(problems.join('\n'))
  return config
}

/** The demo pull request tallied from its recorded replies, through the one pipeline. */
export async function demoReport(inputs: Partial<Record<InputName, string>> = {}): Promise<Report> {
  const demo = fileURLToPath(new URL('../../examples/demo', import.meta.url))
  return reviewChange({ label: 'pull request #7 at 1a2b3c4', files: parseUnifiedDiff(demoDiff()) }, demoConfig(inputs), {
    client: createEvidenceClient(demo),
    secrets: [],
    log: () => undefined,
  })
}
