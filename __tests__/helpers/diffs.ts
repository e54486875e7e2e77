// Synthetic pull-request diffs.

/** One small change in each of `count` top-level directories: `count` components, one bundle each. */
export function componentsDiff(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `diff --git a/m${i}/a.ts b/m${i}/a.ts\n--- a/m${i}/a.ts\n+++ b/m${i}/a.ts\n@@ -1 +1 @@\n-export const v = ${i}\n+export const v = ${i + 1}\n`,
  ).join('')
}
