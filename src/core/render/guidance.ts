// The report's footer line about the repository's guidance files: which ones
// the reviewers were given, where they were read, their sizes, and what was cut.
import type { GuidanceSource } from '../plan/types.ts'

/** e.g. "Guidance files: AGENTS.md (2.1 kB), CLAUDE.md (12.3 kB, its first 8.0 kB used) at base 1a2b3c4." */
export function guidanceLine(g: GuidanceSource): string {
  const files = g.files.map((f) => {
    const cut = f.usedBytes === 0 ? ', left out' : f.usedBytes < f.bytes ? `, its first ${size(f.usedBytes)} used` : ''
    return `${f.path} (${size(f.bytes)}${cut})`
  })
  return `Guidance files given to the reviewers: ${files.join(', ')}${g.at === undefined ? '' : ` at ${g.at}`}.`
}

function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} bytes` : `${(bytes / 1000).toFixed(1)} kB`
}
