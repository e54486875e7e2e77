// GitHub REST objects as api.github.com serves them, built from a fake's
// state: every field GitHub's schemas require, with URLs into the fake
// (`api`) and github.com. Checked against the OpenAPI description by the
// fake on every answer (see openapi.ts).
import { createHash } from 'node:crypto'

export interface Site {
  /** The fake's base URL, standing in for https://api.github.com. */
  readonly api: string
  readonly owner: string
  readonly repo: string
}

const WEB = 'https://github.com'

/** A stable positive id for a name, like GitHub's database ids. */
export function idFor(name: string): number {
  return 1_000_000 + (createHash('sha256').update(name).digest().readUInt32BE(0) % 900_000_000)
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64')
}

/** ISO 8601 as GitHub writes it: seconds, Z. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const CREATED = '2024-03-01T09:00:00Z'

export type UserType = 'User' | 'Bot' | 'Organization'

/** simple-user */
export function user(site: Site, login: string, type: UserType = 'User'): Record<string, unknown> {
  const id = idFor(`user:${login}`)
  const u = `${site.api}/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: nodeId(type === 'Bot' ? 'Bot' : type === 'Organization' ? 'Organization' : 'User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: type === 'Bot' ? `${WEB}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  }
}

/** repository (full_name owner/name; a fork when it is not the site's own). */
export function repository(site: Site, fullName = `${site.owner}/${site.repo}`): Record<string, unknown> {
  const [owner = site.owner, name = site.repo] = fullName.split('/')
  const id = idFor(`repo:${fullName}`)
  const r = `${site.api}/repos/${fullName}`
  const fork = fullName !== `${site.owner}/${site.repo}`
  return {
    id,
    node_id: nodeId('Repository', id),
    name,
    full_name: fullName,
    owner: user(site, owner, owner === site.owner ? 'Organization' : 'User'),
    private: false,
    html_url: `${WEB}/${fullName}`,
    description: fork ? `Fork of ${site.owner}/${site.repo}` : 'Widgets, rate limited.',
    fork,
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    git_url: `git://github.com/${fullName}.git`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    ssh_url: `git@github.com:${fullName}.git`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    clone_url: `${WEB}/${fullName}.git`,
    mirror_url: null,
    hooks_url: `${r}/hooks`,
    svn_url: `${WEB}/${fullName}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 3,
    watchers_count: 3,
    watchers: 3,
    size: 1024,
    default_branch: 'main',
    open_issues_count: 1,
    open_issues: 1,
    is_template: false,
    topics: [],
    has_issues: !fork,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: CREATED,
    created_at: CREATED,
    updated_at: CREATED,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  }
}

export interface PullState {
  readonly number: number
  readonly title: string
  readonly headSha: string
  readonly baseSha: string
  readonly headRef: string
  readonly baseRef: string
  /** owner/name of the head repository (a fork when not the site's). */
  readonly headRepo: string
  readonly author: string
  readonly state: 'open' | 'closed'
  readonly draft: boolean
  readonly merged: boolean
  readonly changedFiles: number
  readonly additions: number
  readonly deletions: number
  /** When it was closed (default: a fixed time on the day it was created). */
  readonly closedAt?: string | undefined
}

/** pull-request (GET /repos/{owner}/{repo}/pulls/{pull_number}) */
export function pullRequest(site: Site, p: PullState): Record<string, unknown> {
  const id = idFor(`pull:${site.owner}/${site.repo}#${p.number}`)
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const html = `${WEB}/${site.owner}/${site.repo}/pull/${p.number}`
  const closedAt = p.state === 'closed' ? (p.closedAt ?? CREATED.replace('09:00', '17:30')) : null
  const author = user(site, p.author)
  const side = (ref: string, sha: string, repoName: string): Record<string, unknown> => {
    const owner = repoName.split('/')[0]!
    return {
      label: `${owner}:${ref}`,
      ref,
      sha,
      user: user(site, owner, owner === site.owner ? 'Organization' : 'User'),
      repo: repository(site, repoName),
    }
  }
  const link = (href: string): { href: string } => ({ href })
  return {
    url: `${r}/pulls/${p.number}`,
    id,
    node_id: nodeId('PullRequest', id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${r}/issues/${p.number}`,
    commits_url: `${r}/pulls/${p.number}/commits`,
    review_comments_url: `${r}/pulls/${p.number}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${p.number}/comments`,
    statuses_url: `${r}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: CREATED,
    updated_at: closedAt ?? CREATED,
    closed_at: closedAt,
    merged_at: p.merged ? closedAt : null,
    merge_commit_sha: p.merged ? 'f'.repeat(40) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.headRef, p.headSha, p.headRepo),
    base: side(p.baseRef, p.baseSha, `${site.owner}/${site.repo}`),
    _links: {
      self: link(`${r}/pulls/${p.number}`),
      html: link(html),
      issue: link(`${r}/issues/${p.number}`),
      comments: link(`${r}/issues/${p.number}/comments`),
      review_comments: link(`${r}/pulls/${p.number}/comments`),
      review_comment: link(`${r}/pulls/comments{/number}`),
      commits: link(`${r}/pulls/${p.number}/commits`),
      statuses: link(`${r}/statuses/${p.headSha}`),
    },
    author_association: p.headRepo === `${site.owner}/${site.repo}` ? 'MEMBER' : 'CONTRIBUTOR',
    auto_merge: null,
    draft: p.draft,
    merged: p.merged,
    mergeable: p.state === 'open' ? true : null,
    rebaseable: p.state === 'open' ? true : null,
    mergeable_state: p.state === 'open' ? (p.draft ? 'draft' : 'clean') : 'unknown',
    merged_by: p.merged ? user(site, site.owner, 'Organization') : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: p.headRepo !== `${site.owner}/${site.repo}`,
    commits: 1,
    additions: p.additions,
    deletions: p.deletions,
    changed_files: p.changedFiles,
  }
}

export interface CommentState {
  readonly id: number
  readonly issueNumber: number
  readonly login: string
  readonly userType: string
  readonly body: string
  readonly htmlUrl: string
  readonly createdAt: string
  readonly updatedAt: string
}

/** issue-comment */
export function issueComment(site: Site, c: CommentState): Record<string, unknown> {
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const bot = c.userType === 'Bot'
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${r}/issues/comments/${c.id}`,
    html_url: c.htmlUrl,
    body: c.body,
    user: user(site, c.login, c.userType as UserType),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${r}/issues/${c.issueNumber}`,
    author_association: bot ? 'NONE' : c.login === site.owner ? 'OWNER' : 'MEMBER',
    performed_via_github_app: bot ? githubActionsApp(site) : null,
    reactions: reactionRollup(`${r}/issues/comments/${c.id}/reactions`),
  }
}

/** reaction-rollup: no reactions yet. */
function reactionRollup(url: string): Record<string, unknown> {
  return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 }
}

/** The app GITHUB_TOKEN acts as (integration). */
export function githubActionsApp(site: Site): Record<string, unknown> {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: user(site, 'github', 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${WEB}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write' },
    events: ['check_run', 'check_suite', 'pull_request', 'push'],
  }
}

export interface CheckRunState {
  readonly id: number
  readonly name: string
  readonly headSha: string
  readonly status: string
  readonly conclusion: string | null
  readonly externalId: string | null
  readonly detailsUrl: string | null
  readonly startedAt: string | null
  readonly completedAt: string | null
  readonly output: { readonly title?: string | undefined; readonly summary?: string | undefined; readonly text?: string | undefined }
  readonly annotationsCount: number
  /** Open pull requests whose head is this commit. */
  readonly pulls: readonly { number: number; headRef: string; baseRef: string; baseSha: string }[]
}

/** check-run */
export function checkRun(site: Site, c: CheckRunState): Record<string, unknown> {
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const suite = idFor(`suite:${c.headSha}`)
  const repoRef = { id: idFor(`repo:${site.owner}/${site.repo}`), url: r, name: site.repo }
  return {
    id: c.id,
    head_sha: c.headSha,
    node_id: nodeId('CheckRun', c.id),
    external_id: c.externalId,
    url: `${r}/check-runs/${c.id}`,
    html_url: `${WEB}/${site.owner}/${site.repo}/runs/${c.id}`,
    details_url: c.detailsUrl ?? `${WEB}/${site.owner}/${site.repo}/runs/${c.id}`,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      title: c.output.title ?? null,
      summary: c.output.summary ?? null,
      text: c.output.text ?? null,
      annotations_count: c.annotationsCount,
      annotations_url: `${r}/check-runs/${c.id}/annotations`,
    },
    name: c.name,
    check_suite: { id: suite },
    app: githubActionsApp(site),
    pull_requests: c.pulls.map((p) => ({
      url: `${r}/pulls/${p.number}`,
      id: idFor(`pull:${site.owner}/${site.repo}#${p.number}`),
      number: p.number,
      head: { ref: p.headRef, sha: c.headSha, repo: repoRef },
      base: { ref: p.baseRef, sha: p.baseSha, repo: repoRef },
    })),
  }
}

export interface FileState {
  readonly filename: string
  readonly status: string
  readonly additions: number
  readonly deletions: number
  readonly changes: number
  readonly patch?: string | undefined
  readonly previousFilename?: string | undefined
  readonly sha: string | null
}

/** diff-entry (files of a pull request or a comparison) */
export function diffEntry(site: Site, headSha: string, f: FileState): Record<string, unknown> {
  const path = f.filename.split('/').map(encodeURIComponent).join('/')
  return {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    blob_url: `${WEB}/${site.owner}/${site.repo}/blob/${headSha}/${path}`,
    raw_url: `${WEB}/${site.owner}/${site.repo}/raw/${headSha}/${path}`,
    contents_url: `${site.api}/repos/${site.owner}/${site.repo}/contents/${path}?ref=${headSha}`,
    ...(f.patch === undefined ? {} : { patch: f.patch }),
    ...(f.previousFilename === undefined ? {} : { previous_filename: f.previousFilename }),
  }
}

/** commit (as listed in a comparison) */
export function commit(site: Site, sha: string, parent: string | undefined, message: string): Record<string, unknown> {
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const person = { name: 'Alice', email: 'alice@example.com', date: CREATED }
  return {
    url: `${r}/commits/${sha}`,
    sha,
    node_id: nodeId('Commit', idFor(`commit:${sha}`)),
    html_url: `${WEB}/${site.owner}/${site.repo}/commit/${sha}`,
    comments_url: `${r}/commits/${sha}/comments`,
    commit: {
      url: `${r}/git/commits/${sha}`,
      author: person,
      committer: person,
      message,
      comment_count: 0,
      tree: { sha: createHash('sha1').update(`tree:${sha}`).digest('hex'), url: `${r}/git/trees/${sha}` },
      verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
    },
    // No GitHub account for the commit's email: GitHub answers null.
    author: null,
    committer: null,
    parents: parent ? [{ sha: parent, url: `${r}/commits/${parent}`, html_url: `${WEB}/${site.owner}/${site.repo}/commit/${parent}` }] : [],
  }
}

/** commit-comparison (GET /repos/{owner}/{repo}/compare/{base}...{head}) */
export function commitComparison(
  site: Site,
  base: string,
  head: string,
  files: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const web = `${WEB}/${site.owner}/${site.repo}/compare/${base}...${head}`
  const baseCommit = commit(site, base, undefined, 'Base')
  return {
    url: `${r}/compare/${base}...${head}`,
    html_url: web,
    permalink_url: `${WEB}/${site.owner}/${site.repo}/compare/${site.owner}:${base.slice(0, 7)}...${site.owner}:${head.slice(0, 7)}`,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    base_commit: baseCommit,
    merge_base_commit: baseCommit,
    status: 'ahead',
    ahead_by: 1,
    behind_by: 0,
    total_commits: 1,
    commits: [commit(site, head, base, 'Merge queue entry')],
    files,
  }
}

const LEGACY_PERMISSION: Record<string, string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' }

/**
 * repository-collaborator-permission. `permission` uses the legacy names
 * (maintain → write, triage → read); `role_name` is the role itself.
 */
export function collaboratorPermission(site: Site, login: string, role: string): Record<string, unknown> {
  const permission = LEGACY_PERMISSION[role] ?? 'none'
  return {
    permission,
    role_name: role,
    user: {
      ...user(site, login),
      permissions: {
        admin: role === 'admin',
        maintain: role === 'admin' || role === 'maintain',
        push: permission === 'admin' || permission === 'write',
        triage: role !== 'read' && role !== 'none',
        pull: role !== 'none',
      },
      role_name: role,
    },
  }
}

/** content-file (the contents API's JSON for a file) */
export function contentFile(site: Site, path: string, ref: string, text: string): Record<string, unknown> {
  const sha = createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest('hex')
  const encoded = path.split('/').map(encodeURIComponent).join('/')
  const url = `${site.api}/repos/${site.owner}/${site.repo}/contents/${encoded}?ref=${ref}`
  const html = `${WEB}/${site.owner}/${site.repo}/blob/${ref}/${encoded}`
  const git = `${site.api}/repos/${site.owner}/${site.repo}/git/blobs/${sha}`
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text),
    name: path.split('/').at(-1),
    path,
    content: Buffer.from(text).toString('base64'),
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url: `https://raw.githubusercontent.com/${site.owner}/${site.repo}/${ref}/${encoded}`,
    _links: { self: url, git, html },
  }
}

const DOCS = 'https://docs.github.com/rest'

/** basic-error */
export function errorBody(message: string, status: number): Record<string, unknown> {
  return { message, documentation_url: DOCS, status: String(status) }
}

/** validation-error (422) */
export function validationFailed(
  errors: readonly { code: string; message?: string; field?: string; resource?: string }[],
): Record<string, unknown> {
  return { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' }
}

export interface ReviewState {
  readonly id: number
  readonly pull: number
  readonly login: string
  readonly body: string
  readonly state: string
  readonly commitId: string
  readonly submittedAt: string
}

/** pull-request-review (POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews) */
export function pullRequestReview(site: Site, r: ReviewState): Record<string, unknown> {
  const pull = `${site.api}/repos/${site.owner}/${site.repo}/pulls/${r.pull}`
  const html = `${WEB}/${site.owner}/${site.repo}/pull/${r.pull}#pullrequestreview-${r.id}`
  const bot = r.login.endsWith('[bot]')
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: user(site, r.login, bot ? 'Bot' : 'User'),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pull,
    _links: { html: { href: html }, pull_request: { href: pull } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: bot ? 'NONE' : 'MEMBER',
  }
}

export interface ReviewCommentState {
  readonly id: number
  readonly reviewId: number
  readonly pull: number
  readonly login: string
  readonly path: string
  readonly body: string
  readonly line: number
  readonly startLine?: number
  readonly side: 'LEFT' | 'RIGHT'
  readonly commitId: string
  readonly diffHunk: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly inReplyTo?: number
}

/** pull-request-review-comment (PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}) */
export function reviewComment(site: Site, c: ReviewCommentState): Record<string, unknown> {
  const r = `${site.api}/repos/${site.owner}/${site.repo}`
  const html = `${WEB}/${site.owner}/${site.repo}/pull/${c.pull}#discussion_r${c.id}`
  const bot = c.login.endsWith('[bot]')
  return {
    url: `${r}/pulls/comments/${c.id}`,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId('PullRequestReviewComment', c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: user(site, c.login, bot ? 'Bot' : 'User'),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: `${r}/pulls/${c.pull}`,
    author_association: bot ? 'NONE' : 'MEMBER',
    _links: { self: { href: `${r}/pulls/comments/${c.id}` }, html: { href: html }, pull_request: { href: `${r}/pulls/${c.pull}` } },
    start_line: c.startLine ?? null,
    original_start_line: c.startLine ?? null,
    start_side: c.startLine === undefined ? null : c.side,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: 'line',
    ...(c.inReplyTo === undefined ? {} : { in_reply_to_id: c.inReplyTo }),
    reactions: reactionRollup(`${r}/pulls/comments/${c.id}/reactions`),
  }
}
