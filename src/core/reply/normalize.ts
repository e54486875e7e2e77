// Lines of a reply rewritten into shapes the scanner reads: XML-tagged
// findings as key lines, workflow commands as one-line findings, and emoji a
// legend defines as severity markers.
import { readInline } from './parse-inline.ts'
import { EMOJI, keySeverity } from './severity.ts'
import type { Severity } from './types.ts'

// `<severity>BLOCK</severity>`: a key line; `<finding>`, `</finding>`: a break between findings.
const TAGGED = /^<([a-z_]+)>(.*)<\/\1>$/i
const CONTAINER = /^<\/?(?:findings?|issues?|comments?|review|items?|problems?)>$/i
// "Legend: 🔴 blocking · 🟡 should fix · 🟢 nit": an emoji, then the words it stands for.
const PAIR = /(\p{Extended_Pictographic})\uFE0F?\s*([A-Za-z][A-Za-z -]*)/gu

// GitHub's workflow commands: `::error file=a.ts,line=3::message`.
const COMMAND = /^::(error|warning|notice)\s+file=([^,:]+),line=(\d+)(?:,endLine=(\d+))?[^:]*::(.*)$/
const COMMAND_LEVEL: Readonly<Record<string, Severity>> = { error: 'BLOCK', warning: 'WARN', notice: 'INFO' }

// A line that is only a severity badge: Gemini's `![critical](…critical.svg)`, Propel's
// `![Important](…)`, an `<img alt="High">`, Bugbot's `**High Severity**`.
const BADGE = /^(?:!\[([^\]\n]{1,40})\]\([^)\s]*\)|<img\b[^>]*\balt="([^"\n]{1,40})"[^>]*>|\*\*([^*\n]{1,30} severity)\*\*)$/i
// HTML comment lines (`<!-- LOCATIONS START`, `LOCATIONS END -->`, `<!-- metadata:… -->`): markers, not text.
const COMMENT_MARK = /^(?:<!--.*?-->|<!--[^>]*|[^<]*-->)$/
// `<pre><code>…</code></pre>` around text (Propel's context block): the text.
const PRE = /^<pre>(?:<code>)?|(?:<\/code>)?<\/pre>$/g

export function normalizeLines(lines: readonly string[]): string[] {
  const legend = new Map<string, Severity>()
  return lines.map((raw) => {
    const line = raw.trim().replace(PRE, '')
    if (CONTAINER.test(line) || COMMENT_MARK.test(line)) return ''
    const badge = BADGE.exec(line)
    const word = badge?.[1] ?? badge?.[2] ?? badge?.[3] ?? ''
    const named = keySeverity(word)
    if (badge && named.severity && named.rest.trim() === '') return `Severity: ${word}`
    if (line !== raw.trim()) return line
    const command = COMMAND.exec(line)
    if (command)
      return `- [${COMMAND_LEVEL[command[1] ?? ''] ?? ''}] ${command[2] ?? ''}:${command[3] ?? ''}${command[4] ? `-${command[4]}` : ''} — ${command[5] ?? ''}`
    const tagged = TAGGED.exec(line)
    if (tagged) return `${tagged[1] ?? ''}: ${tagged[2] ?? ''}`
    const pairs = [...line.matchAll(PAIR)].map((m) => [m[1] ?? '', keySeverity((m[2] ?? '').trim()).severity] as const)
    if (pairs.length >= 2 && pairs.every(([, s]) => s !== undefined) && readInline(line).wheres.length === 0) {
      for (const [emoji, severity] of pairs) if (severity) legend.set(emoji, severity)
      return raw
    }
    return legend.size > 0 ? withLegend(raw, legend) : raw
  })
}

/** `- 🔴 a.ts:3 — …` under a legend: `- [BLOCK] a.ts:3 — …`, unless the line names a severity of its own. */
function withLegend(line: string, legend: ReadonlyMap<string, Severity>): string {
  const first = [...line.matchAll(EMOJI)].find((m) => legend.has(m[0]))
  const severity = first ? legend.get(first[0]) : undefined
  if (!first || !severity || readInline(line).severity !== undefined) return line
  return `${line.slice(0, first.index)}[${severity}]${line.slice(first.index + first[0].length)}`
}
