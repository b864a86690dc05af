#!/usr/bin/env bash
# Extracts Debian's libwine-dev:arm64 (wine's Windows headers and arm64 PE import libraries)
# from SUITE into DIR, keeping only those, and records the exact version in DIR/.woa-sdk-ready.
# No maintainer scripts run; nothing is installed on the host. Usage: provision-wine-sdk.sh SUITE DIR
set -euo pipefail
suite=$1 dir=$2
mirror=${WOA_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ -e $dir/.woa-sdk-ready ]]; then exit 0; fi
command -v mmdebstrap >/dev/null || { echo "woa: error: mmdebstrap is missing (run scripts/install-deps.sh)" >&2; exit 1; }

parent=$(dirname "$dir")
mkdir -p "$parent"
partial=$(mktemp -d "$parent/.partial-sdk-XXXXXX")
trap 'rm -rf "$partial"' EXIT

mmdebstrap --mode=chrootless --variant=extract --quiet --architectures=arm64 \
    --include=libwine-dev \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --extract-hook='dpkg-deb --showformat="libwine-dev:arm64 \${Version}\n" -W "$1"/var/cache/apt/archives/libwine-dev_*.deb > "$1"/woa-sdk-version' \
    "$suite" "$partial/tree" "$mirror"

mkdir -p "$partial/sdk/usr/include" "$partial/sdk/usr/lib/aarch64-linux-gnu/wine"
mv "$partial/tree/usr/include/wine" "$partial/sdk/usr/include/wine"
mv "$partial/tree/usr/lib/aarch64-linux-gnu/wine/aarch64-windows" "$partial/sdk/usr/lib/aarch64-linux-gnu/wine/"
# Only the import libraries and headers are needed; the DLLs themselves stay out of the SDK.
find "$partial/sdk/usr/lib" -type f ! -name '*.a' -delete
cp "$partial/tree/woa-sdk-version" "$partial/sdk/.woa-sdk-ready"
rm -rf "$dir"
mv "$partial/sdk" "$dir"
echo "woa: arm64 wine SDK ready: $(cat "$dir/.woa-sdk-ready")" >&2
