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

std::string header(const char* what) {
    return std::string("#!/bin/sh\n"
                       "# Written by woa. ") +
           what +
           "\n"
           "# No binfmt_misc here: the kernel cannot run arm64 files, so hand them to qemu-user.\n";
}

} // namespace

std::string preloader_shim(const ShimSettings& s) {
    return header("Wine starts every process through its preloader.") +
           find_target_root(s.loader_dir) +
           "exec \"$target/qemu-aarch64\" -L \"$target/sysroot\" -cpu " + s.cpu + " \"$@\"\n";
}

std::string wineserver_shim(const ShimSettings& s, const std::filesystem::path& server) {
    return header("Wine starts its server through this file.") + find_target_root(s.loader_dir) +
           "exec \"$target/qemu-aarch64\" -L \"$target/sysroot\" -cpu " + s.cpu +
           " \"$target/sysroot/" + server.relative_path().string() + "\" \"$@\"\n";
}

} // namespace woa
