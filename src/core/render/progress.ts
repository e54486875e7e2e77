// Progress while the reviews run: one log line per review (who, which bundle,
// whether it counts, never the reply or the request), the CLI's status line,
// and the check run's title and summary (the plan, reviews done per reviewer,
// failures with the first reason, convergent findings so far, time left).
import type { Review } from '../reply/types.ts'
import { markdownText, plainText } from '../text/sanitize.ts'
import type { RunProgress } from '../verdict/progress.ts'

export function progressLine(r: Review): string {
  const mark = r.complete ? '✓' : '✗'
  const detail = r.complete ? `${r.tokensIn}→${r.tokensOut} tokens` : (r.incompleteReason ?? '')
  return `  ${mark} ${r.reviewer.padEnd(8)} ${r.bundleId.padEnd(32)} ${(r.latencyMs / 1000).toFixed(1)}s ${detail}`
}

/** What a per-review log line adds: `4/6 done, about 40 s left`. */
export function progressCount(p: RunProgress): string {
  return `${p.done}/${p.total} done${p.leftMs === undefined || p.done === p.total ? '' : `, about ${duration(p.leftMs)} left`}`
}

/** The CLI's one status line: counts per reviewer, convergent so far, failures, time left. */
export function progressStatus(p: RunProgress): string {
  const per = p.perReviewer.map((r) => `${r.reviewer} ${r.done}/${r.total}`).join(', ')
  const failed = p.firstFailure ? ` · ${p.failed} failed (${p.firstFailure.reviewer}: ${p.firstFailure.reason})` : ''
  const left = p.leftMs === undefined ? '' : ` · about ${duration(p.leftMs)} left`
  return plainText(`reviews ${p.done}/${p.total} (${per}) · ${p.convergent} convergent so far${failed}${left}`, 300)
}

export function progressTitle(p: RunProgress): string {
  const failed = p.failed > 0 ? `, ${p.failed} failed` : ''
  const left = p.leftMs === undefined ? '' : ` · about ${duration(p.leftMs)} left`
  return `Reviewing: ${p.done} of ${p.total} reviews done${failed}${left}`
}

/** The check's summary while the reviews run; `plan`: the plan line (planLine). */
export function progressSummary(plan: string, p: RunProgress | undefined, intervalSeconds: number): string {
  const lines = [`**Plan**: ${markdownText(plan, 1000)}`, '']
  if (p) {
    const left = p.leftMs === undefined ? '' : ` · about ${duration(p.leftMs)} left`
    lines.push(
      `**${p.done} of ${p.total} reviews done** after ${duration(p.elapsedMs)}${left}`,
      '',
      '| Reviewer | Done | Failed |',
      '|---|---|---|',
      ...p.perReviewer.map((r) => `| ${markdownText(r.reviewer, 40)} | ${r.done}/${r.total} | ${r.failed} |`),
      '',
      `**${p.convergent} convergent finding(s) so far**: not a verdict; the gate decides once every review is in.`,
      '',
    )
    if (p.firstFailure) {
      const f = p.firstFailure
      lines.push(
        `**${p.failed} review(s) failed so far**, the first: ${markdownText(f.reviewer, 40)} on ${markdownText(f.bundleId, 80)}: ${markdownText(f.reason, 300)}`,
        '',
      )
    }
  }
  lines.push(`<sub>Updated at most every ${intervalSeconds} s while the reviews run; the verdict replaces this.</sub>`)
  return `${lines.join('\n')}\n`
}

/** 45 s, 1 min 20 s, 12 min: a wait a person can read at a glance. */
export function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const min = Math.floor(s / 60)
  return min >= 10 || s % 60 === 0 ? `${Math.round(s / 60)} min` : `${min} min ${s % 60} s`
}
