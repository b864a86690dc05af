#!/usr/bin/env bash
# tests/package/install-deb.sh DEB CACHE_DIR
# Installs the Debian package of woa into a fresh Debian 12 root (mmdebstrap --variant=apt,
# Depends resolved by apt from Debian's archive) and runs it there: woa --version, woa corpus
# validate (the installed corpus and schema), woa diff's reference results being found, the man
# page and the bash completion. Downloaded .debs are kept in CACHE_DIR (mmdebstrap's sync-in /
# sync-out) so later runs fetch only the archive's indexes. The root is thrown away.
# The package comes from a one-package local repository (copy://), so that apt installs it as
# a user would, resolving its Depends; a bare path in --include is not visible inside the root.
set -euo pipefail
deb=$(realpath "$1")
cache=$(realpath -m "$2")
mkdir -p "$cache/archives"
root=$(mktemp -d "${TMPDIR:-/tmp}/woa-deb-root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir "$root/repo"
cp "$deb" "$root/repo/"
(cd "$root/repo" && dpkg-scanpackages --multiversion . >Packages 2>/dev/null)
mirror=${WOA_DEBIAN_MIRROR:-http://deb.debian.org/debian}

mmdebstrap --quiet --variant=apt --include=woa-compat \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
    --setup-hook="sync-in $cache/archives /var/cache/apt/archives" \
    --customize-hook="sync-out /var/cache/apt/archives $cache/archives" \
    --customize-hook='chroot "$1" woa --version | grep -qx "woa [0-9.]*"' \
    --customize-hook='chroot "$1" woa corpus validate | grep -q "^corpus /usr/share/woa/corpus: "' \
    --customize-hook='chroot "$1" woa corpus list --json | grep -q "\"probe-hello\""' \
    --customize-hook='test -s "$1"/usr/share/woa/reference-results/schema/reference.schema.json' \
    --customize-hook='test -s "$1"/usr/share/woa/woa-launch.exe' \
    --customize-hook='test -s "$1"/usr/share/woa/probes/hello.exe' \
    --customize-hook='chroot "$1" woa inspect probe-hello | grep -q "machine: *ARM64"' \
    --customize-hook='zcat -f "$1"/usr/share/man/man1/woa.1* | grep -q "^\.SS \"woa run\""' \
    --customize-hook='chroot "$1" bash -c "source /usr/share/bash-completion/completions/woa && complete -p woa"' \
    --customize-hook='chroot "$1" dpkg -s woa-compat | grep -q "^Status: install ok installed"' \
    bookworm "$root/rootfs" "deb $mirror bookworm main" "deb [trusted=yes] copy://$root/repo ./"
echo "installed $(basename "$deb") in a fresh Debian 12 root and ran it"
