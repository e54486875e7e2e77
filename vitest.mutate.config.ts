// The core's own tests, for mutation testing (npm run mutate): the core is
// tested with plain values, so its mutants are judged by its own tests.
// Instrumented code runs many times slower: stress tests (*.stress.test.ts) are
// left out, and the test timeout is long.
import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['__tests__/core/**/*.test.ts'], exclude: ['**/*.stress.test.ts'], testTimeout: 300_000 } })
