// `woa fetch`: brings each entry's program (and its host baseline) into the blob cache.
#pragma once

#include "fetcher/blob_store.h"
#include "fetcher/manifest.h"

#include <string>
#include <vector>

namespace woa {

struct FetchOutcome {
    std::string what;   // "esbuild", "esbuild (host baseline)"
    std::string state;  // fetched, cached, built, failed, unsupported
    std::string detail; // the blob's path, or why it failed
};

struct FetchSettings {
    std::string registry; // npm registry base URL
    bool offline = false; // never touch the network: what is not cached fails
    HttpOptions http;
};

// One outcome per source of the entry. Never throws for a source's failure: it is reported.
std::vector<FetchOutcome> fetch_entry(HttpClient& http, const BlobStore& blobs, const Entry& entry,
                                      const FetchSettings& settings);

} // namespace woa
