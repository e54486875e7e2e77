#!/usr/bin/env bash
# Regenerates __tests__/fixtures/diffs/*.diff from real git runs in a scratch
# repository, so the diff parser is tested on what git actually prints.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/__tests__/fixtures/diffs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q sub
git -C sub -c user.email=f@example.invalid -c user.name=f commit -q --allow-empty -m one
git -C sub -c user.email=f@example.invalid -c user.name=f commit -q --allow-empty -m two
mkdir repo
cd repo
git init -q
git config user.email fixtures@example.invalid
git config user.name fixtures
git config core.quotePath true

printf 'one\ntwo\nthree\n' > a.txt
printf 'keep\n' > 'sp ace.txt'
printf 'x\n' > 'café.txt'
printf '\000\001bin' > b.bin
printf 'l1\r\nl2\r\n' > crlf.txt
printf 'nonl' > nonl.txt
printf 'r1\nr2\nr3\nr4\n' > ren.txt
printf 'same\ncontent\nhere\n' > pure.txt
printf 'gone\nsoon\n' > deleted.txt
printf 'copy me\nplease\nmore\nlines\n' > orig.txt
seq 1 20 > numbers.txt
printf '#!/bin/sh\necho hi\n' > script.sh
git -c protocol.file.allow=always submodule add -q "$work/sub" vendor/lib
git -C vendor/lib checkout -q HEAD~1
git add -A
git commit -qm base

printf 'one\n--- two\nthree\n++ four\n' > a.txt
printf 'keep\nmore\n' > 'sp ace.txt'
printf 'y\n' > 'café.txt'
printf '\000\002bin' > b.bin
printf 'l1\r\nl2x\r\n' > crlf.txt
printf 'nonl2' > nonl.txt
git mv ren.txt ren2.txt
printf 'r1\nr2\nr3\nr4\nr5\n' > ren2.txt
git mv pure.txt moved/pure.txt 2>/dev/null || { mkdir moved; git mv pure.txt moved/pure.txt; }
git rm -q deleted.txt
cp orig.txt copy.txt
printf 'new\nfile\n' > added.txt
{ seq 1 12; printf 'inserted a\ninserted b\n'; seq 13 20; } > numbers.txt
printf 'sep\xe2\x80\xa8arated\n' > u2028.txt
chmod +x script.sh
git -C vendor/lib checkout -q master 2>/dev/null || git -C vendor/lib checkout -q main
git add -A
git diff --cached -M -C --find-copies-harder > "$out/git-edge-cases.diff"
git diff --cached -M --binary -- b.bin > "$out/git-binary-patch.diff"
git diff --cached --no-renames -- ren.txt ren2.txt > "$out/git-no-renames.diff"
git diff --cached -U0 -- numbers.txt > "$out/git-zero-context.diff"
git diff --cached -- vendor/lib > "$out/git-submodule.diff"
: > "$out/empty.diff"
echo "wrote $(ls "$out" | wc -l) fixtures to $out"
