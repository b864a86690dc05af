#include "runner/wine_env.h"

#include <csignal>
#include <fstream>
#include <iterator>

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

int kill_prefix_processes(const fs::path& prefix) {
    const std::string wanted = "WINEPREFIX=" + prefix.string();
    int signalled = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "environ", std::ios::binary);
        std::string variable;
        while (std::getline(in, variable, '\0')) {
            if (variable == wanted) {
                if (::kill(std::stoi(name), SIGKILL) == 0) signalled++;
                break;
            }
        }
    }
    return signalled;
}

} // namespace woa
