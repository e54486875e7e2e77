import { runCli } from './cli/main.ts'

process.setSourceMapsEnabled(true) // stack traces name src/ lines (dist/cli.js.map)
await runCli()
