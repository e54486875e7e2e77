// The diff of a git range, made where the change under review cannot touch
// it. git reads file attributes (binary, -diff, a diff driver) from the
// working tree first, then the index, so a change that adds `*.ts -diff` to
// .gitattributes would show its own code as a binary file, unreviewed. Here
// git diffs two trees in a temporary work tree holding only the base's
// .gitattributes files, with a temporary index holding the base's tree, so
// only the base's attributes count (git 2.39 has no --attr-source); no
// external diff or textconv rewrites the text.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { BinaryFacts } from '../core/diff/binary.ts'
import type { FileDiff } from '../core/diff/types.ts'
import type { Env } from '../config/inputs.ts'
import { EMPTY_TREE, gitIn, gitSaid, type Git, type RangeSides } from './git-range.ts'
import { inputError } from './errors.ts'

export interface BaseView {
  /** `git diff` of the two sides under the base's attributes, as bytes. */
  diff(): Promise<Buffer>
  /** What decides whether a file shown as binary is binary at the base (binary.ts). */
  binaryFacts(files: readonly FileDiff[]): Promise<ReadonlyMap<string, BinaryFacts>>
  close(): Promise<void>
}

// git's heuristic: a NUL in the first 8000 bytes.
const SNIFF = 8000

export async function baseView(sides: RangeSides, cwd: string, env: Env): Promise<BaseView> {
  const git = gitIn(cwd, env)
  const gitDir = (await git(['rev-parse', '--absolute-git-dir'])).toString('utf8').trim()
  const dir = await mkdtemp(join(tmpdir(), 'cross-lineage-review-git-'))
  const tree = join(dir, 'tree')
  await mkdir(tree)
  // Newer git reads attributes from GIT_ATTR_SOURCE (2.42) or attr.tree (2.46) when set, ours or the user's: the base, here; 2.39 ignores both.
  const attrSource = sides.base ?? EMPTY_TREE
  const isolated: Env = { GIT_DIR: gitDir, GIT_WORK_TREE: tree, GIT_INDEX_FILE: join(dir, 'index'), GIT_ATTR_SOURCE: attrSource }
  const inBase: Git = (args) => gitIn(tree, env)(['-c', `attr.tree=${attrSource}`, ...args], isolated)
  try {
    if (sides.base !== undefined) {
      await inBase(['read-tree', sides.base])
      await checkOutAttributes(inBase, sides.base, tree)
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw inputError(`cannot read the base ${sides.base ?? ''} (${gitSaid(error)}).`)
  }
  return {
    diff: () =>
      inBase([
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--submodule=short',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        sides.old,
        sides.new,
        '--',
      ]),
    async binaryFacts(files) {
      const shown = files.filter((f) => f.binary)
      if (shown.length === 0) return new Map()
      const marked = await markedBinary(
        inBase,
        shown.map((f) => f.path),
      )
      const facts = new Map<string, BinaryFacts>()
      for (const f of shown) {
        const rev = f.status === 'added' ? `${sides.new}:${f.path}` : `${sides.old}:${f.oldPath}`
        const head = await firstBytes(gitDir, env, rev).catch(() => undefined)
        facts.set(f.path, { markedByBase: marked.has(f.path), ...(head === undefined ? {} : { binaryContent: head.includes(0) }) })
      }
      return facts
    },
    close: () => rm(dir, { recursive: true, force: true }),
  }
}

/** The base's .gitattributes files, at their paths in the empty work tree (git diff of two trees reads no index). */
async function checkOutAttributes(inBase: Git, base: string, tree: string): Promise<void> {
  const entries = (await inBase(['ls-tree', '-r', '-z', '--full-tree', base])).toString('utf8').split('\0')
  for (const entry of entries) {
    const m = /^100(?:644|755) blob ([0-9a-f]+)\t(.*)$/.exec(entry)
    const path = m?.[2]
    if (m?.[1] === undefined || path === undefined || !(path === '.gitattributes' || path.endsWith('/.gitattributes'))) continue
    await mkdir(join(tree, dirname(path)), { recursive: true })
    await writeFile(join(tree, path), await inBase(['cat-file', 'blob', m[1]]))
  }
}

/** Paths whose `diff` attribute is unset (-diff, or the binary macro) by the base's .gitattributes (the index holds the base). */
async function markedBinary(inBase: Git, paths: readonly string[]): Promise<Set<string>> {
  const out = (await inBase(['check-attr', '-z', '--cached', 'diff', '--', ...paths])).toString('utf8').split('\0')
  const marked = new Set<string>()
  for (let i = 0; i + 2 < out.length; i += 3) if (out[i + 2] === 'unset') marked.add(out[i] ?? '')
  return marked
}

/** The first bytes of a blob, without reading a large one whole. */
function firstBytes(gitDir: string, env: Env, rev: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', 'blob', rev], { env: { ...env, GIT_DIR: gitDir }, stdio: ['ignore', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    let size = 0
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      if (size >= SNIFF) child.kill()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0 && size < SNIFF) reject(new Error(`git cat-file ${rev} failed`))
      else resolve(Buffer.concat(chunks).subarray(0, SNIFF))
    })
  })
}
