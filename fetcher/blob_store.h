// The content-addressed cache: <woa home>/blobs/<algorithm>/<xx>/<hex digest>. A blob appears
// there only after its digest was checked; a failed or mismatched download leaves nothing.
#pragma once

#include "fetcher/http.h"
#include "fetcher/integrity.h"

#include <filesystem>
#include <string>

namespace woa {

class BlobStore {
public:
    explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
    std::filesystem::path path(const Integrity& integrity) const;
    bool has(const Integrity& integrity) const;
    // Downloads `url`, checks it against `integrity`, and moves it into place.
    std::filesystem::path fetch(HttpClient& http, const std::string& url,
                                const Integrity& integrity, const HttpOptions& options) const;

private:
    std::filesystem::path root_;
};

// npm: the registry to use ($npm_config_registry, else registry.npmjs.org), and the tarball URL
// of package@version from its JSON metadata, after checking that the registry's dist.integrity is
// the one the manifest pins.
std::string npm_registry();
struct NpmDist {
    std::string tarball, integrity;
};
NpmDist npm_dist(HttpClient& http, const std::string& registry, const std::string& package,
                 const std::string& version, const std::filesystem::path& scratch,
                 const HttpOptions& options);
std::string npm_tarball_url(HttpClient& http, const std::string& registry,
                            const std::string& package, const std::string& version,
                            const Integrity& pinned, const std::filesystem::path& scratch,
                            const HttpOptions& options);

} // namespace woa
