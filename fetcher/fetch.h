// `woa fetch`: brings each entry's program (and its host baseline) into the cache: the verified
// blob, then its unpacked tree, then a check that the executables the manifest names are there
// and are what they claim to be.
#pragma once

#include "fetcher/blob_store.h"
#include "fetcher/manifest.h"
#include "core/process.h"

#include <string>
#include <vector>

namespace woa {

// <woa home>/blobs: verified downloads; <woa home>/trees: each blob unpacked, made atomically.
struct Cache {
    explicit Cache(const std::filesystem::path& home)
        : blobs(home / "blobs"), trees(home / "trees") {}
    BlobStore blobs;
    std::filesystem::path trees;
    // Where `source`'s unpacked files are once fetched: trees/<algorithm>/<hex>. Empty for probes.
    std::filesystem::path tree(const EntrySource& source) const;
};

// The digest that pins a source: npm's integrity, else the manifest's sha256.
Integrity source_integrity(const EntrySource& source, const std::string& what);

struct FetchOutcome {
    std::string what;                  // "esbuild", "esbuild (host baseline)"
    std::string state; // fetched, cached, repaired, built, local (the corpus's own), failed
    std::string detail;                // the unpacked tree, or why it failed
    std::vector<std::string> warnings; // e.g. an executable that is not arm64
};

struct FetchSettings {
    std::string registry;      // npm registry base URL
    std::string debian_mirror; // Debian archive base URL
    bool offline = false;      // never touch the network: what is not cached fails
    // Hash every cached blob and every file of each unpacked tree again (not only what stat
    // tells, fetcher/tree_record.h); what is damaged is downloaded or unpacked again.
    bool verify = false;
    HttpOptions http;
    // Unpacks Debian source packages (dpkg-source -x, which applies Debian's patches); without
    // one, wine-test sources fail to fetch.
    ProcessRunner* processes = nullptr;
    // The registry and mirror from the environment (npm_config_registry, WOA_DEBIAN_MIRROR).
    static FetchSettings from_environment();
};

// One outcome per source of the entry. Never throws for a source's failure: it is reported.
std::vector<FetchOutcome> fetch_entry(HttpClient& http, const Cache& cache, const Entry& entry,
                                      const FetchSettings& settings);

} // namespace woa
