import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Loopback servers answer in milliseconds; a generous ceiling only catches hangs.
    testTimeout: 20_000,
    // On CI, also write counts that .ci/run turns into a plain closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.tmp/vitest.json' }]] : ['default'],
  },
})
