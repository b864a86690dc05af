// Sandboxes (bubblewrap): what a program run by woa may reach of the host, and nothing else.
//
// A sandboxed program sees the host's /usr read-only (with the merged-/usr links /bin, /lib,
// /lib64, /sbin), the folders of its view at their own paths, a private /tmp, a minimal /dev
// and /proc of its own pid namespace: no home, no /etc, no other process. Its network
// namespace has only loopback, unless the test asks for the network. woa-contain runs inside
// it (core/process.h), so the program's end is still known from its own wait status.
#pragma once

#include "core/process.h"

#include <filesystem>
#include <string>
#include <vector>

namespace woa {

struct SandboxView {
    std::vector<std::filesystem::path> read_only;  // bound at their own paths, read-only
    std::vector<std::filesystem::path> read_write; // bound at their own paths, writable
    std::filesystem::path cwd;                     // where the program starts (in the view)
    // A folder of woa's own files bound at /etc/NAME (write_sandbox_etc): a user database
    // with root alone, localhost; never the host's /etc.
    std::filesystem::path etc;
    bool network = false; // false: a network namespace of its own, with loopback only
};

// The files of a sandbox's /etc, written into `folder`: passwd and group with root and nobody
// (programs ask who they run as: node's os.userInfo() fails without), hosts with localhost.
void write_sandbox_etc(const std::filesystem::path& folder);
inline constexpr const char* sandbox_etc_files[] = {"passwd", "group", "hosts"};

// What a host baseline (a native linux-x64 build, run by `woa run`) sees: its fetched tree,
// read-only, the worker's scratch folder, where it works and has its home, and woa's /etc.
SandboxView host_baseline_view(const std::filesystem::path& tree,
                               const std::filesystem::path& scratch,
                               const std::filesystem::path& cwd,
                               const std::filesystem::path& etc);

// bubblewrap's command line for `view`, without its final "--" (ProcessSpec::sandbox).
std::vector<std::string> bubblewrap_command(const SandboxView& view);

// Why sandboxes cannot be made on this machine, in words, with what to do; "" when they can.
// Tries one: some CI containers forbid the user, pid or network namespaces bubblewrap needs.
std::string sandbox_problem(ProcessRunner& runner);

} // namespace woa
