import { run } from './main.ts'

process.setSourceMapsEnabled(true) // stack traces name src/ lines (dist/index.js.map)
await run()
