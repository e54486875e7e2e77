// Bundles the action and the CLI into dist/, with source maps and the licence
// texts of every bundled package. With --check, builds in memory and fails
// when the committed dist/ differs (the action runs dist/, not src/).
import { build } from 'esbuild'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const entries = { index: 'src/index.ts', cli: 'src/cli.ts' }
const check = process.argv.includes('--check')

const result = await build({
  entryPoints: entries,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  outdir: 'dist',
  write: false,
  metafile: true,
  // Maps point at src/ in this repository; stack traces name source lines (see src/index.ts).
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  // The CLI runs as an executable; some CommonJS dependencies call require() on Node built-ins.
  // In the banner (not prepended afterwards) so the source maps stay aligned.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __clrCreateRequire } from 'node:module';\nconst require = __clrCreateRequire(import.meta.url);",
  },
})

const files = result.outputFiles.map((file) => ({ rel: file.path.slice(process.cwd().length + 1), text: file.text }))
files.push({ rel: 'dist/licenses.txt', text: await licences(result.metafile) })

/** The name, version, licence and licence text of every package the bundles contain. */
async function licences(metafile) {
  const dirs = new Set()
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (m) dirs.add(m[1])
  }
  const sections = []
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    const licenceFile = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    const text = licenceFile ? await readFile(join(dir, licenceFile), 'utf8') : `(no licence file; package.json says ${pkg.license})`
    sections.push(`${pkg.name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text.trim()}\n`)
  }
  const header = 'Third-party packages bundled into dist/index.js and dist/cli.js, with their licences.\n'
  return [header, ...sections].join(`\n${'-'.repeat(78)}\n\n`)
}

const stale = []
for (const { rel, text } of files) {
  if (check) {
    const committed = await readFile(rel, 'utf8').catch(() => null)
    if (committed !== text) stale.push(rel)
  } else {
    await mkdir('dist', { recursive: true })
    await writeFile(rel, text, { mode: rel === 'dist/cli.js' ? 0o755 : 0o644 })
  }
}
if (stale.length > 0) {
  console.error(`dist/ is stale: ${stale.join(', ')} differ from a fresh build of src/. Run \`npm run build\` and commit dist/.`)
  process.exit(1)
}
console.log(check ? 'dist/ is up to date' : `built ${files.map((f) => f.rel).join(', ')}`)
