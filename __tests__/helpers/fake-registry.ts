// A loopback npm registry's advisory endpoint (POST /-/npm/v1/security/advisories/bulk),
// for running the real `npm audit` against chosen advisories: npm sends the
// packages of the lockfile and keeps the advisories whose ranges hold an
// installed version. Packuments (npm's look-ups for a fix) are not found.
import { sendJson, startLoopback, type LoopbackServer } from './http.ts'

/** One advisory as the bulk endpoint lists it. */
export interface BulkAdvisory {
  readonly id: number
  readonly url: string
  readonly title: string
  readonly severity: 'info' | 'low' | 'moderate' | 'high' | 'critical'
  readonly vulnerable_versions: string
  readonly cwe?: readonly string[]
  readonly cvss?: { readonly score: number; readonly vectorString: string | null }
}

/** Advisories by package name, or the HTTP status the endpoint refuses with (as a mirror that allows only GET answers 405). */
export async function startFakeRegistry(
  answer: Readonly<Record<string, readonly BulkAdvisory[]>> | { status: number },
): Promise<LoopbackServer> {
  return startLoopback((req, res) => {
    if (req.method !== 'POST' || !req.path.endsWith('/-/npm/v1/security/advisories/bulk')) return sendJson(res, 404, {})
    if ('status' in answer && typeof answer.status === 'number') return sendJson(res, answer.status, {})
    sendJson(res, 200, answer)
  })
}

/** GHSA-xvch-5gv4-984h as GitHub publishes it, for minimist 1.x (the id is the registry's own number, any here). */
export const MINIMIST_PROTOTYPE_POLLUTION: BulkAdvisory = {
  id: 1,
  url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
  title: 'Prototype Pollution in minimist',
  severity: 'critical',
  vulnerable_versions: '>=1.0.0 <1.2.6',
  cwe: ['CWE-1321'],
  cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
}
