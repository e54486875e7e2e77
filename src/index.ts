import { run } from './main.ts'

process.setSourceMapsEnabled(true) // stack traces name src/ lines (dist/index.js.map)
await run()
// Exit now, not once the event loop drains: while Node tears down, its signal handlers are gone, and a cancellation
// landing then would kill the process, its exit code lost, whatever the check says.
process.exit()
