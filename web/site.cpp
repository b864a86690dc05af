#include "web/site.h"

#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>

namespace woa::web {

namespace fs = std::filesystem;

namespace {

// A folder woa may replace: absent, empty, or a site it made before.
void check_replaceable(const fs::path& dir, const char* role) {
    std::error_code ec;
    const auto status = fs::symlink_status(dir, ec);
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status))
        throw InputError(dir, std::string("exists and is not a folder: refusing to replace it") +
                                  " (" + role + ")");
    if (fs::is_empty(dir) || fs::exists(dir / site_marker)) return;
    throw InputError(dir, std::string("is a folder that is not a site made by woa (no ") +
                              site_marker + " in it): refusing to replace it; choose another " +
                              role + " or remove it");
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
}

} // namespace

fs::path write_site(const std::vector<SiteFile>& files, fs::path out) {
    out = fs::absolute(out).lexically_normal();
    if (out.filename().empty()) out = out.parent_path(); // "site/" -> "site"
    const fs::path partial = out.string() + ".partial";
    check_replaceable(out, "--out folder");
    check_replaceable(partial, "--out folder's .partial sibling");
    fs::remove_all(partial);
    fs::create_directories(partial);
    write_file(partial / site_marker, "This folder is a site made by woa publish; woa publish "
                                      "may replace it.\n");
    for (const auto& file : files) {
        const fs::path relative(file.path);
        if (relative.is_absolute() || file.path.find("..") != std::string::npos)
            throw Error("site file " + file.path + " is outside the site"); // a bug, not input
        if (!file.source.empty()) {
            fs::create_directories((partial / relative).parent_path());
            fs::copy_file(file.source, partial / relative);
        } else {
            write_file(partial / relative, file.content);
        }
    }
    if (!fs::exists(out)) {
        fs::rename(partial, out);
    } else {
        // Swap the two folders in one step (Linux renameat2), then drop the old site.
        if (renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
            // A file system without the exchange: move the old site aside first.
            const fs::path old = out.string() + ".old";
            check_replaceable(old, "--out folder's .old sibling");
            fs::remove_all(old);
            fs::rename(out, old);
            fs::rename(partial, out);
            fs::remove_all(old);
        }
        fs::remove_all(partial);
    }
    return out / "index.html";
}

} // namespace woa::web
