// GitHub's size limits under thousands of long findings. A stress test, left
// out of mutation runs (vitest.mutate.config.ts), where instrumented code makes it crawl.
import { describe, expect, it } from 'vitest'
import { CHECK_SUMMARY_MAX, renderCheck } from '../../src/core/render/check.ts'
import { COMMENT_MAX, renderComment } from '../../src/core/render/comment.ts'
import { demoReport } from '../helpers/demo-report.ts'
import { hostileReport } from '../helpers/hostile-report.ts'

describe('rendered report at GitHub limits', () => {
  it('keeps comment and check summary within GitHub limits, with a visible note', async () => {
    const huge = hostileReport(await demoReport(), 'x'.repeat(5000), 2000)
    const comment = renderComment(huge)
    const check = renderCheck(huge)
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX)
    expect(check.summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX)
    expect(comment).toMatch(/more row\(s\) left out to fit the size limit/)
    expect(check.annotations).toHaveLength(2000)
    for (const a of check.annotations) {
      expect(a.title.length).toBeLessThanOrEqual(255)
      expect(a.message.length).toBeLessThanOrEqual(4000)
    }
  })
})
