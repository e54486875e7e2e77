// The review of one change, the same for the action, the CLI and the demo:
// select → context → plan (and its estimate, logged) → approval → every
// reviewer on every bundle → tally and gate. The approval hook is the seam
// where the CLI's cost guard stops a run before any model call.
import type { ReviewSettings } from './config/settings.ts'
import { extendWithinCap, withoutContext } from './core/diff/context.ts'
import { redactDiff } from './core/diff/redact.ts'
import type { FileDiff } from './core/diff/types.ts'
import { estimateRun, type RunEstimate } from './core/plan/budget.ts'
import { boundGuidance, type GuidanceRead } from './core/plan/guidance.ts'
import { planReview, type ReviewPlan } from './core/plan/plan.ts'
import { selectFiles } from './core/plan/select.ts'
import type { GuidanceSource, SkippedFile } from './core/plan/types.ts'
import { planLine } from './core/render/plan.ts'
import { PROMPT_CHARS } from './core/reply/prompt.ts'
import type { StoredReply } from './core/reply/reuse.ts'
import type { Review } from './core/reply/types.ts'
import { assess, type History } from './core/verdict/assess.ts'
import { indexDiff, type DiffIndex } from './core/verdict/locate.ts'
import type { ProgressEvent } from './core/verdict/progress.ts'
import { tallyReviews } from './core/verdict/tally.ts'
import type { Report, RepositoryLinks } from './core/verdict/types.ts'
import { reviewAll } from './shell/fanout.ts'
import type { ReviewClient } from './shell/models.ts'

/** A diff to review, however it was obtained. */
export interface ChangeToReview {
  /** What is reviewed, e.g. "pull request #7 at 1a2b3c4"; shown in the report. */
  readonly label: string
  readonly files: readonly FileDiff[]
  /** Changes known to exist that could not be fetched; they fail the gate. */
  readonly gaps?: readonly SkippedFile[]
  readonly warnings?: readonly string[]
  /** The repository and head commit, when the change is one on GitHub: the report links each location to its lines. */
  readonly links?: RepositoryLinks
  /** The repository's guidance files as read at the base (`at`), for every reviewer's system message. */
  readonly guidance?: { readonly at?: string; readonly files: readonly GuidanceRead[] }
}

export type HeadFileReader = (
  paths: readonly string[],
) => Promise<{ readonly texts: ReadonlyMap<string, string>; readonly skipped: number }>

interface PlanDeps {
  /** Never shown in any output: the diff, the guidance files and replies are scrubbed of them as they arrive. */
  readonly secrets: readonly string[]
  /** The head version of files, for `context: function`; absent where there is no repository to read. */
  readonly readHeadFiles?: HeadFileReader
  readonly log: (message: string) => void
}

export interface PipelineDeps extends PlanDeps {
  readonly client: ReviewClient
  /** Replies from the previous run that may be reused for unchanged bundles; awaited only once the plan is made. */
  readonly reuse?: ReadonlyMap<string, StoredReply> | Promise<ReadonlyMap<string, StoredReply>>
  readonly onReview?: (review: Review) => void
  /** The plan before any call, then the run after each review: what progress shows. */
  readonly onProgress?: (event: ProgressEvent) => void
  /** Called with the plan before any model call; throwing stops the run there (the CLI's cost guard). */
  readonly approve?: (planned: PlannedChange) => Promise<void>
  /**
   * The pull request's ledger and dismissal commands, read once the reviews are in
   * (a command posted while models were answering still counts); absent where there is no pull request.
   */
  readonly history?: () => Promise<History>
}

/** A change planned and estimated; nothing has been sent yet. */
export interface PlannedChange {
  readonly change: ChangeToReview
  readonly plan: ReviewPlan
  readonly estimate: RunEstimate
  /** The guidance files the reviewers are given, with their sizes; undefined when there are none. */
  readonly guidance?: GuidanceSource
}

export async function reviewChange(change: ChangeToReview, settings: ReviewSettings, deps: PipelineDeps): Promise<Report> {
  // The run's own secrets leave the diff before anything reads it.
  const redacted = { ...change, files: redactDiff(change.files, deps.secrets) }
  const planned = await planChange(redacted, settings, deps)
  const plan = planLine({
    label: change.label,
    files: change.files.length,
    skipped: planned.plan.skipped.length,
    estimate: planned.estimate,
  })
  deps.log(plan)
  await deps.approve?.(planned)
  const progress = progressEvents(planned, settings, plan)
  deps.onProgress?.(progress([]))
  return reviewPlanned(planned, settings, deps, progress)
}

/** The run as progress shows it, after these reviews; the convergent count is a tally, made only when asked. */
function progressEvents(planned: PlannedChange, settings: ReviewSettings, plan: string): (done: readonly Review[]) => ProgressEvent {
  let index: DiffIndex | undefined
  return (done) => ({
    plan,
    reviewers: settings.reviewers.map((r) => r.name),
    bundles: planned.plan.bundles.length,
    reviews: done,
    concurrency: settings.concurrency,
    deadlineMs: settings.deadlineSeconds * 1000,
    convergent: () =>
      done.length === 0
        ? 0
        : tallyReviews({
            reviewers: settings.reviewers,
            bundles: planned.plan.bundles,
            reviews: done,
            index: (index ??= indexDiff(planned.plan.files)),
            lineWindow: settings.lineWindow,
          }).convergent,
  })
}

/** Selection, context, the guidance files, bundles and budget, then the estimate. */
async function planChange(change: ChangeToReview, settings: ReviewSettings, deps: PlanDeps): Promise<PlannedChange> {
  const guidance = boundGuidance(change.guidance?.files ?? [], change.guidance?.at, deps.secrets)
  const selection = selectFiles(change.files, settings.exclude)
  const shown = await withContext(selection.reviewable, settings, deps)
  const show = (f: FileDiff): FileDiff => shown.get(f) ?? f
  const plan = planReview(
    { files: change.files.map(show), reviewable: selection.reviewable.map(show), skipped: selection.skipped },
    { ...settings, guidance: guidance.texts },
    change.gaps,
  )
  const estimate = estimateRun(plan.bundles, settings.reviewers, settings.prices, settings.maxTokens, PROMPT_CHARS)
  const warned = { ...plan, warnings: [...guidance.warnings, ...plan.warnings] }
  return { change, plan: warned, estimate, ...(guidance.source.files.length > 0 ? { guidance: guidance.source } : {}) }
}

/** Every reviewer on every bundle of the plan, then the tally and the gate. */
async function reviewPlanned(
  planned: PlannedChange,
  settings: ReviewSettings,
  deps: PipelineDeps,
  progress: (done: readonly Review[]) => ProgressEvent,
): Promise<Report> {
  const { change, plan, guidance } = planned
  const reuse = await deps.reuse
  const done: Review[] = []
  const reviews = await reviewAll({
    ...settings,
    bundles: plan.bundles,
    client: deps.client,
    secrets: deps.secrets,
    ...(reuse ? { reuse } : {}),
    onReview: (review) => {
      done.push(review)
      deps.onReview?.(review)
      deps.onProgress?.(progress([...done]))
    },
  })
  const history = await deps.history?.()
  return assess({
    plan,
    reviews,
    reviewers: settings.reviewers,
    policy: settings,
    label: change.label,
    warnings: [...settings.warnings, ...(change.warnings ?? [])],
    source: settings.source,
    ...(history ? { history } : {}),
    ...(change.links ? { links: change.links } : {}),
    ...(guidance ? { guidance } : {}),
  })
}

/** The `context` setting applied to the reviewable files: each file → the file as reviewers see it. */
async function withContext(files: readonly FileDiff[], settings: ReviewSettings, deps: PlanDeps): Promise<Map<FileDiff, FileDiff>> {
  if (settings.context === 'none') return new Map(files.map((f) => [f, withoutContext(f)]))
  if (settings.context === 'hunk') return new Map()
  if (!deps.readHeadFiles) {
    deps.log('warning: context: function reads files from the repository, which is not available here; using hunk')
    return new Map()
  }
  const { texts, skipped } = await deps.readHeadFiles(files.filter((f) => f.status !== 'deleted').map((f) => f.path))
  if (skipped > 0)
    deps.log(`context: function: ${skipped} file(s) kept their plain hunks (too large, unreadable, or past the per-run limit)`)
  return new Map(
    files.map((f) => {
      const text = texts.get(f.path)
      return [f, text === undefined ? f : extendWithinCap(f, text, settings.bundleMaxBytes, settings.numberedLines)]
    }),
  )
}
