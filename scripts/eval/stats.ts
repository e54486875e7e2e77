// Intervals and the fixed hold-out split for `npm run eval`.
import { createHash } from 'node:crypto'

/** Wilson score interval at 95% for k successes in n trials; undefined when n = 0. */
export function wilson(k: number, n: number): readonly [number, number] | undefined {
  if (n === 0) return undefined
  const z = 1.959963984540054
  const p = k / n
  const denominator = 1 + (z * z) / n
  const centre = (p + (z * z) / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}

/** Which half a pull request is in: the first bit of its id's SHA-256, so the split never depends on the data's order. */
export function halfOf(pr: string): 'A' | 'B' {
  const first = createHash('sha256').update(pr).digest()[0] ?? 0
  return first < 0x80 ? 'A' : 'B'
}

/** mulberry32: a small seeded generator, so a bootstrap prints the same interval on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Per pull request: true and labelled findings in each of two sets. */
export interface PairCounts {
  readonly aTrue: number
  readonly aLabelled: number
  readonly bTrue: number
  readonly bLabelled: number
}

/**
 * 95% percentile interval of precision(b) − precision(a), resampling whole
 * pull requests (findings of one pull request are not independent).
 */
export function clusterBootstrap(perPr: readonly PairCounts[], rounds = 2000, seed = 25): readonly [number, number] | undefined {
  if (perPr.length === 0) return undefined
  const rand = prng(seed)
  const differences: number[] = []
  for (let r = 0; r < rounds; r++) {
    let [at, al, bt, bl] = [0, 0, 0, 0]
    for (let i = 0; i < perPr.length; i++) {
      const c = perPr[Math.floor(rand() * perPr.length)] as PairCounts
      ;[at, al, bt, bl] = [at + c.aTrue, al + c.aLabelled, bt + c.bTrue, bl + c.bLabelled]
    }
    if (al > 0 && bl > 0) differences.push(bt / bl - at / al)
  }
  if (differences.length === 0) return undefined
  differences.sort((x, y) => x - y)
  const at = (q: number): number => differences[Math.min(differences.length - 1, Math.floor(q * differences.length))] as number
  return [at(0.025), at(0.975)]
}
