// The binfmt-less wiring of a target. Wine starts its preloader, its server and every child
// process with exec(); without binfmt_misc the kernel cannot run those arm64 files, so woa puts
// small shell scripts where wine looks for them, and each hands its arm64 program to qemu-user.
#pragma once

#include <filesystem>
#include <string>

namespace woa {

struct ShimSettings {
    // Folder of the wine loader inside the sysroot ("usr/lib/wine"); the shims live there and
    // find the target's root from their own location, so a target folder can be moved.
    std::filesystem::path loader_dir;
    std::string cpu; // qemu -cpu MODEL
    // x86_64: no qemu; the sysroot's own dynamic loader (copied beside wine's loader, so that
    // wine finds its files relative to /proc/self/exe) runs each program with the sysroot's C
    // library, which is newer than the host's.
    std::string arch = "aarch64";
};

// The loader an x86_64 target's shims run programs with, in the wine loader's folder.
inline constexpr const char* x86_64_dynamic_loader = "ld-linux-x86-64.so.2";

// Script for <loader_dir>/wine-preloader and wine64-preloader: `exec qemu -L sysroot "$@"`.
std::string preloader_shim(const ShimSettings& settings);

// Script for <loader_dir>/wineserver: runs the arm64 server binary (`server`, a path inside the
// sysroot such as "usr/lib/wine/wineserver64") under qemu. An x86-64 wineserver cannot serve
// arm64 clients.
std::string wineserver_shim(const ShimSettings& settings, const std::filesystem::path& server);

// The file names wine tries for its preloader (wine 8 and 10 use "<loader>-preloader").
inline const char* const preloader_names[] = {"wine-preloader", "wine64-preloader"};

} // namespace woa
