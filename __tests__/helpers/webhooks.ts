// Real webhook payloads from @octokit/webhooks-examples (payloads GitHub
// sent, collected by the octokit/webhooks project), deep-copied so a test
// can override the fields it needs to match the fake's pull request.
import { createRequire } from 'node:module'
import type { WebhookDefinition } from '@octokit/webhooks-examples'

type Name = WebhookDefinition['name']
export type Payload<N extends Name> = WebhookDefinition<N>['examples'][number]

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[]

/** A copy of the first `name` example with this action (any, for events without one) that `where` accepts. */
export function webhook<N extends Name>(name: N, action?: string, where: (e: Payload<N>) => boolean = () => true): Payload<N> {
  const examples = (definitions.find((d) => d.name === name)?.examples ?? []) as Payload<N>[]
  const found = examples.find((e) => (action === undefined || (e as { action?: string }).action === action) && where(e))
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ''} example`)
  return structuredClone(found)
}

/**
 * The issue_comment example, on a pull request (the examples' comments are on
 * an issue: GitHub adds issue.pull_request for a pull request's), saying `body`.
 */
export function commentOnPull(body: string, action = 'created'): Payload<'issue_comment'> {
  const event = webhook('issue_comment', action)
  const n = event.issue.number
  const html = `https://github.com/${event.repository.full_name}/pull/${n}`
  event.issue.pull_request = {
    url: `https://api.github.com/repos/${event.repository.full_name}/pulls/${n}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    merged_at: null,
  }
  event.comment.body = body
  return event
}
