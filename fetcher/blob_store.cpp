#include "fetcher/blob_store.h"

#include "core/error.h"
#include "core/fs.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

fs::path BlobStore::path(const Integrity& integrity) const {
    return root_ / integrity.algorithm / integrity.hex.substr(0, 2) / integrity.hex;
}

bool BlobStore::has(const Integrity& integrity) const {
    return fs::is_regular_file(path(integrity));
}

fs::path BlobStore::fetch(HttpClient& http, const std::string& url, const Integrity& integrity,
                          const HttpOptions& options) const {
    const fs::path final_path = path(integrity);
    fs::create_directories(final_path.parent_path());
    fs::create_directories(root_ / "tmp");
    ScratchDir scratch(root_ / "tmp", "download-");
    const fs::path partial = scratch.path() / "blob";
    http.download(url, partial, options);
    const std::string actual = file_digest(partial, integrity.algorithm);
    if (actual != integrity.hex)
        throw Error(url + ": " + integrity.algorithm + " mismatch: the manifest pins " +
                    integrity.hex.substr(0, 16) + "..., the download is " + actual.substr(0, 16) +
                    "... (nothing was cached)");
    fs::rename(partial, final_path);
    return final_path;
}

std::string npm_registry() {
    return base_url_from_env("npm_config_registry", "https://registry.npmjs.org");
}

NpmDist npm_dist(HttpClient& http, const std::string& registry, const std::string& package,
                 const std::string& version, const fs::path& scratch, const HttpOptions& options) {
    const std::string url = registry + "/" + package + "/" + version;
    const fs::path metadata = scratch / "metadata.json";
    http.download(url, metadata, options);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_file(metadata, 16u << 20));
    } catch (const nlohmann::json::parse_error&) {
        throw Error(url + ": the registry's answer is not JSON");
    }
    if (!doc.is_object() || !doc.contains("dist") || !doc["dist"].is_object() ||
        !doc["dist"].value("tarball", nlohmann::json()).is_string() ||
        !doc["dist"].value("integrity", nlohmann::json()).is_string())
        throw Error(url + ": the registry's answer has no dist.tarball and dist.integrity");
    const std::string integrity = doc["dist"]["integrity"];
    Integrity::parse(integrity, url); // a registry answer is untrusted too
    return {doc["dist"]["tarball"], integrity};
}

std::string npm_tarball_url(HttpClient& http, const std::string& registry,
                            const std::string& package, const std::string& version,
                            const Integrity& pinned, const fs::path& scratch,
                            const HttpOptions& options) {
    const NpmDist dist = npm_dist(http, registry, package, version, scratch, options);
    const Integrity registry_says = Integrity::parse(dist.integrity, dist.tarball);
    if (registry_says.hex != pinned.hex || registry_says.algorithm != pinned.algorithm)
        throw Error(registry + "/" + package + "/" + version +
                    ": the registry's dist.integrity differs from the pinned one (was " + package +
                    "@" + version + " republished?)");
    return dist.tarball;
}

} // namespace woa
