#include "core/paths.h"

#include "core/error.h"

#include <cstdlib>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

fs::path woa_home() {
    if (const char* home = std::getenv("WOA_HOME"); home && *home) return fs::absolute(home);
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return fs::absolute(fs::path(xdg) / "woa");
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "woa";
    throw Error("cannot find a home for woa's cache: set WOA_HOME, XDG_CACHE_HOME or HOME");
}

fs::path executable_dir() {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error("cannot read /proc/self/exe: " + ec.message());
    return self.parent_path();
}

namespace {

// `relative` beside the executable, else in `installed` (a folder relative to it), else the
// path beside it, for messages.
fs::path beside_or_installed(const fs::path& relative, const fs::path& installed) {
    const fs::path dir = executable_dir();
    if (fs::exists(dir / relative)) return dir / relative;
    const fs::path there = (dir / installed / relative).lexically_normal();
    return fs::exists(there) ? there : dir / relative;
}

} // namespace

fs::path shipped_path(const fs::path& relative) {
    return beside_or_installed(relative, "../share/woa");
}

fs::path helper_path(const fs::path& name) {
    return beside_or_installed(name, "../libexec/woa");
}

} // namespace woa
