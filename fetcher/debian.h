// Debian packages as corpus sources: a package pinned by suite, architecture, name, version and
// the sha256 of its .deb, found through the archive's Packages index.
#pragma once

#include "fetcher/http.h"
#include "fetcher/integrity.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace woa {

struct DebianPackage {
    std::string package, version, architecture, filename, sha256;
};

// A source package of a suite's Sources index: the folder of the pool it lies in and the
// SHA256 of each of its files (the .dsc, the tarballs).
struct DebianSource {
    std::string package, version, directory;
    std::map<std::string, std::string> files; // file name -> sha256
};

// The mirror to use: $WOA_DEBIAN_MIRROR, else https://deb.debian.org/debian.
std::string debian_mirror();

// Reads a Debian index (Packages or Sources: RFC 822-style stanzas, fed in chunks) and keeps the
// fields of the stanza of package=version (any version when it is ""), if any; a folded field's
// lines are joined by '\n'.
// The index is untrusted text: lines and stanzas are bounded, fields optional.
class DebianIndexReader {
public:
    DebianIndexReader(std::string package, std::string version)
        : package_(std::move(package)), version_(std::move(version)) {}
    void feed(std::string_view chunk);
    std::optional<std::map<std::string, std::string>> finish();

private:
    void line(std::string_view text);
    void end_stanza();
    std::string package_, version_, partial_, last_key_;
    std::size_t stanza_bytes_ = 0;
    std::map<std::string, std::string> current_;
    std::optional<std::map<std::string, std::string>> found_;
};

// The fields of a Sources stanza as a DebianSource: throws Error when the Directory or a file
// name could leave the pool, or a checksum line is malformed.
DebianSource debian_source_from_fields(const std::map<std::string, std::string>& fields);

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

// The Sources entry of package=version (the suite's current one when `version` is ""): downloads dists/SUITE/main/source/Sources.xz into
// `scratch` and reads it.
DebianSource find_debian_source(HttpClient& http, const std::string& mirror,
                                const std::string& suite, const std::string& package,
                                const std::string& version, const std::filesystem::path& scratch,
                                const HttpOptions& options);

// Throws Error("... has no suite 'SUITE'") when the archive at `mirror` serves no
// dists/SUITE/Release (HTTP 404); other failures of the download are thrown as they are.
void check_debian_suite(HttpClient& http, const std::string& mirror, const std::string& suite,
                        const std::filesystem::path& scratch, const HttpOptions& options);

} // namespace woa
