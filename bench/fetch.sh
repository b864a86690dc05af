#!/usr/bin/env bash
# Cold vs warm `woa fetch` of the whole corpus, measured in one run.
#
#   bash bench/fetch.sh            (needs build/; downloads the corpus once into a scratch home)
#
# Prints the wall time of
#   1. cold: an empty WOA_HOME: registry metadata, downloads, digests, unpacking, inspection,
#   2. warm: the same home again (no network request at all: --offline proves it),
#   3. cold with --jobs 1 (sequential downloads),
# the bytes fetched, and the ratios. Network speed dominates the cold numbers: compare ratios
# from the same run, never across machines.
set -euo pipefail
source "$(dirname "$0")/common.sh"

cold=$(WOA_HOME=$scratch/a timed "$woa" fetch --jobs 4)
warm=$(WOA_HOME=$scratch/a timed "$woa" fetch --offline)
serial=$(WOA_HOME=$scratch/b timed "$woa" fetch --jobs 1)
bytes=$(du -sb "$scratch/a/blobs" | cut -f1)
entries=$("$woa" corpus list | wc -l)

printf 'corpus: %d entries, %.1f MB of downloads\n' "$entries" "$(calc "$bytes / 1000000")"
printf 'cold, --jobs 4: %7.2f s\n' "$cold"
printf 'cold, --jobs 1: %7.2f s   (%.2fx the parallel fetch)\n' "$serial" "$(calc "$serial / $cold")"
printf 'warm, offline:  %7.2f s   (cold is %.0fx warm)\n' "$warm" "$(calc "$cold / $warm")"
