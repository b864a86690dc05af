// A complete target identity, as target.json holds it, for tests that need one.
#pragma once

#include "runner/target.h"

#include <string>

namespace woa::test {

inline TargetIdentity sample_target(const std::string& name = "trixie") {
    TargetIdentity t;
    t.name = name;
    t.cpu = "neoverse-n1";
    t.provisioned = "2026-11-23T20:00:00Z";
    t.woa_version = "0.1.0";
    t.wine = {{Source::Kind::debian, "trixie"},
              "wine-10.0 (Debian 10.0~repack-6)",
              {{"wine64:arm64", "10.0~repack-6"}},
              "usr/lib/wine/wine64",
              "usr/lib/wine/wineserver64"};
    t.qemu = {{Source::Kind::path, "/usr/bin/qemu-aarch64"},
              "qemu-aarch64 version 10.0.13",
              {},
              std::string(64, 'a')};
    return t;
}

} // namespace woa::test
