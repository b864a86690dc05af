#!/usr/bin/env bash
# Extracts Debian's libwine-dev:ARCH (wine's Windows headers and PE import libraries) from SUITE
# into DIR, keeping only those, and records the exact version in DIR/.woa-sdk-ready.
# ARCH is arm64 (default) or amd64; the amd64 SDK also keeps wine's own build tools
# (wine64-tools: wrc, widl, wmc, winebuild) with the C library they were linked against, behind
# wrappers in DIR/tools/ that run them through that library's loader: they are x86-64 programs
# of SUITE, and need its glibc, not the host's.
# No maintainer scripts run; nothing is installed on the host.
# Usage: provision-wine-sdk.sh SUITE DIR [ARCH]
set -euo pipefail
suite=$1 dir=$2 arch=${3:-arm64}
mirror=${WOA_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ -e $dir/.woa-sdk-ready ]]; then exit 0; fi
command -v mmdebstrap >/dev/null || { echo "woa: error: mmdebstrap is missing (run scripts/install-deps.sh)" >&2; exit 1; }
case $arch in
    arm64) triplet=aarch64-linux-gnu pe=aarch64-windows include=libwine-dev ;;
    amd64) triplet=x86_64-linux-gnu pe=x86_64-windows include=libwine-dev,wine64-tools ;;
    *) echo "woa: error: provision-wine-sdk.sh: ARCH is arm64 or amd64, not '$arch'" >&2; exit 2 ;;
esac

parent=$(dirname "$dir")
mkdir -p "$parent"
partial=$(mktemp -d "$parent/.partial-sdk-XXXXXX")
trap 'rm -rf "$partial"' EXIT

mmdebstrap --mode=chrootless --variant=extract --quiet --architectures="$arch" \
    --include="$include" \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --extract-hook="dpkg-deb --showformat=\"libwine-dev:$arch \\\${Version}\\n\" -W \"\$1\"/var/cache/apt/archives/libwine-dev_*.deb > \"\$1\"/woa-sdk-version" \
    "$suite" "$partial/tree" "$mirror"

tree=$partial/tree sdk=$partial/sdk
mkdir -p "$sdk/usr/include" "$sdk/usr/lib/$triplet/wine"
mv "$tree/usr/include/wine" "$sdk/usr/include/wine"
mv "$tree/usr/lib/$triplet/wine/$pe" "$sdk/usr/lib/$triplet/wine/"
# Only the import libraries and headers are needed; the DLLs themselves stay out of the SDK.
find "$sdk/usr/lib" -type f ! -name '*.a' -delete

if [[ $arch == amd64 ]]; then
    # The tools, their libraries, and the loader beside them: the tools find their data (wrc's
    # locale.nls) relative to /proc/self/exe, which is the loader when it starts them.
    mkdir -p "$sdk/usr/lib/wine" "$sdk/usr/lib/$triplet" "$sdk/usr/share/wine" "$sdk/tools"
    for tool in wrc widl wmc winebuild; do mv "$tree/usr/lib/wine/$tool" "$sdk/usr/lib/wine/"; done
    cp -a "$tree/usr/lib/$triplet"/{libc.so.6,libgettextpo.so.0*,libunistring.so.5*} "$sdk/usr/lib/$triplet/"
    cp -L "$tree/usr/lib64/ld-linux-x86-64.so.2" "$sdk/usr/lib/wine/"
    mv "$tree/usr/share/wine/nls" "$sdk/usr/share/wine/nls"
    # Debian's datadir is /usr/share/wine, so the tools look in .../share/wine/wine/nls.
    ln -s . "$sdk/usr/share/wine/wine"
    for tool in wrc widl wmc winebuild; do
        cat > "$sdk/tools/$tool" <<EOF
#!/bin/sh
# Written by provision-wine-sdk.sh: $tool of $suite, with $suite's C library.
sdk=\$(cd "\${0%/*}/.." && pwd -P) || exit 126
exec "\$sdk/usr/lib/wine/ld-linux-x86-64.so.2" --library-path "\$sdk/usr/lib/$triplet" "\$sdk/usr/lib/wine/$tool" "\$@"
EOF
        chmod +x "$sdk/tools/$tool"
    done
    "$sdk/tools/wrc" --version >/dev/null
fi

cp "$tree/woa-sdk-version" "$sdk/.woa-sdk-ready"
rm -rf "$dir"
mv "$sdk" "$dir"
echo "woa: $arch wine SDK ready: $(cat "$dir/.woa-sdk-ready")" >&2
