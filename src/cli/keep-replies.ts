// Replies are paid for as they arrive, so they are kept as they arrive: with
// --out each is written to the evidence directory the moment it comes back;
// without it they are held, and written to a new directory if the run is
// interrupted (Ctrl-C). Either way an interrupted run leaves evidence that
// --replay reads, the missing replies counting as failed reviews there.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ReviewerEndpoint } from '../config/reviewers.ts'
import { bundleKey } from '../core/plan/bundle.ts'
import type { Bundle } from '../core/plan/types.ts'
import { formatEvidenceReply } from '../core/reply/record.ts'
import type { Review } from '../core/reply/types.ts'

export interface ReplyKeeper {
  /** The plan is approved: from here on calls are made (with --out, the directory is laid out now). */
  start(bundles: readonly Bundle[], reviewers: readonly ReviewerEndpoint[]): void
  /** A reply came back. */
  record(review: Review): void
  /** Every write started so far has ended. */
  settled(): Promise<void>
  /** Writes what is held (to a new directory without --out); the directory and how many replies it holds of how many planned. */
  flush(): Promise<{ dir: string; kept: number; planned: number } | undefined>
}

export function replyKeeper(diffBytes: Buffer, out: string | undefined, now: () => Date): ReplyKeeper {
  let plan: { bundles: readonly Bundle[]; models: Map<string, string> } | undefined
  const arrived: Review[] = []
  let writes: Promise<void> = Promise.resolve()
  const queue = (write: (dir: string) => Promise<void>, dir: string): void => {
    writes = writes.then(() => write(dir)).catch(() => undefined) // --out was checked writable; the final write reports failures
  }
  const writeReply = async (dir: string, review: Review): Promise<void> => {
    const bundle = plan?.bundles.find((b) => b.id === review.bundleId)
    if (!bundle) return
    const header = {
      reviewer: review.reviewer,
      model: plan?.models.get(review.reviewer) ?? '',
      bundle: bundle.id,
      date: now().toISOString(),
    }
    await writeFile(join(dir, 'bundles', bundleKey(bundle), `${review.reviewer}.md`), formatEvidenceReply(review, header))
  }
  const layOut = async (dir: string): Promise<void> => {
    await rm(join(dir, 'bundles'), { recursive: true, force: true })
    await writeFile(join(dir, 'input.diff'), diffBytes)
    for (const bundle of plan?.bundles ?? []) {
      await mkdir(join(dir, 'bundles', bundleKey(bundle)), { recursive: true })
      await writeFile(join(dir, 'bundles', bundleKey(bundle), 'bundle.diff'), bundle.text)
    }
  }
  return {
    start(bundles, reviewers) {
      plan = { bundles, models: new Map(reviewers.map((r) => [r.name, r.model])) }
      if (out !== undefined) queue(layOut, out)
    },
    record(review) {
      arrived.push(review)
      if (out !== undefined) queue((dir) => writeReply(dir, review), out)
    },
    settled: () => writes,
    async flush() {
      if (plan === undefined) return undefined
      const planned = plan.bundles.length * plan.models.size
      if (out !== undefined) {
        await writes
        return { dir: out, kept: arrived.length, planned }
      }
      if (arrived.length === 0) return undefined
      const dir = await mkdtemp(join(tmpdir(), 'cross-lineage-review-'))
      await layOut(dir)
      for (const review of arrived) await writeReply(dir, review)
      return { dir, kept: arrived.length, planned }
    },
  }
}
