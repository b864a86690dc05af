#!/usr/bin/env bash
# What `woa run` costs and gains, measured in one run on this machine.
#
#   bash bench/run.sh [--whole]     (needs build/ and target trixie; --whole adds the corpus)
#
# Prints
#   1. the probe set (16 entries) with --jobs 1 and --jobs 2: wall time and the speed-up,
#   2. the runner's overhead per test: one hello test run 20 times by `woa run --repeat 20`
#      (time per execution) against the warm `woa exec` of the same program (median of 20),
#      and one `woa run` of a single execution (its start-up: corpus, database, inspection),
#   3. with --whole: the whole corpus on trixie end to end (after `woa fetch`).
# Timings are noisy on a shared machine: compare the ratios of one run, not across machines.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$woa" exec -- build/probes/hello.exe >/dev/null # warm the target up first

one=$(timed "$woa" run --jobs 1 --filter 'probe-*' --db "$scratch/j1.db")
two=$(timed "$woa" run --jobs 2 --filter 'probe-*' --db "$scratch/j2.db")
printf 'probe set, --jobs 1: %6.2f s\n' "$one"
printf 'probe set, --jobs 2: %6.2f s   (%.2fx the throughput)\n' "$two" "$(calc "$one / $two")"

runs=20
for i in $(seq $runs); do
    timed "$woa" exec --prefix run-0 --cwd "$scratch" -- build/probes/hello.exe a
done | median >"$scratch/exec"
exec_s=$(cat "$scratch/exec")
repeated=$(timed "$woa" run --jobs 1 --repeat $runs --filter probe-hello/arguments --db "$scratch/r.db")
single=$(timed "$woa" run --jobs 1 --filter probe-hello/arguments --db "$scratch/s.db")
per=$(calc "$repeated / $runs")
printf 'one execution: woa exec %.3f s, in woa run %.3f s   (runner overhead %.0f%% per test)\n' \
    "$exec_s" "$per" "$(calc "($per - $exec_s) / $exec_s * 100")"
printf 'a woa run of one execution: %.3f s (start-up and bookkeeping %.3f s)\n' \
    "$single" "$(calc "$single - $exec_s")"

if [[ ${1:-} == --whole ]]; then
    "$woa" fetch >/dev/null
    whole=$(timed "$woa" run --db "$scratch/whole.db")
    printf 'whole corpus on trixie: %.0f s (%s)\n' "$whole" \
        "$("$woa" runs show 1 --db "$scratch/whole.db" | tail -n 1 | sed 's/^ *//')"
fi
