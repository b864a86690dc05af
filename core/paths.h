// Where woa keeps its state on this machine.
#pragma once

#include <filesystem>

namespace woa {

// $WOA_HOME, else $XDG_CACHE_HOME/woa, else ~/.cache/woa. Targets, logs and the probe SDK
// live below it; nothing there is precious, everything can be provisioned again.
std::filesystem::path woa_home();

// The folder that holds this running executable (for files installed beside `woa`).
std::filesystem::path executable_dir();

// A file or folder woa ships with itself (woa-launch.exe, woa-record.exe, probes/): beside the
// executable in a build tree, else in ../share/woa when installed (/usr/bin/woa ->
// /usr/share/woa/...). When neither exists, the path beside the executable, for messages.
std::filesystem::path shipped_path(const std::filesystem::path& relative);

// A helper program woa runs on the host (woa-contain): beside the executable in a build tree,
// else in ../libexec/woa when installed. When neither exists, the path beside the executable.
std::filesystem::path helper_path(const std::filesystem::path& name);

} // namespace woa
