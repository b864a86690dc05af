// How to start wine (and its server) of a target in a given prefix, binfmt-less.
#pragma once

#include "core/process.h"
#include "runner/target.h"

#include <filesystem>
#include <string>
#include <vector>

namespace woa {

class WineCommand {
public:
    WineCommand(TargetLayout layout, const TargetIdentity& target);

    // `wine ARGS...` in `prefix`: the preloader shim runs the loader under qemu.
    ProcessSpec spec(const std::filesystem::path& prefix, std::vector<std::string> args) const;
    // `wineserver ARGS...` for `prefix` (-p SECONDS, -k, -w).
    ProcessSpec server_spec(const std::filesystem::path& prefix,
                            std::vector<std::string> args) const;

    std::filesystem::path preloader() const;
    std::filesystem::path loader() const;
    std::filesystem::path server_shim() const;

private:
    TargetLayout layout_;
    std::filesystem::path loader_;
};

// Environment variables woa removes before starting wine: they would point wine or qemu
// somewhere else than the target (a user's WINESERVER, QEMU_CPU, a display to draw on).
const std::vector<std::string>& foreign_environment();

// Ends every process whose environment says WINEPREFIX=`prefix` (a wineserver and its system
// processes left behind); returns how many were signalled.
int kill_prefix_processes(const std::filesystem::path& prefix);

// What is running for a prefix: its wineserver, and wine's services (services.exe and the
// processes it keeps: explorer, plugplay, winedevice, ...).
struct PrefixState {
    bool server = false;
    bool services = false;
};
PrefixState prefix_state(const std::filesystem::path& prefix);

} // namespace woa
