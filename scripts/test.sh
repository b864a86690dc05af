#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what is missing, build, run every test
# (unit tests, then integration tests that provision the trixie target and run real programs),
# then the sanitizer build: unit tests under ASan + UBSan and each fuzz target for a bounded
# number of inputs (build-fuzz, clang). Warnings are errors in both builds.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DWOA_WERROR=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j2

# Only unit and fuzz tests exist in this build: nothing in it starts wine or qemu.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DWOA_FUZZ=ON -DWOA_WERROR=ON >/dev/null
cmake --build build-fuzz -j2
ctest --test-dir build-fuzz --output-on-failure -j2
