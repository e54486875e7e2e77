// Some models answer with a JSON object despite the text format. Accept the
// obvious shapes: { findings: [{ severity, where|location|file+line, what, why }], verdict }.

export interface JsonFinding {
  readonly severity: string
  readonly where: string
  readonly what: string
  readonly why: string
}

/** The reply's findings and verdict text when it is (or fences) a JSON object or array; else undefined. */
export function readJsonReply(reply: string): { findings: JsonFinding[]; verdict?: string; unparsed: string[] } | undefined {
  const body = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(reply)?.[1] ?? reply
  const trimmed = body.trim()
  if (!/^[[{]/.test(trimmed)) return undefined
  let value: unknown
  try {
    value = JSON.parse(trimmed)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const obj = Array.isArray(value) ? { findings: value } : value
  const list = lower(obj).findings ?? lower(obj).issues ?? []
  if (!Array.isArray(list)) return undefined
  const findings: JsonFinding[] = []
  const unparsed: string[] = []
  for (const item of list) {
    const f = lower(item)
    const where = str(f.where) || str(f.location) || (str(f.file) && (f.line !== undefined ? `${str(f.file)}:${str(f.line)}` : str(f.file)))
    if (str(f.severity) === '' || where === '') {
      unparsed.push(JSON.stringify(item))
      continue
    }
    findings.push({
      severity: str(f.severity),
      where,
      what: str(f.what) || str(f.description) || str(f.title),
      why: str(f.why) || str(f.rationale) || str(f.reason),
    })
  }
  const verdict = lower(obj).verdict
  const verdictText =
    typeof verdict === 'object' && verdict !== null
      ? `${str(lower(verdict).verdict) || str(lower(verdict).decision)} - ${str(lower(verdict).summary)}`
      : str(verdict) + (str(lower(obj).summary) ? ` - ${str(lower(obj).summary)}` : '')
  return { findings, ...(verdictText.trim() ? { verdict: verdictText } : {}), unparsed }
}

function lower(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]))
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : ''
}
