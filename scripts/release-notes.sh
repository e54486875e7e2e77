#!/usr/bin/env bash
# The release notes of VERSION: its CHANGELOG.md section, the line that pins
# this release by commit, and how to verify the bundle's provenance.
#
#   scripts/release-notes.sh VERSION COMMIT OWNER/REPO
set -euo pipefail
version="${1:?version}"
commit="${2:?commit SHA}"
repo="${3:?owner/repo}"
cd "$(dirname "$0")/.."

[[ "$commit" =~ ^[0-9a-f]{40}$ ]] || { echo "release-notes: $commit is not a full commit SHA" >&2; exit 2; }
section="$(awk -v v="$version" '
  /^## \[/ { inside = index($0, "## [" v "]") == 1; next }
  inside { print }
' CHANGELOG.md)"
[ -n "$(printf '%s' "$section" | tr -d '[:space:]')" ] || { echo "release-notes: CHANGELOG.md has no '## [$version]' section, or it is empty" >&2; exit 1; }

cat <<EOF
$(printf '%s\n' "$section" | sed -e '/./,$!d')

### Pin this release

\`\`\`yaml
- uses: $repo@$commit # v$version
\`\`\`

Dependabot (\`package-ecosystem: github-actions\`) keeps a pin with its version comment up to date.

### Verify the bundle

\`dist/index.js\` (the action) and \`dist/cli.js\` (the CLI) carry build provenance attested by this repository's release workflow:

\`\`\`sh
git clone --depth 1 --branch v$version https://github.com/$repo release && cd release
gh attestation verify dist/index.js -R $repo \\
  --signer-workflow $repo/.github/workflows/release.yml \\
  --source-digest $commit --deny-self-hosted-runners
\`\`\`
EOF
