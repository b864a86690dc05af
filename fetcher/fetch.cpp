#include "fetcher/fetch.h"

#include "core/error.h"
#include "core/fs.h"

namespace woa {

namespace fs = std::filesystem;

namespace {

FetchOutcome fetch_source(HttpClient& http, const BlobStore& blobs, const EntrySource& source,
                          const std::string& what, const FetchSettings& settings) {
    if (source.kind == "probe") return {what, "built", "build/probes/" + source.name + ".exe"};
    if (source.kind != "npm")
        return {what, "unsupported", source.kind + " sources are not fetched yet"};
    try {
        const Integrity integrity = Integrity::parse(source.integrity, what);
        if (blobs.has(integrity)) return {what, "cached", blobs.path(integrity).string()};
        if (settings.offline) return {what, "failed", "not cached, and --offline"};
        ScratchDir scratch(fs::temp_directory_path(), "woa-fetch-");
        const std::string url =
            npm_tarball_url(http, settings.registry, source.package, source.version, integrity,
                            scratch.path(), settings.http);
        return {what, "fetched", blobs.fetch(http, url, integrity, settings.http).string()};
    } catch (const Error& e) {
        return {what, "failed", e.what()};
    }
}

} // namespace

std::vector<FetchOutcome> fetch_entry(HttpClient& http, const BlobStore& blobs, const Entry& entry,
                                      const FetchSettings& settings) {
    std::vector<FetchOutcome> out{fetch_source(http, blobs, entry.source, entry.id, settings)};
    if (entry.host_baseline)
        out.push_back(fetch_source(http, blobs, entry.host_baseline->source,
                                   entry.id + " (host baseline)", settings));
    return out;
}

} // namespace woa
