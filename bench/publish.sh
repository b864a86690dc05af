#!/usr/bin/env bash
# `woa publish` of a synthetic results store of 10 000 results, measured in one run.
#
#   bash bench/publish.sh [TESTS] [RUNS]   (default 500 tests x 4 targets x 5 runs = 10 000)
#
# Builds woa-bench-store (bench/make_store.cpp), which writes a synthetic corpus (entries of ten
# tests) and a store of RUNS runs of every test on bookworm, trixie, sid and the host. Prints
# the time to publish the last run, the time to publish all runs (history strips, regressions),
# their ratio, the number of files, the site's size and its largest page.
set -euo pipefail
source "$(dirname "$0")/common.sh"
tests=${1:-500}
runs=${2:-5}

cmake --build build --target woa-bench-store >/dev/null
build/woa-bench-store "$scratch/corpus" "$scratch/results.db" "$tests" "$runs"

export WOA_HOME=$scratch/home # no targets, no cache: nothing to inspect
publish() { "$woa" publish --db "$scratch/results.db" --corpus "$scratch/corpus" "$@"; }
one=$(timed publish --runs 1 --out "$scratch/site1")
all=$(timed publish --runs "$runs" --out "$scratch/site")
[[ -f $scratch/site/index.html ]] || { echo "woa: error: publish failed" >&2; publish --runs "$runs" --out "$scratch/site"; exit 1; }

files=$(find "$scratch/site" -type f | wc -l)
bytes=$(du -sb "$scratch/site" | cut -f1)
read -r largest largest_path < <(find "$scratch/site" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
read -r test_page test_path < <(find "$scratch/site/tests" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
index=$(stat -c %s "$scratch/site/index.html")

printf 'publish, last run only: %6.2f s\n' "$one"
printf 'publish, all %d runs:    %6.2f s   (%.2fx the last run alone)\n' "$runs" "$all" "$(calc "$all / $one")"
printf 'site: %d files, %.1f MB; index.html %.0f kB; largest page %s, %.0f kB\n' \
    "$files" "$(calc "$bytes / 1000000")" "$(calc "$index / 1000")" "$largest_path" "$(calc "$largest / 1000")"
printf 'largest test page: tests/%s, %.0f kB\n' "$test_path" "$(calc "$test_page / 1000")"
