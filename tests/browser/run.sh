#!/usr/bin/env bash
# The browser test (ctest "browser: site"): installs playwright-core from package-lock.json into
# the build folder (npm ci, once per lock file), then runs site.test.mjs with Debian's chromium.
# Usage: run.sh WOA_BINARY BUILD_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
woa="${1:?usage: run.sh WOA_BINARY BUILD_DIR}"
build="${2:?usage: run.sh WOA_BINARY BUILD_DIR}"
chromium="${WOA_CHROMIUM:-/usr/bin/chromium}"

fail() {
    echo "woa: error: browser test: $*" >&2
    exit 1
}
command -v node >/dev/null || fail "no node on PATH (Node.js 20 or later is needed)"
command -v npm >/dev/null || fail "no npm on PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || fail "node $(node --version) is too old (20 or later is needed)"
[[ -x $chromium ]] || fail "no $chromium (bash scripts/install-deps.sh installs Debian's chromium)"

# Installed aside, in the build folder: the source tree stays clean. npm ci again only when the
# lock file changed.
deps="$build/browser-test"
mkdir -p "$deps"
if ! cmp -s "$here/package-lock.json" "$deps/package-lock.json" ||
    [[ ! -f $deps/node_modules/playwright-core/package.json ]]; then
    cp "$here/package.json" "$here/package-lock.json" "$deps/"
    npm ci --prefix "$deps" --ignore-scripts --no-audit --no-fund --loglevel=error >&2 ||
        fail "npm ci of tests/browser/package-lock.json failed"
fi

WOA_BINARY="$woa" WOA_SOURCE_DIR="$(cd "$here/../.." && pwd)" WOA_BROWSER_DEPS="$deps" \
    WOA_SCREENSHOTS="$build/browser-screenshots" WOA_CHROMIUM="$chromium" \
    exec node "$here/site.test.mjs"
