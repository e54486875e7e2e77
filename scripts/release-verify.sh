#!/usr/bin/env bash
# The build-and-verify part of a release (.github/workflows/release.yml runs
# it; docs/releasing.md): on a clean checkout of the commit to release, check
# the version, install from the lockfile, rebuild dist/ from src/ and fail if it
# differs from the committed bundle, run lint, types, every test, the demo and
# the action itself on the recorded demo, audit the bundled dependencies, and
# print the digests of the files the release attests.
#
#   scripts/release-verify.sh [--fresh-clone] [--audit-if-unreachable warn] VERSION
#
# --fresh-clone verifies a fresh clone of HEAD (what is committed, nothing
# else) in a temporary directory: the local dry run. --audit-if-unreachable
# warn lets an audit that could not reach the registry pass with a warning;
# for local dry runs only, the release workflow never passes it.
set -euo pipefail

fresh=no
audit_unreachable=fail
version=
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh-clone) fresh=yes ;;
    --audit-if-unreachable) audit_unreachable="${2:?--audit-if-unreachable takes fail or warn}"; shift ;;
    --audit-if-unreachable=*) audit_unreachable="${1#*=}" ;;
    -*) echo "release-verify: unknown option $1" >&2; exit 2 ;;
    *) version="$1" ;;
  esac
  shift
done
current=arguments
step() {
  current="$*"
  printf '\n== %s\n' "$*"
}
fail() {
  printf 'release-verify: %s\n' "$*" >&2
  exit 1
}
trap 'printf "release-verify: FAILED during: %s\n" "$current" >&2' ERR

[ -n "$version" ] || fail "give the version to release, e.g. scripts/release-verify.sh 0.2.0"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "version $version is not MAJOR.MINOR.PATCH (semver, no leading v)"

cd "$(dirname "$0")/.."
if [ "$fresh" = yes ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  step "fresh clone of HEAD $(git rev-parse --short HEAD) in $scratch"
  git clone --quiet --no-local --no-hardlinks "$PWD" "$scratch/repo"
  git -C "$scratch/repo" checkout --quiet --detach "$(git rev-parse HEAD)"
  "$scratch/repo/scripts/release-verify.sh" --audit-if-unreachable "$audit_unreachable" "$version"
  exit
fi

step "version $version"
[ -z "$(git status --porcelain --untracked-files=all)" ] || fail "the checkout is not clean; verify a clean checkout (or pass --fresh-clone)"
package_version="$(node -p 'require("./package.json").version')"
[ "$package_version" = "$version" ] || fail "package.json says version $package_version, not $version: bump it in the release commit"
grep -Eq "^## \[$(printf '%s' "$version" | sed 's/[.]/\\./g')\]" CHANGELOG.md || fail "CHANGELOG.md has no '## [$version]' section: move the Unreleased entries under it"
if [ "${GITHUB_REF_TYPE:-}" = tag ] && [ "${GITHUB_REF_NAME:-}" != "v$version" ]; then
  fail "the tag $GITHUB_REF_NAME does not name version $version"
fi
echo "package.json and CHANGELOG.md name $version"

step "install from the lockfile"
npm ci --no-audit --no-fund
NODE24="$PWD/node_modules/.bin/node" # Node 24 from the dev dependency; npx would drop INPUT_FAIL-ON (a name with a dash)
echo "node: $("$NODE24" --version)"

step "dist/ rebuilt from src/ equals the committed bundle"
rm -rf dist
npm run build
if [ -n "$(git status --porcelain --untracked-files=all -- dist)" ]; then
  git status --short -- dist >&2
  fail "dist/ differs from a fresh build of src/ at $(git rev-parse --short HEAD): run \`npm run build\` and commit dist/"
fi
npm run generate -- --check

step "lint, types, tests"
npm run lint
npm run typecheck
npm test

step "the demo, and the action on the recorded demo (as self-test.yml runs it)"
npm run demo > /dev/null
run_action() {
  local files
  files="$(mktemp -d)"
  touch "$files/output" "$files/summary.md"
  local code=0
  env "$@" INPUT_REPLAY=examples/demo GITHUB_OUTPUT="$files/output" GITHUB_STEP_SUMMARY="$files/summary.md" RUNNER_TEMP="$files" \
    "$NODE24" dist/index.js > "$files/log" 2>&1 || code=$?
  echo "exit $code $(grep -A1 -E '^(conclusion|convergent|distinct)<<' "$files/output" | grep -vE '<<|^--$' | tr '\n' ' ')"
  rm -rf "$files"
}
gated="$(run_action)"
[ "$gated" = "exit 1 failure 4 9 " ] || fail "the action on examples/demo gave '$gated', not 'exit 1 failure 4 9' (the demo's gate fails on purpose)"
passed="$(run_action 'INPUT_FAIL-ON=never')"
[ "$passed" = "exit 0 success 4 9 " ] || fail "the action on examples/demo with fail-on never gave '$passed', not 'exit 0 success 4 9'"
echo "dist/index.js on examples/demo: $gated(fail-on convergent-block); $passed(fail-on never)"

step "no high or critical advisory in the bundled (production) dependencies"
npm run --silent audit-bundled -- --if-unreachable "$audit_unreachable"

step "digests of the files the release attests"
sha256sum dist/index.js dist/cli.js
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "index-sha256=$(sha256sum dist/index.js | cut -d' ' -f1)" >> "$GITHUB_OUTPUT"
  echo "cli-sha256=$(sha256sum dist/cli.js | cut -d' ' -f1)" >> "$GITHUB_OUTPUT"
fi
echo "release-verify: $version verified at $(git rev-parse HEAD)"
