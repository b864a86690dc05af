# Sourced by the benchmarks: a scratch folder removed on exit, and timing helpers.
# shellcheck shell=bash
cd "$(dirname "${BASH_SOURCE[0]}")/.."
woa=$PWD/build/woa
[[ -x $woa ]] || { echo "woa: error: build first (cmake --build build)" >&2; exit 1; }
scratch=$(mktemp -d /tmp/woa-bench-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Seconds a command takes; its output is dropped and its failure does not stop the benchmark.
timed() { local t0; t0=$(now); "$@" >/dev/null 2>&1 || true; calc "$(now) - $t0"; }
