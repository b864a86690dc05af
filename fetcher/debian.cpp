#include "fetcher/debian.h"

#include "core/error.h"
#include "fetcher/archive.h"

namespace woa {

namespace fs = std::filesystem;

std::string debian_mirror() {
    return base_url_from_env("WOA_DEBIAN_MIRROR", "https://deb.debian.org/debian");
}

void PackagesIndexReader::feed(std::string_view chunk) {
    for (;;) {
        const std::size_t newline = chunk.find('\n');
        if (newline == std::string_view::npos) {
            partial_.append(chunk);
            // No real field is this long (descriptions are folded over many lines).
            if (partial_.size() > (1u << 20)) throw Error("a line longer than 1 MiB");
            return;
        }
        partial_.append(chunk.substr(0, newline));
        line(partial_);
        partial_.clear();
        chunk.remove_prefix(newline + 1);
    }
}

std::optional<DebianPackage> PackagesIndexReader::finish() {
    if (!partial_.empty()) line(partial_);
    end_stanza();
    return found_;
}

void PackagesIndexReader::line(std::string_view text) {
    if (text.empty()) return end_stanza();
    if (text[0] == ' ' || text[0] == '\t') return; // continuation of a folded field
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view key = text.substr(0, colon);
    std::string_view value = text.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r'))
        value.remove_suffix(1);
    if (key == "Package")
        current_.package = value;
    else if (key == "Version")
        current_.version = value;
    else if (key == "Architecture")
        current_.architecture = value;
    else if (key == "Filename")
        current_.filename = value;
    else if (key == "SHA256")
        current_.sha256 = value;
}

void PackagesIndexReader::end_stanza() {
    if (!found_ && current_.package == package_ && current_.version == version_) found_ = current_;
    current_ = DebianPackage{};
}

DebianPackage find_debian_package(HttpClient& http, const std::string& mirror,
                                  const std::string& suite, const std::string& arch,
                                  const std::string& package, const std::string& version,
                                  const fs::path& scratch, const HttpOptions& options) {
    const std::string index_url =
        mirror + "/dists/" + suite + "/main/binary-" + arch + "/Packages.xz";
    const fs::path index = scratch / "Packages.xz";
    http.download(index_url, index, options);
    PackagesIndexReader reader(package, version);
    try {
        decompress(index, 1ull << 30, [&](std::string_view chunk) { reader.feed(chunk); });
    } catch (const Error& e) {
        throw Error(index_url + ": " + e.what());
    }
    const auto found = reader.finish();
    if (!found)
        throw Error(index_url + ": no " + package + " " + version +
                    " (Debian keeps only the current version of a suite; pin a newer one)");
    if (found->filename.empty() || found->filename.find("..") != std::string::npos ||
        found->filename[0] == '/')
        throw Error(index_url + ": " + package + " " + version + " has no usable Filename");
    if (found->sha256.size() != 64)
        throw Error(index_url + ": " + package + " " + version + " has no SHA256");
    return *found;
}

std::string debian_package_url(HttpClient& http, const std::string& mirror,
                               const std::string& suite, const std::string& arch,
                               const std::string& package, const std::string& version,
                               const Integrity& pinned, const fs::path& scratch,
                               const HttpOptions& options) {
    const DebianPackage found =
        find_debian_package(http, mirror, suite, arch, package, version, scratch, options);
    if (found.sha256 != pinned.hex)
        throw Error(mirror + ": " + package + " " + version + " (" + suite + "/" + arch +
                    ") has a different SHA256 from the pinned one (rebuilt?)");
    return mirror + "/" + found.filename;
}

} // namespace woa
