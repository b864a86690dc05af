// Provisioning a target: sysroot, qemu, shims, template prefix, identity. Atomic: everything
// is built in a hidden .partial folder and renamed into place only when complete.
#pragma once

#include "core/clock.h"
#include "core/process.h"
#include "fetcher/http.h"
#include "runner/target.h"

#include <functional>
#include <string>

namespace woa {

struct ProvisionSettings {
    std::string mirror = "http://deb.debian.org/debian";
    std::function<void(const std::string&)> progress = [](const std::string&) {};
    WallClock clock = system_wall_clock();
    std::string woa_version;
    // When set, a debian:SUITE source is checked first: an archive without the suite's Release
    // file is an error saying so, not mmdebstrap's.
    HttpClient* http = nullptr;
};

// Refuses what cannot make a target before anything is built: a dir: wine source without a
// wine loader of the target's architecture, one that holds the store's folder or lies in it
// (hard-linking the store into itself), and, with settings.http, a Debian suite the archive
// does not have.
void check_sources(const TargetStore& store, const TargetSpec& spec,
                   const ProvisionSettings& settings);

TargetIdentity provision_target(ProcessRunner& runner, const TargetStore& store,
                                const TargetSpec& spec, const ProvisionSettings& settings);

// The mmdebstrap command that extracts Debian packages of one architecture into `dir`, without
// running maintainer scripts, writing "<package>:<arch> <version>" lines to `dir`/woa-packages.
std::vector<std::string> mmdebstrap_command(const std::string& suite, const std::string& arch,
                                            const std::vector<std::string>& packages,
                                            const std::filesystem::path& dir,
                                            const std::string& mirror);

// The Debian package that ships a static qemu-aarch64 in `suite`.
std::string qemu_package_for(const std::string& suite);

// "10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)" from `qemu-aarch64 --version` output.
std::string qemu_version(const std::string& output);

// Runs `qemu-aarch64 --version` / `wine --version` under the target and returns the version.
std::string run_qemu_version(ProcessRunner& runner, const std::filesystem::path& qemu);
std::string wine_version(ProcessRunner& runner, const TargetLayout& layout,
                         const TargetIdentity& target);

// Reads the woa-packages lines written by mmdebstrap_command's hook.
std::map<std::string, std::string> parse_package_list(const std::string& text);

// Makes an extracted Debian tree usable with qemu -L: merged-/usr links, and no tmp, dev, var
// (qemu resolves paths inside the sysroot first; an empty /tmp there would hide the host's).
void fix_sysroot(const std::filesystem::path& sysroot);

// The registry settings of every template prefix (REGEDIT4 text).
std::string prefix_registry_settings();

// "aarch64" or "x86_64" for a 64-bit ELF file of that machine, else "".
std::string elf_machine(const std::filesystem::path& file);
// True when `file` starts with an ELF header for AArch64.
bool is_aarch64_elf(const std::filesystem::path& file);
// The C library's loader of `arch` in a sysroot: "lib/ld-linux-aarch64.so.1", ...
std::string dynamic_linker(const std::string& arch);

} // namespace woa
