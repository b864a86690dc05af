#!/usr/bin/env bash
# Installs the Debian 12 packages woa-compat needs to build, test and run.
# Idempotent and quiet: prints nothing and changes nothing when everything is there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git ca-certificates
    dpkg-dev                        # dpkg-source -x: wine's source package, Debian's patches applied
    clang lld llvm                  # arm64 PE probes; llvm-dlltool for test import libraries
    libclang-rt-14-dev              # clang's ASan, UBSan and libFuzzer runtimes (build-fuzz)
    mmdebstrap                      # wine/qemu target sysroots from Debian's archive
    liblief-dev libcurl4-openssl-dev libsqlite3-dev nlohmann-json3-dev
    libboost1.81-dev catch2 libcli11-dev libarchive-dev libssl-dev
    libctemplate-dev libcpp-httplib-dev libtinyxml2-dev libdtl-dev
    libre2-dev                      # regular expressions on untrusted text: linear time, no recursion
    libvalijson-dev                 # JSON Schema validation (header-only, nlohmann adapter)
    json-schema-test-suite          # the official JSON Schema tests, run against woa's validator
    bubblewrap procps file
    chromium                        # the website's browser test (driven by npm's playwright-core)
    help2man                        # the man page, from woa --help (packaging)
)
# npm installs the pinned validators of the CI files (tests/ci); a node already there is kept.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
    [[ $p == \#* ]] && continue
    if ! dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii'; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "woa: error: missing Debian packages: ${missing[*]} (run this script as root)" >&2
    exit 1
fi
echo "woa: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
