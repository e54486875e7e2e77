// A loopback GitHub serving the demo diff as pull request #7, fresh for each
// test, and a place for the test's model endpoint; both closed after it.
import { afterEach, beforeEach } from 'vitest'
import { HEAD_SHA } from './action-run.ts'
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts'
import { startFakeModels, type FakeModels, type ModelScript } from './fake-models.ts'
import { demoDiff } from './fixtures.ts'

export interface DemoPull {
  /** The fake GitHub of the running test. */
  readonly github: FakeGitHub
  /** Starts the test's model endpoint, closed after the test. */
  models(script: Record<string, ModelScript>): Promise<FakeModels>
}

export function useDemoPull(): DemoPull {
  let github: FakeGitHub | undefined
  let models: FakeModels | undefined
  beforeEach(async () => {
    github = await startFakeGitHub()
    github.pulls.set(7, { number: 7, headSha: HEAD_SHA, baseSha: 'b'.repeat(40), title: 'Add rate limiting', diff: demoDiff() })
  })
  afterEach(async () => {
    await github?.close()
    await models?.close()
    models = undefined
  })
  return {
    get github() {
      if (!github) throw new Error('useDemoPull: no test is running')
      return github
    },
    async models(script) {
      models = await startFakeModels(script)
      return models
    },
  }
}
