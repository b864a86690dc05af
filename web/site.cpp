#include "web/site.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace woa::web {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
}

} // namespace

fs::path write_site(const std::vector<SiteFile>& files, fs::path out) {
    FolderSwap site(std::move(out), site_mark);
    for (const auto& file : files) {
        const fs::path relative(file.path);
        if (relative.is_absolute() || file.path.find("..") != std::string::npos)
            throw Error("site file " + file.path + " is outside the site"); // a bug, not input
        if (!file.source.empty()) {
            fs::create_directories((site.path() / relative).parent_path());
            fs::copy_file(file.source, site.path() / relative);
        } else {
            write_file(site.path() / relative, file.content);
        }
    }
    site.commit();
    return site.out() / "index.html";
}

} // namespace woa::web
