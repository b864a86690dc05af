#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what is missing, build, run every test
# (unit tests, then integration tests that provision the trixie target and run real programs).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j2
