#include "fetcher/debian.h"

#include "core/error.h"
#include "fetcher/archive.h"

#include <sstream>

namespace woa {

namespace fs = std::filesystem;

std::string debian_mirror() {
    return base_url_from_env("WOA_DEBIAN_MIRROR", "https://deb.debian.org/debian");
}

void DebianIndexReader::feed(std::string_view chunk) {
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

std::optional<std::map<std::string, std::string>> DebianIndexReader::finish() {
    if (!partial_.empty()) line(partial_);
    partial_.clear();
    end_stanza();
    return found_;
}

namespace {

std::string_view trimmed(std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
        value.remove_suffix(1);
    return value;
}

// A path the index gives, used below the mirror or a scratch folder: relative, plain.
bool plain_relative(const std::string& path, bool allow_slash) {
    if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos) return false;
    return allow_slash || path.find('/') == std::string::npos;
}

} // namespace

void DebianIndexReader::line(std::string_view text) {
    if (trimmed(text).empty()) return end_stanza();
    stanza_bytes_ += text.size();
    // A stanza is a few kB (Sources: Build-Depends, checksums); far more is not an index.
    if (stanza_bytes_ > (8u << 20)) throw Error("a stanza longer than 8 MiB");
    if (text[0] == ' ' || text[0] == '\t') { // continuation of a folded field
        if (!last_key_.empty()) current_[last_key_].append("\n").append(trimmed(text));
        return;
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return;
    last_key_ = std::string(text.substr(0, colon));
    current_[last_key_] = std::string(trimmed(text.substr(colon + 1)));
}

void DebianIndexReader::end_stanza() {
    if (!found_ && !current_.empty() && current_["Package"] == package_ &&
        (version_.empty() || current_["Version"] == version_))
        found_ = current_;
    current_.clear();
    last_key_.clear();
    stanza_bytes_ = 0;
}

DebianSource debian_source_from_fields(const std::map<std::string, std::string>& fields) {
    auto field = [&](const char* key) {
        auto it = fields.find(key);
        return it == fields.end() ? std::string() : it->second;
    };
    DebianSource out{field("Package"), field("Version"), field("Directory"), {}};
    if (!plain_relative(out.directory, true))
        throw Error(out.package + " " + out.version + " has no usable Directory");
    std::istringstream lines(field("Checksums-Sha256"));
    std::string line;
    while (std::getline(lines, line)) {
        if (trimmed(line).empty()) continue;
        std::istringstream words(line);
        std::string sha256, size, name, extra;
        if (!(words >> sha256 >> size >> name) || (words >> extra) || sha256.size() != 64 ||
            sha256.find_first_not_of("0123456789abcdef") != std::string::npos ||
            !plain_relative(name, false))
            throw Error(out.package + " " + out.version + ": a malformed Checksums-Sha256 line");
        out.files[name] = sha256;
    }
    if (out.files.empty()) throw Error(out.package + " " + out.version + " lists no files");
    return out;
}

namespace {

// The stanza of package=version in the index at `index_url` (an .xz file), downloaded into
// `scratch`.
std::map<std::string, std::string> find_stanza(HttpClient& http, const std::string& index_url,
                                               const std::string& package,
                                               const std::string& version,
                                               const fs::path& scratch,
                                               const HttpOptions& options) {
    const fs::path index = scratch / fs::path(index_url).filename();
    http.download(index_url, index, options);
    DebianIndexReader reader(package, version);
    try {
        decompress(index, 1ull << 30, [&](std::string_view chunk) { reader.feed(chunk); });
    } catch (const Error& e) {
        throw Error(index_url + ": " + e.what());
    }
    auto found = reader.finish();
    if (!found)
        throw Error(index_url + ": no " + package + " " + version +
                    " (Debian keeps only the current version of a suite; pin a newer one)");
    return *found;
}

} // namespace

DebianPackage find_debian_package(HttpClient& http, const std::string& mirror,
                                  const std::string& suite, const std::string& arch,
                                  const std::string& package, const std::string& version,
                                  const fs::path& scratch, const HttpOptions& options) {
    const std::string index_url =
        mirror + "/dists/" + suite + "/main/binary-" + arch + "/Packages.xz";
    auto fields = find_stanza(http, index_url, package, version, scratch, options);
    const DebianPackage found{package, version, fields["Architecture"], fields["Filename"],
                              fields["SHA256"]};
    if (!plain_relative(found.filename, true))
        throw Error(index_url + ": " + package + " " + version + " has no usable Filename");
    if (found.sha256.size() != 64)
        throw Error(index_url + ": " + package + " " + version + " has no SHA256");
    return found;
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

DebianSource find_debian_source(HttpClient& http, const std::string& mirror,
                                const std::string& suite, const std::string& package,
                                const std::string& version, const fs::path& scratch,
                                const HttpOptions& options) {
    const std::string index_url = mirror + "/dists/" + suite + "/main/source/Sources.xz";
    try {
        return debian_source_from_fields(
            find_stanza(http, index_url, package, version, scratch, options));
    } catch (const Error& e) {
        const std::string what = e.what();
        throw Error(what.rfind(index_url, 0) == 0 ? what : index_url + ": " + what);
    }
}

void check_debian_suite(HttpClient& http, const std::string& mirror, const std::string& suite,
                        const fs::path& scratch, const HttpOptions& options) {
    const std::string url = mirror + "/dists/" + suite + "/Release";
    try {
        http.download(url, scratch / "Release", options);
    } catch (const Error& e) {
        const std::string what = e.what();
        const std::string not_found = ": HTTP 404";
        if (what.size() > not_found.size() &&
            what.compare(what.size() - not_found.size(), not_found.size(), not_found) == 0)
            throw Error("Debian's archive " + mirror + " has no suite '" + suite + "' (" + url +
                        ": HTTP 404)");
        throw;
    }
}

} // namespace woa
