#!/usr/bin/env bash
# Every fuzz target of tests/fuzz for RUNS executions (default 1,000,000), two at a time.
#
#   bash bench/fuzz.sh [RUNS [TARGET...]]   (needs build-fuzz/: see README "Development")
#
# Without TARGETs, every target.
# Each target starts from its committed seeds plus what earlier runs found (kept in
# build-fuzz/fuzz-corpus/NAME), and prints executions, executions per second, wall time and
# what it found. Crashing inputs are written to build-fuzz/fuzz-artifacts/bench-NAME-*; the
# script exits 1 when any target crashed. Executions per second vary with the machine and
# with the load: compare targets within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift $(($# > 0 ? 1 : 0))
build=$PWD/build-fuzz
[[ -f $build/CMakeCache.txt ]] || { echo "woa: error: configure build-fuzz first (README)" >&2; exit 1; }
mapfile -t targets < <(sed -n 's/^WOA_FUZZ_TARGETS:INTERNAL=//p' "$build/CMakeCache.txt" | tr ';' '\n')
[[ $# -gt 0 ]] && targets=("$@")
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"
# LIEF's own leaks on malformed files, as the ctest runs suppress them (the file says why).
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan-suppressions.txt

one() { # NAME RUNS BUILD: one line of results, from libFuzzer's final stats
    local name=$1 runs=$2 build=$3 log t0 status=ok
    log=$build/fuzz-logs/$name.log
    mkdir -p "$build/fuzz-corpus/$name"
    t0=$(date +%s.%N)
    # -timeout=30, not ctest's 10: libFuzzer's timeout is wall time, and two targets at once on a
    # machine doing other work stretch a 0.4 s input past 10 s (archive did, under `nice`). A
    # timeout here is still a finding: replay the input alone to tell a hang from the load.
    "$build/fuzz_$name" -runs="$runs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/bench-$name-" \
        "$build/fuzz-corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1 || status="CRASH: $log"
    awk -v name="$name" -v status="$status" -v secs="$(awk "BEGIN {print $(date +%s.%N) - $t0}")" '
        /stat::number_of_executed_units/ { execs = $2 }
        /stat::average_exec_per_sec/ { rate = $2 }
        END { printf "%-20s %10d execs %9d exec/s %8.0f s  %s\n", name, execs, rate, secs, status }' "$log"
}
export -f one

printf '%s\n' "${targets[@]}" | xargs -P "${WOA_FUZZ_JOBS:-2}" -I{} bash -c 'one "$@"' _ {} "$runs" "$build" \
    | tee "$build/fuzz-logs/summary.txt"
! grep -q CRASH "$build/fuzz-logs/summary.txt"
