// A comment's text → a dismissal command, or why it is not a valid one.
// `/review dismiss <id> <reason>[: free text]` and `/review undismiss <id>`;
// in one of our review threads the id may be left out (the thread names it).
// The words are the commenter's own: only their shape is read here; who may
// use them is decided with the facts the shell reads (dismiss.ts).

export const DISMISS_REASONS = ['false-positive', 'wont-fix', 'accepted-risk'] as const
export type DismissReason = (typeof DISMISS_REASONS)[number]

/** The free text kept with a dismissal: a sentence or two, not a document. */
export const NOTE_MAX_CHARS = 500

export type ParsedCommand =
  | { readonly verb: 'dismiss'; readonly id?: string; readonly reason: DismissReason; readonly note: string }
  | { readonly verb: 'undismiss'; readonly id?: string }
  | { readonly verb: 'dismiss' | 'undismiss'; readonly problem: string }

const ID = /^[`#]*([0-9a-f]{7})[`]*$/i
const REASON_HINT = `one of ${DISMISS_REASONS.join(', ')}`
// Spellings people type for the same reason.
const ALIASES: Readonly<Record<string, DismissReason>> = {
  "won't-fix": 'wont-fix',
  'wont-fix': 'wont-fix',
  wontfix: 'wont-fix',
  'false-positive': 'false-positive',
  'accepted-risk': 'accepted-risk',
}

/** The command on the comment's first line, or undefined when the comment is no dismissal command at all. */
export function parseCommand(body: string, command: string): ParsedCommand | undefined {
  const [first = '', ...rest] = body.replace(/\r\n?/g, '\n').trim().split('\n')
  const m = new RegExp(`^${escape(command)}[ \\t]+(dismiss|undismiss)(?=\\s|:|$)(.*)$`, 'i').exec(first.trim())
  if (!m) return undefined
  const verb = (m[1] ?? '').toLowerCase() as 'dismiss' | 'undismiss'
  const words = (m[2] ?? '').trim()
  const idMatch = ID.exec(words.split(/\s+/, 1)[0] ?? '')
  const id = idMatch?.[1]?.toLowerCase()
  const afterId = idMatch ? words.slice(words.split(/\s+/, 1)[0]?.length ?? 0).trim() : words
  if (verb === 'undismiss') {
    if (afterId !== '' && id === undefined)
      return { verb, problem: `"${clip(afterId)}" is not a finding id (seven hex digits, e.g. 3f9a1c2)` }
    return id === undefined ? { verb } : { verb, id }
  }
  const reasonMatch = /^([^\s:]+)\s*:?\s*([\s\S]*)$/.exec(afterId)
  if (!reasonMatch) return { verb, problem: `missing reason: add ${REASON_HINT} after ${id === undefined ? 'the id' : id}` }
  const reason = ALIASES[(reasonMatch[1] ?? '').toLowerCase().replace(/’/g, "'")]
  if (reason === undefined) {
    const word = clip(reasonMatch[1] ?? '')
    const looksLikeId = /^[0-9a-z]{5,12}$/i.test(word) && /\d/.test(word)
    return {
      verb,
      problem: looksLikeId ? `"${word}" is not a finding id (seven hex digits)` : `unknown reason "${word}": use ${REASON_HINT}`,
    }
  }
  const note = [reasonMatch[2] ?? '', ...rest].join('\n').trim().slice(0, NOTE_MAX_CHARS)
  return { verb, ...(id === undefined ? {} : { id }), reason, note }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** The text that dismisses a finding, for people to copy. */
export function dismissCommand(command: string, id: string): string {
  return `${command} dismiss ${id} <reason>`
}
