// Writes stop when the job is cancelled. After stop(), no write leaves the
// client: neither a retry nor a write waiting in the throttle's queue. stop()
// resolves once the writes already on the wire are answered, so that the one
// request a cancellation sends next (completing the check) lands after them.
import type { getOctokit } from '@actions/github'

type Octokit = ReturnType<typeof getOctokit>

export class WritesStopped extends Error {
  constructor(what: string) {
    super(`not sent: the run is being cancelled (${what})`)
    this.name = 'WritesStopped'
  }
}

export interface WriteGate {
  /**
   * An octokit plugin. Give it before the retry and throttling plugins: the
   * first hook registered wraps the request innermost, so the gate sees each
   * attempt as it leaves, after any queueing and back-off.
   */
  readonly plugin: (octokit: Pick<Octokit, 'hook'>) => void
  readonly stop: () => Promise<void>
}

export function writeGate(): WriteGate {
  let stopped = false
  const onTheWire = new Set<Promise<unknown>>()
  return {
    plugin(octokit) {
      octokit.hook.wrap('request', async (request, options) => {
        if (options.method === 'GET' || options.method === 'HEAD') return request(options)
        // Not an HTTP error: the retry plugin passes it through untried.
        if (stopped) throw new WritesStopped(`${options.method} ${options.url}`)
        const sent = Promise.resolve(request(options))
        onTheWire.add(sent)
        try {
          return await sent
        } finally {
          onTheWire.delete(sent)
        }
      })
    },
    async stop() {
      stopped = true
      await Promise.allSettled([...onTheWire])
    },
  }
}
