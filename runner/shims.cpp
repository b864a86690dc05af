#include "runner/shims.h"

#include "core/error.h"

namespace woa {

namespace {

// "$0"'s folder is <target>/sysroot/<loader_dir>: climb back up to <target>.
std::string find_target_root(const std::filesystem::path& loader_dir) {
    std::string up;
    for (const auto& part : loader_dir.relative_path()) {
        if (part.empty() || part == "." || part == "..")
            throw Error("internal: loader folder '" + loader_dir.string() + "' is not plain");
        up += "/..";
    }
    up += "/.."; // sysroot itself
    return "target=$(cd \"${0%/*}" + up + "\" && pwd -P) || exit 126\n";
}


// What runs a program of the target: qemu for arm64, the sysroot's loader for x86-64.
std::string runner_of(const ShimSettings& s) {
    if (s.arch == "x86_64")
        return "\"$target/sysroot/" + (s.loader_dir / x86_64_dynamic_loader).string() +
               "\" --library-path \"$target/sysroot/usr/lib/x86_64-linux-gnu\"";
    return "\"$target/qemu-aarch64\" -L \"$target/sysroot\" -cpu " + s.cpu;
}

std::string header(const char* what, const ShimSettings& s) {
    return std::string("#!/bin/sh\n# Written by woa. ") + what + "\n" +
           (s.arch == "x86_64"
                ? "# x86-64: run natively, with the sysroot's C library (newer than the host's).\n"
                : "# No binfmt_misc here: the kernel cannot run arm64 files, so hand them to "
                  "qemu-user.\n");
}

} // namespace

std::string preloader_shim(const ShimSettings& s) {
    return header("Wine starts every process through its preloader.", s) +
           find_target_root(s.loader_dir) + "exec " + runner_of(s) + " \"$@\"\n";
}

std::string wineserver_shim(const ShimSettings& s, const std::filesystem::path& server) {
    return header("Wine starts its server through this file.", s) +
           find_target_root(s.loader_dir) + "exec " + runner_of(s) + " \"$target/sysroot/" +
           server.relative_path().string() + "\" \"$@\"\n";
}

} // namespace woa
