// Reply text (JSON already taken out) → drafts of findings, verdict lines and
// prose, line by line. A draft is what one finding said; parse.ts decides
// whether it is a finding or a block left unread.
import { fill, newDraft, readKeyLine, startsNext, stripValue, type Draft } from './draft.ts'
import { readFence } from './fence.ts'
import { normalizeLines } from './normalize.ts'
import { BOLD_TITLE, fileHeading, readInline, withFile, type InlineLine } from './parse-inline.ts'
import { isTableStart, readTable, tableDrafts } from './parse-table.ts'
import type { Severity } from './types.ts'

export type { Draft } from './draft.ts'

// A reviewer withdrawing its own finding ("Opus emitted a BLOCK then self-retracted").
export const RETRACTION =
  /\b(retract(?:ed|ing|s)?|withdraw(?:n|ing|s)?|on (?:second thought|reflection|re-?reading)|false positive|disregard (?:this|that|the above)|ignore this finding)\b/i

export interface TextPart {
  readonly drafts: readonly Draft[]
  readonly verdicts: readonly string[]
  readonly prose: readonly string[]
  /** Prose under a heading that says what follows is fine: never read as a finding left unread. */
  readonly cleared: readonly string[]
}

const TEXT_FENCES = /^(?:|text|txt|plain|plaintext|markdown|md|json|jsonc|json5|ya?ml|log|output)$/i
// "Checked and fine:", "## Looks good", "What's good": what follows is not a finding.
const CLEAN =
  /^(?:checked(?: and (?:fine|ok))?|looks good|verified|(?:what(?:'s| is) )?(?:fine|good|ok)|no (?:issues|problems)(?: found)?|strengths|positives?)\b/i
const BLANKISH = /^(?:[-*_=]{3,}|[[\]{}(),\s]*)$/

export function scanText(text: string): TextPart {
  const drafts: Draft[] = []
  const verdicts: string[] = []
  const prose: string[] = []
  const cleared: string[] = []
  const lines = normalizeLines(text.split(/\r?\n/))
  let draft = newDraft()
  let section: { severity: Severity; level: number } | undefined
  let pendingTitle: string | undefined
  let fence: string | undefined
  let awaitingVerdict = false
  // After a FIX key with no value: the fenced block that follows is the fix.
  let awaitingFix = false
  // The file a heading names ("**src/a.ts**") for the `Line 42: …` items under it.
  let file: string | undefined
  // Under "Checked and fine:" the places cited are not findings.
  let clean: number | undefined
  // The one-line finding a blank line just closed: a FIX key right after it is its fix.
  let closed: Draft | undefined
  const keep = (line: string): number => (clean === undefined ? prose : cleared).push(line)

  const finish = (): void => {
    if (draft.raw.length > 0) drafts.push(draft)
    draft = newDraft(section?.severity)
  }
  const start = (line: string, il: InlineLine, severity?: Severity): void => {
    finish()
    draft = { ...newDraft(severity), wheres: [...il.wheres], title: il.text, raw: [line] }
    draft.body = il.kind === 'heading' || il.kind === 'title' ? 'paragraphs' : 'lines'
  }
  const append = (line: string): void => {
    draft.why = draft.why === undefined ? line : `${draft.why} ${line}`
    draft.raw.push(line)
  }

  /** The fence opening at lines[i] (or in `opening`) as the draft's fix; the index of its last line, or undefined. */
  const takeFix = (i: number, opening?: string): number | undefined => {
    const fence = readFence(lines, i, opening)
    if (!fence) return undefined
    draft.fix ??= fence.text
    draft.raw.push(...lines.slice(i, fence.next))
    return fence.next - 1
  }

  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if (awaitingFix) {
      if (line === '') continue
      awaitingFix = false
      const last = takeFix(i)
      if (last !== undefined) {
        i = last
        continue
      }
    }
    const fenceMark = /^(`{3,}|~{3,})\s*([\w+-]*)/.exec(line)
    if (fence !== undefined) {
      if (fenceMark?.[1] === fence) fence = undefined
      continue
    }
    if (fenceMark && !TEXT_FENCES.test(fenceMark[2] ?? '')) {
      fence = fenceMark[1]
      continue
    }
    if (line === '' || fenceMark || BLANKISH.test(line)) {
      if (draft.body === 'lines') {
        closed = draft
        finish()
      }
      draft.lastKey = undefined
      draft.afterBlank = draft.raw.length > 0
      continue
    }
    // A severity heading inside `<details>` (Kilo's `#### WARNING`) ends with it.
    if (/^<\/details>$/i.test(line) && section) {
      finish()
      section = undefined
      draft = newDraft()
    }
    const reopenable = closed
    closed = undefined
    if (awaitingVerdict) {
      awaitingVerdict = false
      if (/^[*_`\s]*(?:ship|hold)/i.test(line)) {
        verdicts.push(line)
        continue
      }
    }
    if (isTableStart(lines, i)) {
      finish()
      const table = readTable(lines, i)
      drafts.push(...tableDrafts(table.rows, section?.severity))
      i = table.next - 1
      continue
    }
    const keys = readKeyLine(line)
    if (keys.length > 0) {
      for (const { slot, name, value } of keys) {
        if (slot === 'verdict') {
          finish()
          pendingTitle = undefined
          if (value === '') awaitingVerdict = true
          else verdicts.push(value)
          continue
        }
        if (slot === 'fix' && reopenable !== undefined) {
          drafts.pop() // it is the last finished
          draft = reopenable
        }
        if (startsNext(draft, slot, name)) finish()
        if (draft.raw.length === 0 && pendingTitle !== undefined) [draft.title, pendingTitle] = [pendingTitle, undefined]
        fill(draft, slot, name, value)
        if (draft.raw.at(-1) !== line) draft.raw.push(line)
        if (slot === 'fix') awaitingFix = value === ''
        // `FIX: \`\`\`ts` opens the block on the key's own line.
        const last = slot === 'fix' && /^(`{3,}|~{3,})[\w+-]*$/.test(value) ? takeFix(i, value) : undefined
        if (last !== undefined) i = last
      }
      continue
    }
    const il = withFile(readInline(line), file)
    if (il.kind !== 'plain' && il.kind !== 'item') file = fileHeading(il)
    // "Retracting the BLOCK at a.ts:3" withdraws a finding; it is not one.
    if (!il.strong && il.kind === 'plain' && RETRACTION.test(line)) {
      keep(line)
      continue
    }
    const titled = il.kind === 'heading' || il.kind === 'title'
    if (section && titled && il.level <= section.level) section = undefined
    if (titled && clean !== undefined && il.level <= clean) clean = undefined
    if (titled && il.severity === undefined && CLEAN.test(il.text)) clean = il.level
    // A heading that names only a file opens its `Line 42: …` items; it is no finding itself.
    if (file !== undefined && il.kind !== 'plain' && il.kind !== 'item' && il.severity === undefined) {
      finish()
      continue
    }
    if (il.section !== undefined) {
      finish()
      section = { severity: il.section, level: il.level }
      draft = newDraft(section.severity)
    } else if (
      il.severity !== undefined &&
      (il.wheres.length > 0 ||
        (il.text !== '' && (il.strong || il.kind === 'heading' || il.kind === 'title')) ||
        // `- BLOCK` alone, its location on the next line.
        (il.kind === 'item' && il.text === '' && readInline(lines[i + 1] ?? '').wheres.length > 0))
    ) {
      // `**a.ts:3**` then `: Severity — high. …`: the severity of the location above.
      if (draft.raw.length > 0 && draft.severity === undefined && draft.wheres.length > 0 && il.wheres.length === 0 && !titled) {
        draft.severity = il.severity
        if (il.text !== '') append(il.text)
      } else start(line, il, il.severity)
    } else if (il.wheres.length > 0) {
      // The location of a finding whose title came first; a sibling list item is a finding of its own.
      const awaiting = draft.raw.length > 0 && draft.wheres.length === 0 && draft.file === undefined
      if (awaiting && (draft.severity !== undefined || draft.title !== undefined) && (il.kind !== 'item' || draft.body === 'paragraphs')) {
        draft.wheres.push(...il.wheres)
        draft.raw.push(line)
        if (il.text !== '') append(il.text)
      }
      // Bugbot's further locations, one a line (or a list of them) with nothing else: more places of the same finding.
      else if (draft.severity !== undefined && draft.wheres.length > 0 && draft.body === undefined && il.text === '' && !titled) {
        draft.wheres.push(...il.wheres)
        draft.raw.push(line)
      } else if (section && (il.kind !== 'plain' || BOLD_TITLE.test(line))) start(line, il, section.severity)
      // A heading or bold title that cites a place: a finding whose severity may follow.
      else if (clean === undefined && (titled || BOLD_TITLE.test(line))) start(line, il)
      else if (draft.body !== undefined) append(line)
      else keep(line)
    } else if (titled && section && il.kind === 'heading' && il.level > section.level) {
      // `## Critical`, then `### Data race`, then its location.
      start(line, il, section.severity)
    } else if (titled) {
      finish()
      pendingTitle = il.text
      awaitingVerdict = /^verdict$/i.test(il.text)
    } else if (draft.lastKey !== undefined) {
      if (draft.lastKey !== 'note') draft[draft.lastKey] = `${draft[draft.lastKey] ?? ''} ${stripValue(line)}`.trim()
      draft.raw.push(line)
    } else if (draft.body !== undefined) append(line)
    else keep(line)
  }
  finish()
  return { drafts, verdicts, prose, cleared }
}
