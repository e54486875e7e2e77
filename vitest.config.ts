import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Loopback servers answer in milliseconds; a generous ceiling only catches hangs.
    testTimeout: 20_000,
    // Counts for .ci/run's closing line, written on every run so CI and local runs agree.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest.json' }]],
  },
})
