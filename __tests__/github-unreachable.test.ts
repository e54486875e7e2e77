// Issue 14, problem 8: a GitHub that cannot be reached is reported as the
// network (with the URL), not as "HTTP 500 … check pr-number".
import { describe, expect, it } from 'vitest'
import { runAgainst } from './helpers/action-run.ts'
import { startFakeGitHub } from './helpers/fake-github.ts'
import { startFakeModels } from './helpers/fake-models.ts'

describe('an unreachable GitHub', () => {
  it('names the API URL and the network error, and calls no model', async () => {
    const github = await startFakeGitHub()
    await github.close()
    const models = await startFakeModels({})
    const run = await runAgainst(github, models)
    await models.close()
    expect(run.error?.message).toMatch(
      new RegExp(`^Could not reach GitHub at ${github.url} \\(connect ECONNREFUSED [\\d.:]+\\): check the network and GITHUB_API_URL\\.$`),
    )
    expect(models.calls()).toEqual([])
    // Said while it retried, not only at the end.
    expect(run.warnings).toContain(`GitHub could not be reached on GET ${github.url}/repos/octo/widgets/pulls/7; trying again (2 of 4)`)
  })
})
