#include "runner/wine_env.h"

#include <csignal>
#include <fstream>
#include <iterator>
#include <string>

namespace woa {

namespace fs = std::filesystem;

WineCommand::WineCommand(TargetLayout layout, const TargetIdentity& target)
    : layout_(std::move(layout)), loader_(target.wine.loader) {}

fs::path WineCommand::preloader() const {
    return layout_.sysroot() / loader_.parent_path() / "wine64-preloader";
}
fs::path WineCommand::loader() const {
    return layout_.sysroot() / loader_;
}
fs::path WineCommand::server_shim() const {
    return layout_.sysroot() / loader_.parent_path() / "wineserver";
}

const std::vector<std::string>& foreign_environment() {
    static const std::vector<std::string> names = {
        "WINESERVER",         "WINELOADER",       "WINEARCH",       "WINEDLLPATH",
        "WINEPRELOADRESERVE", "QEMU_CPU",         "QEMU_LD_PREFIX", "QEMU_STRACE",
        "QEMU_GUEST_BASE",    "QEMU_RESERVED_VA", "DISPLAY",        "WAYLAND_DISPLAY"};
    return names;
}

ProcessSpec WineCommand::spec(const fs::path& prefix, std::vector<std::string> args) const {
    ProcessSpec p;
    p.argv = {preloader().string(), loader().string()};
    p.argv.insert(p.argv.end(), std::make_move_iterator(args.begin()),
                  std::make_move_iterator(args.end()));
    p.env["WINEPREFIX"] = prefix.string();
    // The loader must not re-exec itself through the preloader: that exec needs binfmt.
    p.env["WINELOADERNOEXEC"] = "1";
    p.unset_env = foreign_environment();
    return p;
}

ProcessSpec WineCommand::server_spec(const fs::path& prefix, std::vector<std::string> args) const {
    ProcessSpec p;
    p.argv = {server_shim().string()};
    p.argv.insert(p.argv.end(), std::make_move_iterator(args.begin()),
                  std::make_move_iterator(args.end()));
    p.env["WINEPREFIX"] = prefix.string();
    p.unset_env = foreign_environment();
    return p;
}

namespace {

// Calls `visit(pid, cmdline)` for each process whose environment says WINEPREFIX=`prefix`.
template <class Visit> void for_each_prefix_process(const fs::path& prefix, Visit visit) {
    const std::string wanted = "WINEPREFIX=" + prefix.string();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        // woa-contain carries the program's environment but is woa's, not the prefix's: it
        // ends the program's tree itself, and reports how the program ended.
        std::ifstream comm(entry.path() / "comm");
        std::string command;
        if (std::getline(comm, command) && command == "woa-contain") continue;
        std::ifstream in(entry.path() / "environ", std::ios::binary);
        std::string variable;
        while (std::getline(in, variable, '\0')) {
            if (variable != wanted) continue;
            std::ifstream cmd(entry.path() / "cmdline", std::ios::binary);
            const std::string cmdline((std::istreambuf_iterator<char>(cmd)),
                                      std::istreambuf_iterator<char>());
            visit(std::stoi(name), cmdline);
            break;
        }
    }
}

} // namespace

int kill_prefix_processes(const fs::path& prefix) {
    int signalled = 0;
    for_each_prefix_process(prefix, [&](int pid, const std::string&) {
        if (::kill(pid, SIGKILL) == 0) signalled++;
    });
    return signalled;
}

PrefixState prefix_state(const fs::path& prefix) {
    PrefixState state;
    for_each_prefix_process(prefix, [&](int, const std::string& cmdline) {
        if (cmdline.find("wineserver") != std::string::npos) state.server = true;
        if (cmdline.find("services.exe") != std::string::npos) state.services = true;
    });
    return state;
}

} // namespace woa
