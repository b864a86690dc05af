// Debian packages as corpus sources: a package pinned by suite, architecture, name, version and
// the sha256 of its .deb, found through the archive's Packages index.
#pragma once

#include "fetcher/http.h"
#include "fetcher/integrity.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace woa {

struct DebianPackage {
    std::string package, version, architecture, filename, sha256;
};

// The mirror to use: $WOA_DEBIAN_MIRROR, else https://deb.debian.org/debian.
std::string debian_mirror();

// Reads a Packages index (RFC 822-style stanzas, fed in chunks) and keeps the stanza of
// package=version, if any. The index is untrusted text: lines are bounded, fields optional.
class PackagesIndexReader {
public:
    PackagesIndexReader(std::string package, std::string version)
        : package_(std::move(package)), version_(std::move(version)) {}
    void feed(std::string_view chunk);
    std::optional<DebianPackage> finish();

private:
    void line(std::string_view text);
    void end_stanza();
    std::string package_, version_, partial_;
    DebianPackage current_;
    std::optional<DebianPackage> found_;
};

// The index entry of package=version: downloads dists/SUITE/main/binary-ARCH/Packages.xz into
// `scratch` and reads it.
DebianPackage find_debian_package(HttpClient& http, const std::string& mirror,
                                  const std::string& suite, const std::string& arch,
                                  const std::string& package, const std::string& version,
                                  const std::filesystem::path& scratch, const HttpOptions& options);

// The URL of the pinned .deb: downloads dists/SUITE/main/binary-ARCH/Packages.xz into `scratch`,
// finds the package, and checks that the archive's SHA256 is the pinned one.
std::string debian_package_url(HttpClient& http, const std::string& mirror,
                               const std::string& suite, const std::string& arch,
                               const std::string& package, const std::string& version,
                               const Integrity& pinned, const std::filesystem::path& scratch,
                               const HttpOptions& options);

} // namespace woa
