import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Fails a test whose fake GitHub saw a request or gave an answer GitHub's OpenAPI description does not allow.
    setupFiles: ['__tests__/helpers/setup.ts'],
    // Loopback servers answer in milliseconds; a generous ceiling only catches hangs.
    testTimeout: 20_000,
    // Counts for .ci/run's closing line, written on every run so CI and local runs agree.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest.json' }]],
  },
})
