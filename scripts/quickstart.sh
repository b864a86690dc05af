#!/usr/bin/env bash
# The main job, from a fresh clone: install what is missing, build, check the corpus, fetch
# its programs into the verified cache, provision the default target (trixie: wine 10 + qemu 10
# from Debian), and run the probes under it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
build/woa corpus validate
build/woa fetch
build/woa target add trixie
build/woa target show trixie

show() { # runs one probe and says how it ended
    echo
    echo "\$ woa exec -- $*"
    local status=0
    build/woa exec -- "$@" || status=$?
    echo "(exit status $status)"
}
show build/probes/hello.exe "first argument" second
show build/probes/control.exe exit 0x2A
show build/probes/control.exe crash
