#!/usr/bin/env bash
# Which version a release run releases (release.yml's first step), from what
# started it: a pushed tag vX.Y.Z, or a manual run with a version. Refuses a
# version that is not semver, a commit that is not on the default branch, and
# a manual run for a version that is already tagged. Writes version, major and
# prerelease to $GITHUB_OUTPUT when set, and prints them.
#
#   EVENT=push|workflow_dispatch REF_NAME=… DEFAULT_BRANCH=main [INPUT_VERSION=…] scripts/release-version.sh
#
# Runs in a checkout with the history and tags (fetch-depth: 0).
set -euo pipefail
fail() { printf 'release-version: %s\n' "$*" >&2; exit 1; }

: "${EVENT:?}" "${REF_NAME:?}" "${DEFAULT_BRANCH:?}"
case "$EVENT" in
  push)
    [[ "$REF_NAME" == v* ]] || fail "a release starts from a tag vX.Y.Z, not $REF_NAME"
    version="${REF_NAME#v}"
    ;;
  workflow_dispatch)
    [ "$REF_NAME" = "$DEFAULT_BRANCH" ] || fail "run the release from $DEFAULT_BRANCH, not $REF_NAME"
    version="${INPUT_VERSION:-}"
    version="${version#v}"
    if git rev-parse -q --verify "refs/tags/v$version" > /dev/null; then
      fail "v$version is already tagged; a release is never made twice (push a new version)"
    fi
    ;;
  *) fail "a release runs on a tag push or a manual run, not $EVENT" ;;
esac
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]] ||
  fail "'$version' is not a version MAJOR.MINOR.PATCH (optionally -PRERELEASE)"
major="${BASH_REMATCH[1]}"
prerelease=false
[ -z "${BASH_REMATCH[4]}" ] || prerelease=true

# Only reviewed code is released: the commit must be on the default branch (origin/<branch>, fetched by the checkout).
git merge-base --is-ancestor HEAD "refs/remotes/origin/$DEFAULT_BRANCH" ||
  fail "$(git rev-parse --short HEAD) is not on $DEFAULT_BRANCH: release only commits that were merged there"

printf 'version=%s\nmajor=%s\nprerelease=%s\n' "$version" "$major" "$prerelease" | tee -a "${GITHUB_OUTPUT:-/dev/null}"
