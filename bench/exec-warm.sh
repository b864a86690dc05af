#!/usr/bin/env bash
# How much `woa exec` costs against the bare qemu + wine command line, measured in one run.
#
#   bash bench/exec-warm.sh [RUNS]      (default 10 runs of each; needs build/ and target trixie)
#
# Prints the median wall time of the hello probe
#   1. warm `woa exec`          (persistent wineserver; woa-launch.exe + hello.exe),
#   2. bare, warm               (preloader + wine64 hello.exe, the same wineserver running),
#   3. bare, fresh wineserver   (wineserver -k before each run: what a plain `wine` costs),
# and the ratios between them. Timings are noisy on a shared 2-core machine: compare the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
woa=build/woa
hello=build/probes/hello.exe
[[ -x $woa && -f $hello ]] || { echo "woa: error: build first (cmake --build build)" >&2; exit 1; }
target=$($woa target show trixie --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')

# A private copy of the exec prefix's setup: run woa once so the prefix exists and is warm.
$woa exec -- "$hello" >/dev/null
prefix=$target/prefixes/exec
mkdir -p "$prefix/drive_c/woa-bench"
cp "$hello" "$prefix/drive_c/woa-bench/hello.exe"
export WINEPREFIX=$prefix WINELOADERNOEXEC=1
unset DISPLAY WAYLAND_DISPLAY
bare=("$target/sysroot/usr/lib/wine/wine64-preloader" "$target/sysroot/usr/lib/wine/wine64" 'C:\woa-bench\hello.exe')
server=$target/sysroot/usr/lib/wine/wineserver

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # label, command...
    local label=$1; shift
    local times=()
    for ((i = 0; i < runs; i++)); do
        [[ $label == fresh ]] && { "$server" -k 2>/dev/null || true; sleep 0.5; }
        local t0; t0=$(now)
        (cd "$prefix/drive_c" && "$@") >/dev/null 2>&1
        times+=("$(echo "$(now) - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | median
}

warm_woa=$(measure woa "$PWD/$woa" exec -- "$PWD/$hello")
"$server" -p600 2>/dev/null || true
warm_bare=$(measure bare "${bare[@]}")
fresh_bare=$(measure fresh "${bare[@]}")
# Leave the prefix warm again for whoever comes next.
$woa exec -- "$hello" >/dev/null

printf 'hello.exe, median of %d runs each (target trixie):\n' "$runs"
printf '  warm woa exec                %6.3f s\n' "$warm_woa"
printf '  bare qemu+wine, warm server  %6.3f s\n' "$warm_bare"
printf '  bare qemu+wine, fresh server %6.3f s\n' "$fresh_bare"
printf 'ratios: woa exec / bare warm = %.2f   bare fresh / woa exec = %.2f\n' \
    "$(echo "$warm_woa / $warm_bare" | bc -l)" "$(echo "$fresh_bare / $warm_woa" | bc -l)"
