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
