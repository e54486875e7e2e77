// FileDiff[] → Bundle[]: one component's files packed into bundles below the
// size cap. Models disengage on big diffs (a 165 KB diff drew 62 and 297 output
// tokens; bundles under 60 KB drew 250+ and real findings).
import { createHash } from 'node:crypto'
import { parseUnifiedDiff, rehunk } from '../diff/parse.ts'
import { formatFileHeader, formatHunk, formatHunkHeader, formatLine, numberWidth, stripLineNumbers } from '../diff/text.ts'
import { assignComponents, type ComponentRule } from './components.ts'
import { ACCEPT_OR_SPLIT } from './select.ts'
import type { DiffLine, FileDiff, Hunk } from '../diff/types.ts'
import type { Bundle, SkippedFile } from './types.ts'

export interface BundleLimits {
  /** Target size: bundles are packed up to this many bytes of diff text. */
  readonly maxBytes: number
  /** Nothing above this is ever sent to a model. */
  readonly hardMaxBytes: number
  /** Prefix hunk lines with their new-side numbers (the bytes count toward the caps). */
  readonly numbered?: boolean
}

export interface BundlePlan {
  readonly bundles: readonly Bundle[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
}

/** A component that needs more bundles than this gets a warning in the report. */
export const MANY_BUNDLES = 4

interface Unit {
  readonly order: number
  readonly path: string
  readonly text: string
  readonly bytes: number
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8')

export function planBundles(files: readonly FileDiff[], limits: BundleLimits, rules: readonly ComponentRule[] = []): BundlePlan {
  const componentByPath = assignComponents(
    files.map((f) => f.path),
    rules,
  )
  const skipped: SkippedFile[] = []
  const byComponent = new Map<string, Unit[]>()
  let order = 0
  for (const file of files) {
    const units = fileUnits(file, limits.maxBytes, limits.numbered ?? false).map((text) => ({
      order: order++,
      path: file.path,
      text,
      bytes: byteLength(text),
    }))
    const tooBig = units.find((u) => u.bytes > limits.hardMaxBytes)
    if (tooBig) {
      skipped.push({
        path: file.path,
        reason: `a single line makes a ${tooBig.bytes}-byte piece, above bundle-hard-max-bytes (${limits.hardMaxBytes})`,
        gap: ACCEPT_OR_SPLIT,
      })
      continue
    }
    const component = componentByPath.get(file.path)!
    const list = byComponent.get(component) ?? []
    list.push(...units)
    byComponent.set(component, list)
  }

  const bundles: Bundle[] = []
  const warnings: string[] = []
  for (const [component, units] of [...byComponent].sort(([a], [b]) => a.localeCompare(b))) {
    const bins = packFirstFitDecreasing(units, limits.maxBytes)
    if (bins.length > MANY_BUNDLES) {
      warnings.push(`component ${component} needs ${bins.length} bundles; smaller pull requests get more attention from each reviewer`)
    }
    bins.forEach((bin, i) => bundles.push(makeBundle(component, i + 1, bins.length, bin, limits.numbered ?? false)))
  }
  return { bundles, skipped, warnings }
}

/** A file's text, or pieces of it split at hunk then line boundaries, each with the file header. */
function fileUnits(file: FileDiff, maxBytes: number, numbered: boolean): string[] {
  const header = formatFileHeader(file)
  const hunkTexts = file.hunks.map((h) => formatHunk(h, numbered))
  const whole = header + hunkTexts.join('')
  if (byteLength(whole) <= maxBytes || file.hunks.length === 0) return [whole]

  const budget = Math.max(1, maxBytes - byteLength(header))
  const pieces: string[] = []
  let current = ''
  const flush = (): void => {
    if (current !== '') pieces.push(header + current)
    current = ''
  }
  file.hunks.forEach((hunk, i) => {
    const parts =
      byteLength(hunkTexts[i]!) <= budget ? [hunkTexts[i]!] : splitHunk(hunk, budget, numbered).map((h) => formatHunk(h, numbered))
    for (const part of parts) {
      if (current !== '' && byteLength(current) + byteLength(part) > budget) flush()
      current += part
    }
  })
  flush()
  return pieces
}

/** Splits a hunk at line boundaries; each piece's header is recomputed so line numbers stay right. */
export function splitHunk(hunk: Hunk, budget: number, numbered = false): Hunk[] {
  const headerAllowance = byteLength(formatHunkHeader(hunk)) + 16
  const width = numbered ? numberWidth(hunk) : 0
  const pieces: DiffLine[][] = []
  let current: DiffLine[] = []
  let bytes = headerAllowance
  for (const line of hunk.lines) {
    const size = byteLength(formatLine(line, width))
    if (current.length > 0 && bytes + size > budget) {
      pieces.push(current)
      current = []
      bytes = headerAllowance
    }
    current.push(line)
    bytes += size
  }
  if (current.length > 0) pieces.push(current)

  return rehunk(hunk, pieces)
}

function packFirstFitDecreasing(units: readonly Unit[], maxBytes: number): Unit[][] {
  const bins: { units: Unit[]; bytes: number }[] = []
  for (const unit of [...units].sort((a, b) => b.bytes - a.bytes || a.order - b.order)) {
    const bin = bins.find((b) => b.bytes + unit.bytes <= maxBytes)
    if (bin) {
      bin.units.push(unit)
      bin.bytes += unit.bytes
    } else {
      bins.push({ units: [unit], bytes: unit.bytes })
    }
  }
  // Reading order inside a bundle, and bundles numbered by their first file.
  return bins.map((b) => b.units.sort((x, y) => x.order - y.order)).sort((x, y) => x[0]!.order - y[0]!.order)
}

function makeBundle(component: string, part: number, parts: number, units: readonly Unit[], numbered: boolean): Bundle {
  const text = units.map((u) => u.text).join('')
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10)
  const slug = component.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'root'
  return {
    id: `${slug}.${part}-${hash}`,
    component,
    part,
    parts,
    files: [...new Set(units.map((u) => u.path))],
    bytes: byteLength(text),
    text,
    numbered,
  }
}

/** The files a bundle's text holds, read back from that text (numbered or not). */
export function bundleFiles(bundle: Pick<Bundle, 'text' | 'numbered'>): FileDiff[] {
  return parseUnifiedDiff(bundle.numbered ? stripLineNumbers(bundle.text) : bundle.text)
}

/** The bundle id without its content hash: names a bundle across edits (recorded replies). */
export function bundleKey(bundle: Pick<Bundle, 'id'>): string {
  return bundle.id.slice(0, bundle.id.lastIndexOf('-'))
}
