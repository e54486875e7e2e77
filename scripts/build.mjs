// Bundles the action and the CLI into dist/. With --check, builds in memory
// and fails when the committed dist/ differs (the action runs dist/, not src/).
import { build } from 'esbuild'
import { readFile, writeFile, mkdir } from 'node:fs/promises'

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
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require() on Node built-ins.
  banner: {
    js: "import { createRequire as __clrCreateRequire } from 'node:module';\nconst require = __clrCreateRequire(import.meta.url);",
  },
})

let stale = []
for (const file of result.outputFiles) {
  const rel = file.path.slice(process.cwd().length + 1)
  const text = rel.endsWith('cli.js') ? `#!/usr/bin/env node\n${file.text}` : file.text
  if (check) {
    const committed = await readFile(file.path, 'utf8').catch(() => null)
    if (committed !== text) stale.push(rel)
  } else {
    await mkdir('dist', { recursive: true })
    await writeFile(file.path, text, { mode: rel.endsWith('cli.js') ? 0o755 : 0o644 })
  }
}
if (stale.length > 0) {
  console.error(`dist/ is stale: ${stale.join(', ')} differ from a fresh build of src/. Run \`npm run build\` and commit dist/.`)
  process.exit(1)
}
console.log(check ? 'dist/ is up to date' : `built ${result.outputFiles.map((f) => f.path.slice(process.cwd().length + 1)).join(', ')}`)
