#!/usr/bin/env bash
# tests/ci/check-ci-files.sh WOA TOOLS_DIR FILE...
# Installs the pinned validators (package-lock.json, npm ci) into TOOLS_DIR when the lock file
# changed, then runs check-ci-files.mjs on FILE... with the built WOA.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
woa=$1 tools=$2
shift 2
mkdir -p "$tools"
if ! cmp -s "$here/package-lock.json" "$tools/package-lock.json" || [[ ! -d $tools/node_modules ]]; then
    rm -rf "$tools/node_modules"
    cp "$here/package.json" "$here/package-lock.json" "$tools/"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$here/check-ci-files.mjs" "$tools/"
exec node "$tools/check-ci-files.mjs" "$woa" "$@"
