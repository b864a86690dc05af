#!/usr/bin/env bash
# The main job, from a fresh clone: install what is missing, build, check the corpus, fetch
# its programs into the verified cache, provision the default target (trixie: wine 10 + qemu 10
# from Debian), run one probe by hand, then the whole corpus into the results database, and
# publish the static website of the runs into build/site.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
build/woa corpus validate
build/woa fetch
build/woa target add trixie
build/woa target show trixie

echo
echo "\$ woa exec -- build/probes/hello.exe \"first argument\" second"
build/woa exec -- build/probes/hello.exe "first argument" second

echo
echo "\$ woa run --target trixie   (the whole corpus; a few minutes)"
build/woa run --target trixie
build/woa runs list | tail -n 1

echo
echo "\$ woa publish --out build/site   (the static website of the runs)"
index=$(build/woa publish --out build/site)
echo "the site: file://$(realpath "$index")"
