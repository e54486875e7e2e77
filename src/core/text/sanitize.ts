// Model replies and diff text are hostile: they reach comments, summaries and
// annotations only through these functions, redacted, escaped and bounded.
import { revealHidden } from './hidden.ts'

// Key shapes worth catching even when we were not told the key.
const SECRET_SHAPES: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI, OpenRouter (sk-or-v1-…), Anthropic (sk-ant-…)
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
]

export const REDACTED = '[redacted]'

export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text
  // Text escaped as markdown still shows the secret once rendered: its escaped form goes too.
  for (const secret of known) if (secret.length >= 8) out = out.split(escapeMarkdown(secret)).join(REDACTED).split(secret).join(REDACTED)
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED)
  return out
}

export function truncate(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text
  const cut = Math.max(0, max - marker.length)
  // Do not split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[cut - 1] ?? '') ? cut - 1 : cut
  return text.slice(0, end) + marker
}

/** One line of plain text: redacted, control and hidden characters made harmless, bounded. */
export function plainText(text: string, max: number): string {
  const flat = revealHidden(redactSecrets(text))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return truncate(flat, max)
}

/**
 * Plain text made inert as GitHub markdown: no HTML, links, images, tables
 * broken by pipes, @mentions or #references.
 */
export function markdownText(text: string, max: number): string {
  return inertMarkdown(plainText(text, max))
}

/** Text already made plain (one line, redacted, bounded) made inert as GitHub markdown, its spaces kept as they are. */
export function inertMarkdown(plain: string): string {
  return escapeMarkdown(plain).replace(/\\#(?=\d)/g, '\\#&#8203;')
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()<>#+!|~&]/g, '\\$&').replace(/@/g, '@&#8203;')
