// Vitest setup (vitest.config.ts setupFiles): a test fails when a fake GitHub
// it started recorded a request GitHub's API description does not allow, or
// answered with something GitHub would not send.
import { afterEach } from 'vitest'
import { drainViolations } from './violations.ts'

afterEach(() => {
  const violations = drainViolations()
  if (violations.length > 0) {
    throw new Error(`The fake GitHub recorded ${violations.length} OpenAPI violation(s):\n- ${violations.join('\n- ')}`)
  }
})
