// Files shipped beside the code. This module sits one level below the package
// root both as source (src/) and once bundled (dist/), so the same relative URL works.
import { fileURLToPath } from 'node:url'

/** The demo pull request's evidence directory, replayed by `cross-lineage-review demo`. */
export const DEMO_DIR = fileURLToPath(new URL('../examples/demo/', import.meta.url))
