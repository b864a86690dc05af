#!/usr/bin/env bash
# Wine's conformance tests at full scale: the build of every unit for both architectures from
# cold, then the run on one target, measured in one go on this machine.
#
#   bash bench/wine-suite.sh [FILTER [TARGET [JOBS]]]   (default: 'wine-*' trixie 2; needs build/
#                                                        and the target added)
#
# The builds go to a scratch home, so they start cold without touching the cache's own builds;
# the scratch home borrows the cache's targets, blobs, trees and SDKs (symbolic links), so
# nothing is downloaded again. Prints
#   1. the build: wall time, and units and test files built out of the total, per architecture,
#   2. the run: wall time, outcomes, assertions executed and failed, files run,
#   3. the slowest test files.
# FILTER 'wine-bcrypt' makes a quick check of the script itself.
set -euo pipefail
source "$(dirname "$0")/common.sh"
filter=${1:-'wine-*'}
target=${2:-trixie}
jobs=${3:-2}

# woa's home, as core/paths.cpp finds it.
if [[ -n ${WOA_HOME:-} ]]; then home=$WOA_HOME; else home=${XDG_CACHE_HOME:-$HOME/.cache}/woa; fi
[[ -d $home/targets/$target ]] || { echo "woa: error: target $target is not added (woa target add $target)" >&2; exit 1; }
cold=$scratch/home
mkdir -p "$cold"
for part in blobs trees targets sdk; do
    [[ -e $home/$part ]] && ln -s "$home/$part" "$cold/$part"
done
export WOA_HOME=$cold

t0=$(now)
"$woa" fetch "$filter" >"$scratch/fetch.log" 2>&1 || true
build_s=$(calc "$(now) - $t0")
printf 'build of %s (both architectures, cold): %.0f s wall\n' "$filter" "$build_s"
"$woa" corpus list --json >"$scratch/corpus.json"
# Per architecture, from fetch's lines "wine-kernel32 (aarch64 build): built" (or cached,
# failed) and the "  warning: FILE not built: ..." lines after each.
node - "$scratch/corpus.json" "$scratch/fetch.log" "$filter" <<'JS'
const fs = require("fs");
const [corpusFile, logFile, filter] = process.argv.slice(2);
const glob = new RegExp("^" + filter.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
const corpus = JSON.parse(fs.readFileSync(corpusFile, "utf8"));
const units = (Array.isArray(corpus) ? corpus : corpus.entries).filter((e) => e.kind === "wine-test" && glob.test(e.id));
const files = Object.fromEntries(units.map((e) => [e.id, e.tests.length]));
const builds = {}; // arch -> unit -> {state, notBuilt}
let last = null;
for (const line of fs.readFileSync(logFile, "utf8").split("\n")) {
    const m = line.match(/^(?:\[\d+\/\d+\] )?(wine-\S+) \((aarch64|x86_64) build\): (\w+)/);
    if (m) {
        (builds[m[2]] ||= {})[m[1]] = last = { state: m[3], notBuilt: 0 };
    } else if (last && / not built: /.test(line)) {
        last.notBuilt++;
    }
}
const totalFiles = units.reduce((n, e) => n + e.tests.length, 0);
for (const arch of ["aarch64", "x86_64"]) {
    const of = builds[arch] || {};
    const built = Object.entries(of).filter(([, b]) => b.state === "built" || b.state === "cached");
    const filesBuilt = built.reduce((n, [id, b]) => n + (files[id] || 0) - b.notBuilt, 0);
    console.log(`  ${arch.padEnd(8)} ${built.length} of ${units.length} units built ` +
                `(${(100 * built.length / Math.max(1, units.length)).toFixed(1)} %), ` +
                `${filesBuilt} of ${totalFiles} test files`);
}
JS
if grep -q ': failed' "$scratch/fetch.log"; then
    echo "  units that failed to build (first error each, at most 20):"
    grep ': failed' "$scratch/fetch.log" | sed 's/^\[[0-9/]*\] //; s/^/    /' | cut -c1-160 | head -20
fi

t0=$(now)
"$woa" run --target "$target" --filter "$filter" --jobs "$jobs" --db "$scratch/suite.db" \
    >"$scratch/run.log" 2>&1 || true
run_s=$(calc "$(now) - $t0")
printf 'run on %s, --jobs %s: %.0f s wall\n' "$target" "$jobs" "$run_s"
"$woa" runs show 1 --json --db "$scratch/suite.db" >"$scratch/run.json" # a fresh store: run 1
node - "$scratch/run.json" <<'JS'
const run = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const results = run.results.filter((r) => r.test.startsWith("wine-"));
const outcomes = {};
for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] || 0) + 1;
const sum = (f) => results.reduce((n, r) => n + (f(r) || 0), 0);
const ran = results.filter((r) => r.outcome !== "not-built" && r.outcome !== "harness-error");
const list = Object.entries(outcomes).sort((a, b) => b[1] - a[1]).map(([o, n]) => `${n} ${o}`);
console.log(`  ${ran.length} test files run (${list.join(", ")})`);
console.log(`  ${sum((r) => r.counts && r.counts.executed)} assertions executed, ` +
            `${sum((r) => r.counts && r.counts.failures)} failed; ` +
            `${sum((r) => r.wall_s).toFixed(0)} s of file time`);
console.log("slowest files:");
for (const r of [...results].sort((a, b) => (b.wall_s || 0) - (a.wall_s || 0)).slice(0, 10))
    console.log(`  ${(r.wall_s || 0).toFixed(1).padStart(7)} s  ${r.test.padEnd(40)} ${r.outcome}`);
JS
