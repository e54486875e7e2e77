// What two findings' texts share: code identifiers, key terms, or TF-IDF
// weight. Candidates for "the same bug", as opposed to "the same spot".

/** Words a code identifier can be that say nothing about which bug it is. */
const CODE_NOISE = new Set(
  'null nil none true false return this self const let var new int str string bool boolean void async await def func fn if else for while try catch throw public private static class import from type any object list map set get'.split(
    ' ',
  ),
)

/** English and review boilerplate: frequent in every finding, so shared by chance. */
const STOPWORDS = new Set(
  `the and for that this with are not but can will should would could may might has have had was were been being its into than then them they their there these those which what when where while who how why also only just more most other some such any each all both very use used using uses consider suggest recommend ensure make makes made code line lines function method file value values change changes changed new add added adding remove removed instead currently potential possible issue issues problem problems here above below does doesn done because since via like need needs see note better rather order case cases one two does`.split(
    /\s+/,
  ),
)

const IDENT = /[A-Za-z_$][\w$]*/g

function split(text: string): string[] {
  return (text.match(IDENT) ?? []).filter((t) => t.length >= 2 && !CODE_NOISE.has(t.toLowerCase()))
}

/**
 * Identifiers a finding names: everything inside backticks, and in prose the
 * words only code has (snake_case, camelCase, dotted.names, calls()).
 */
export function identifiers(text: string): Set<string> {
  const found: string[] = []
  for (const m of text.matchAll(/`([^`\n]+)`/g)) found.push(...split(m[1] ?? ''))
  const prose = text.replace(/`[^`\n]*`/g, ' ')
  const codeLike =
    /(?:[A-Za-z_$][\w$]*(?:\.|::|->))+[A-Za-z_$][\w$]*|\b\w*_\w+\b|\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z0-9]+[A-Z]\w*\b|\b[A-Za-z_$][\w$]*(?=\()/g
  for (const m of prose.matchAll(codeLike)) found.push(...split(m[0]))
  return new Set(found.map((t) => t.toLowerCase()))
}

/** Lower-case words of three or more letters, stopwords out. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9_]{2,}/g) ?? []).filter((w) => !STOPWORDS.has(w))
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

export function sharedCount(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  return shared
}

/** TF-IDF vectors of a set of texts (IDF from those texts), for cosine similarity. */
export function tfidf(texts: readonly string[]): Map<string, number>[] {
  const docs = texts.map(terms)
  const df = new Map<string, number>()
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1)
  const idf = (w: string): number => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1
  return docs.map((d) => {
    const v = new Map<string, number>()
    for (const w of d) v.set(w, (v.get(w) ?? 0) + 1)
    for (const [w, tf] of v) v.set(w, tf * idf(w))
    return v
  })
}

export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0
  for (const [w, x] of a) dot += x * (b.get(w) ?? 0)
  const norm = (v: ReadonlyMap<string, number>): number => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0))
  const n = norm(a) * norm(b)
  return n === 0 ? 0 : dot / n
}
