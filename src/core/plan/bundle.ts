// FileDiff[] → Bundle[]: one component's files packed into bundles below the
// size cap. Models disengage on big diffs (a 165 KB diff drew 62 and 297 output
// tokens; bundles under 60 KB drew 250+ and real findings).
import { createHash } from 'node:crypto'
import type { FileDiff } from '../diff/types.ts'
import { assignComponents, type ComponentRule } from './components.ts'
import { ACCEPT_OR_SPLIT } from './select.ts'
import { byteLength, splitFile, type Piece } from './split.ts'
import type { Bundle, SkippedFile } from './types.ts'

export interface BundleLimits {
  /** Target size: bundles are packed up to this many bytes of diff text. */
  readonly maxBytes: number
  /** Nothing above this is ever sent to a model. */
  readonly hardMaxBytes: number
  /** Prefix hunk lines with their new-side numbers (the bytes count toward the caps). */
  readonly numbered: boolean
}

export interface BundlePlan {
  readonly bundles: readonly Bundle[]
  readonly skipped: readonly SkippedFile[]
  readonly warnings: readonly string[]
}

/** A component that needs more bundles than this gets a warning in the report. */
export const MANY_BUNDLES = 4

interface Unit extends Piece {
  readonly order: number
}

export function planBundles(files: readonly FileDiff[], limits: BundleLimits, rules: readonly ComponentRule[] = []): BundlePlan {
  const componentByPath = assignComponents(
    files.map((f) => f.path),
    rules,
  )
  const skipped: SkippedFile[] = []
  const byComponent = new Map<string, Unit[]>()
  let order = 0
  for (const file of files) {
    const units = splitFile(file, limits.maxBytes, limits.numbered).map((p) => ({ ...p, order: order++ }))
    const tooBig = units.find((u) => u.bytes > limits.hardMaxBytes)
    if (tooBig) {
      skipped.push({
        path: file.path,
        reason: `a single line makes a ${tooBig.bytes}-byte piece, above bundle-hard-max-bytes (${limits.hardMaxBytes})`,
        gap: ACCEPT_OR_SPLIT,
      })
      continue
    }
    const component = componentByPath.get(file.path) ?? file.path
    // Pushed, not copied: a component of thousands of files would be copied once per file.
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
    bins.forEach((bin, i) => bundles.push(makeBundle(component, i + 1, bins.length, bin, limits.numbered)))
  }
  return { bundles, skipped, warnings }
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
  const firstOrder = (units: readonly Unit[]): number => units[0]?.order ?? 0
  return bins.map((b) => b.units.sort((x, y) => x.order - y.order)).sort((x, y) => firstOrder(x) - firstOrder(y))
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
    files: units.map((u) => u.file),
    paths: [...new Set(units.map((u) => u.file.path))],
    bytes: byteLength(text),
    text,
    numbered,
  }
}

/** The bundle id without its content hash: names a bundle across edits (recorded replies). */
export function bundleKey(bundle: Pick<Bundle, 'id'>): string {
  return bundle.id.slice(0, bundle.id.lastIndexOf('-'))
}
