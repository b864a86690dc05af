#!/usr/bin/env bash
# The main job, from a fresh clone: install what is missing, build, check the corpus, fetch
# its programs into the verified cache (and build the default units of wine's own conformance
# tests for arm64 and x86-64), provision the default target (trixie: wine 10 + qemu 10 from
# Debian) and its x86-64 control (trixie-x64), run one probe by hand, then the whole corpus
# into the results database, tell arm64-only failures of wine's tests from the rest, and
# publish the static website of the runs into build/site.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
build/woa corpus validate
build/woa fetch
build/woa target add trixie
build/woa target add trixie-x64
build/woa target show trixie

echo
echo "\$ woa exec -- build/probes/hello.exe \"first argument\" second"
build/woa exec -- build/probes/hello.exe "first argument" second

echo
echo "\$ woa run --target trixie --target trixie-x64   (the whole corpus, and wine's tests on the control)"
build/woa run --target trixie --target trixie-x64
build/woa runs list | tail -n 1

echo
echo "\$ woa diff --against target:trixie-x64 | tail   (wine's tests: arm64-only failures)"
status=0
build/woa diff --against target:trixie-x64 > build/diff-against-control.txt || status=$?
# Exit status 3 says that some tests pass on x86-64 but not on arm64: what this is for.
[[ $status -eq 0 || $status -eq 3 ]] || exit "$status"
tail -n 4 build/diff-against-control.txt
echo "(all of it: build/diff-against-control.txt; the whole suite: woa run --filter 'wine-*')"

echo
echo "\$ woa publish --out build/site   (the static website of the runs)"
index=$(build/woa publish --out build/site)
echo "the site: file://$(realpath "$index")"
