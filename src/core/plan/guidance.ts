// The repository's guidance files for AI tools (AGENTS.md, CLAUDE.md, …) →
// what every reviewer is given of them: each file's text made safe to embed
// (secrets redacted, hidden characters shown, control characters dropped) and
// cut to the limits, at a line where it can be, with what was cut said. They
// are the maintainers' words, read at the base commit, but still untrusted
// text: prompt.ts fences them and places them before the reply format, which
// they cannot change.
import { revealHidden } from '../text/hidden.ts'
import { redactSecrets } from '../text/sanitize.ts'
import type { GuidanceSource, GuidanceText } from './types.ts'

/** Bytes of one guidance file given to reviewers; the rest is cut, and the report says so. */
export const GUIDANCE_FILE_MAX_BYTES = 8_000
/** Bytes of all guidance files together: every byte is sent with every bundle. */
export const GUIDANCE_MAX_BYTES = 16_000
// Less than this of a file that does not fit is a fragment, not guidance: it is left out.
const FRAGMENT_BYTES = 500

export interface GuidanceRead {
  readonly path: string
  readonly text: string
}

export interface BoundGuidance {
  readonly texts: readonly GuidanceText[]
  readonly source: GuidanceSource
  /** What was cut or left out, one sentence each, for the report's warnings. */
  readonly warnings: readonly string[]
}

/** The files in the order given, each within its own limit and what is left of the limit in all. */
export function boundGuidance(files: readonly GuidanceRead[], at: string | undefined, secrets: readonly string[] = []): BoundGuidance {
  const texts: GuidanceText[] = []
  const summaries: { path: string; bytes: number; usedBytes: number }[] = []
  const warnings: string[] = []
  let left = GUIDANCE_MAX_BYTES
  for (const file of files) {
    const clean = cleanText(redactSecrets(file.text, secrets))
    const bytes = Buffer.byteLength(file.text, 'utf8')
    if (clean.trim() === '') continue
    const allowed = Math.min(GUIDANCE_FILE_MAX_BYTES, left)
    const fits = Buffer.byteLength(clean, 'utf8') <= allowed
    const used = fits || allowed >= FRAGMENT_BYTES ? cutToBytes(clean, allowed) : ''
    const usedBytes = Buffer.byteLength(used, 'utf8')
    summaries.push({ path: file.path, bytes, usedBytes })
    if (used.trim() === '') {
      warnings.push(
        `guidance file ${file.path} was left out: the files before it used the ${GUIDANCE_MAX_BYTES} bytes all guidance may take`,
      )
      continue
    }
    if (used.length < clean.length) {
      const limit =
        left < GUIDANCE_FILE_MAX_BYTES ? `the ${GUIDANCE_MAX_BYTES} bytes all guidance may take` : `${GUIDANCE_FILE_MAX_BYTES} bytes a file`
      warnings.push(`guidance file ${file.path} is ${bytes} bytes; reviewers were given its first ${usedBytes} (${limit})`)
    }
    texts.push({ path: file.path, text: used })
    left -= usedBytes
  }
  return { texts, source: { ...(at === undefined ? {} : { at }), files: summaries }, warnings }
}

/** Line endings as \n, tabs kept, every other control character dropped, hidden characters shown as <U+XXXX>. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return revealHidden(text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''))
}

/** At most `max` UTF-8 bytes: whole lines when a line ends in the last half, else whole characters. */
function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text
  let end = 0
  let bytes = 0
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (bytes + size > max) break
    bytes += size
    end += ch.length
  }
  const cut = text.slice(0, end)
  const line = cut.lastIndexOf('\n')
  return line >= cut.length / 2 ? cut.slice(0, line + 1) : cut
}
