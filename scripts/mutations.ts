// Hand-written mutations the suite must catch (npm run mutate:shell; see
// docs/testing.md). Each is a small, realistic bug in src/: `find` must occur
// exactly once in `file`, and with it replaced by `replace`, the `tests` must
// fail. Stryker (npm run mutate) covers the pure core; these hold the shell
// (GitHub, the CLI, fail-closed reads) and the rules that matter most.
// Add one whenever a bug slips past the suite: the test that would have
// caught it, then the mutation that proves it does.

export interface Mutation {
  /** Short and stable: `npm run mutate:shell -- <id>` runs it alone. */
  readonly id: string
  /** The wrong behaviour, as a user would meet it. */
  readonly bug: string
  readonly file: string
  readonly find: string
  readonly replace: string
  /** The test files to run (relative to the repository). */
  readonly tests: readonly string[]
}

export const MUTATIONS: readonly Mutation[] = [
  // The five wrong behaviours issue 30 found passing every test.
  {
    id: 'gate-every-lineage-block',
    bug: 'a convergent group fails convergent-block only when every agreeing lineage said BLOCK (BLOCK + WARN passes)',
    file: 'src/core/verdict/gate.ts',
    find: "return g.convergent && g.severity === 'BLOCK'",
    replace: "return g.convergent && g.findings.every((f) => f.severity === 'BLOCK')",
    tests: ['__tests__/core/gate.test.ts', '__tests__/gate-severity.test.ts'],
  },
  {
    id: 'cli-exit-3-when-some-failed',
    bug: 'the CLI exits 3 ("no usable answer") when some calls failed, not when all did',
    file: 'src/core/verdict/assess.ts',
    find: "report.reviews.some((r) => r.outcome !== 'failed')",
    replace: "report.reviews.every((r) => r.outcome !== 'failed')",
    tests: ['__tests__/cli-exit.test.ts'],
  },
  {
    id: 'permission-lookup-failure-grants-write',
    bug: 'a failed permission lookup is taken as write access: anyone can run /review while GitHub errs',
    file: 'src/shell/github/change.ts',
    find: '        (error: unknown) => {\n          throw new Error(',
    replace: "        (error: unknown) => {\n          if (error) return 'write'\n          throw new Error(",
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'policy-403-is-no-file',
    bug: 'a 403 on the base policy read is taken for "no policy file": the repository is reviewed under the defaults',
    file: 'src/shell/github/policy-file.ts',
    find: 'if (httpStatus(error) === 404) return undefined',
    replace: 'if (httpStatus(error) === 404 || httpStatus(error) === 403) return undefined',
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'cli-unexpected-error-exit-1',
    bug: 'an unexpected error in the CLI (GitHub answers 404 to --pr) exits 1, "the gate failed", instead of 3',
    file: 'src/cli/main.ts',
    find: 'return error instanceof CliError ? error.exitCode : 3',
    replace: 'return error instanceof CliError ? error.exitCode : 1',
    tests: ['__tests__/cli-exit.test.ts'],
  },

  // Fail-closed reads.
  {
    id: 'dismissal-lookup-failure-grants-write',
    bug: "a failed permission lookup of a dismissal's author is taken as write access: the gate is overruled while GitHub errs",
    file: 'src/shell/github/commands.ts',
    find: "return [username, { unknown: status === undefined ? 'GitHub could not be reached' : `HTTP ${status}` }]",
    replace: "return [username, { role: 'write' }]",
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'policy-read-error-is-defaults',
    bug: 'any failed policy read is taken for "no policy file"',
    file: 'src/shell/github/policy-file.ts',
    find: '    (error: unknown) => ({ error }),',
    replace: '    () => ({ lookup }),',
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'policy-read-at-head',
    bug: 'the policy file is read at the head, so a pull request can loosen its own gate',
    file: 'src/main.ts',
    find: 'settingsAtBase(gh, github, change.baseSha,',
    replace: 'settingsAtBase(gh, github, change.headSha,',
    tests: ['__tests__/policy-action.test.ts'],
  },
  {
    id: 'diff-403-falls-back-to-files-api',
    bug: 'a refused diff read (403) falls back to the files API as if the diff were too large',
    file: 'src/shell/github/diff.ts',
    find: '    if (httpStatus(error) !== 406) throw error\n  }\n  const changed = await changedFiles()',
    replace: '    if (httpStatus(error) !== 406 && httpStatus(error) !== 403) throw error\n  }\n  const changed = await changedFiles()',
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'files-api-cap-ignored',
    bug: 'files past the files API cap are not counted, so a change no reviewer saw passes',
    file: 'src/shell/github/diff.ts',
    find: 'const missing = changed - files.length',
    replace: 'const missing = 0 * (changed - files.length)',
    tests: ['__tests__/action.test.ts'],
  },
  {
    id: 'crash-leaves-check-in-progress',
    bug: 'a run that breaks after starting the check leaves it in progress',
    file: 'src/main.ts',
    find: "    await reporter.fail('Review did not complete', `The review stopped before a verdict: ${message}`)\n",
    replace: '',
    tests: ['__tests__/fail-closed.test.ts'],
  },
  {
    id: 'triage-can-review',
    bug: 'a user with read access can request a review',
    file: 'src/shell/github/change.ts',
    find: "const WRITE_ACCESS = new Set(['admin', 'write'])",
    replace: "const WRITE_ACCESS = new Set(['admin', 'write', 'read'])",
    tests: ['__tests__/events.test.ts'],
  },

  // The CLI.
  {
    id: 'pr-no-answer-is-exit-1',
    bug: 'review --pr exits 1 ("the gate failed") when every model call failed',
    file: 'src/cli/pr.ts',
    find: 'if (result.noAnswer !== undefined) {',
    replace: 'if (result.noAnswer === "never") {',
    tests: ['__tests__/cli-exit.test.ts'],
  },
  {
    id: 'cli-two-sources',
    bug: 'the CLI takes two diff sources and reviews one of them',
    file: 'src/cli/main.ts',
    find: "if (command === 'review' && sources.length !== 1) {",
    replace: "if (command === 'review' && sources.length === 0) {",
    tests: ['__tests__/cli-exit.test.ts'],
  },

  // The sticky comment.
  {
    id: 'sticky-keeps-newest',
    bug: 'healing duplicate comments keeps the newest, so the comment moves down the conversation',
    file: 'src/shell/github/sticky-comment.ts',
    find: 'const [keep, ...duplicates] = existing',
    replace: 'const [keep, ...duplicates] = [...existing].reverse()',
    tests: ['__tests__/shell/sticky-comment.test.ts'],
  },
  {
    id: 'sticky-edits-others',
    bug: 'a comment by someone else quoting the marker is taken for ours and overwritten',
    file: 'src/shell/github/sticky-comment.ts',
    find: ".filter((c) => c.user?.login === login && (c.body ?? '').includes(COMMENT_MARKER))",
    replace: ".filter((c) => (c.body ?? '').includes(COMMENT_MARKER))",
    tests: ['__tests__/shell/sticky-comment.test.ts'],
  },
  {
    id: 'reporter-no-redaction',
    bug: "the GitHub reporter posts what it is given without redacting the run's secrets",
    file: 'src/shell/reporters/github.ts',
    find: 'const redact = (text: string): string => redactSecrets(text, to.secrets)',
    replace: 'const redact = (text: string): string => (to.secrets.length < 0 ? redactSecrets(text, to.secrets) : text)',
    tests: ['__tests__/shell/github-reporter.test.ts'],
  },

  // Core rules the issue found held by one test only: now held at two layers.
  {
    id: 'min-reviewers-by-reviewer',
    bug: 'min-reviewers counts reviewers, not lineages: two models of one lab pass it',
    file: 'src/core/verdict/gate.ts',
    find: 'if (c.lineages.length >= policy.minReviewers) continue',
    replace: 'if (c.complete.length >= policy.minReviewers) continue',
    tests: ['__tests__/action.test.ts'],
  },
  {
    id: 'retracted-counted',
    bug: 'a finding its reviewer retracts still counts toward convergence',
    file: 'src/core/verdict/tally.ts',
    find: 'findings.filter((f) => !f.retracted),',
    replace: 'findings.filter((f) => f.retracted !== null),',
    tests: ['__tests__/action.test.ts'],
  },
  {
    id: 'not-glob-ignored',
    bug: 'a !glob in exclude re-includes nothing',
    file: 'src/core/plan/select.ts',
    find: 'return (path) => matched(path) && !taken(path)',
    replace: 'return (path) => matched(path) || (taken(path) && false)',
    tests: ['__tests__/policy-action.test.ts'],
  },
  {
    id: 'thread-range-across-hunks',
    bug: 'a range that leaves the diff is commented whole, and GitHub refuses the review',
    file: 'src/core/verdict/threads.ts',
    find: 'for (let l = startLine; l <= end; l++) if (!file.has(l)) return { path, startLine, endLine: startLine }',
    replace: 'for (let l = startLine; l <= end; l++) if (!file.has(l) && l < 0) return { path, startLine, endLine: startLine }',
    tests: ['__tests__/threads.test.ts'],
  },

  // Issue 28: the gate holes on the paths where CI, workflows and tests live.
  {
    id: 'emphasis-strips-path',
    bug: 'leading _ or * is stripped from a WHERE value as emphasis: __tests__/x.ts becomes tests__/x.ts, _config.yml lands on site/config.yml',
    file: 'src/core/reply/draft.ts',
    find: "const s = value.replace(/^[*_]+\\s+/, '')",
    replace: "const s = value.replace(/^[*_]+\\s*/, '')",
    tests: ['__tests__/action-paths.test.ts'],
  },
  {
    id: 'dot-segment-not-a-path',
    bug: '.github/workflows/ci.yml:2 in a one-line finding is not read as a location: a convergent BLOCK there passes',
    file: 'src/core/reply/locations.ts',
    find: 'const SEGMENT = String.raw`\\.?[',
    replace: 'const SEGMENT = String.raw`[',
    tests: ['__tests__/core/reply-paths.test.ts'],
  },
  {
    id: 'spaced-path-unread',
    bug: 'a path with a space is read as its last word in prose shapes: docs/user guide.md:2 becomes guide.md:2',
    file: 'src/core/reply/review.ts',
    find: 'const aliases = aliasPaths(resolveFilesTabLinks(call.reply, bundle.paths), bundle.paths)',
    replace: 'const aliases = aliasPaths(resolveFilesTabLinks(call.reply, bundle.paths), [])',
    tests: ['__tests__/action-paths.test.ts'],
  },
  {
    id: 'approval-is-unread',
    bug: '"src/app.ts:3 is fine" beside a lone BLOCK counts as unread text and fails the gate',
    file: 'src/core/reply/gaps.ts',
    find: 'if (RETRACTION.test(line) || isApproval(line)) return undefined',
    replace: 'if (RETRACTION.test(line)) return undefined',
    tests: ['__tests__/action-paths.test.ts'],
  },
  {
    id: 'failed-call-is-no-finding',
    bug: 'a failed call beside a lone BLOCK lets it pass, where unread text there fails it',
    file: 'src/core/verdict/unread.ts',
    find: 'return placed ? marks : [...marks, ...unknownThroughout(r, lineage, groups)]',
    replace: 'return marks',
    tests: ['__tests__/core/tally.test.ts'],
  },
]
