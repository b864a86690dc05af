// `woa corpus pin ID`: curating a program is one command. Asks the registry or archive for the
// digest of what the manifest names (npm package@version, a Debian package, a URL's bytes) and
// writes it into the manifest, keeping the file's own layout where it can.
#pragma once

#include "fetcher/fetch.h"

#include <filesystem>
#include <string>
#include <vector>

namespace woa {

struct PinChange {
    std::string where;  // JSON Pointer of the field written, e.g. /source/integrity
    std::string before; // "" when the field was absent
    std::string after;
};

// The pin `source` should carry now: npm's dist.integrity, or the sha256 of a .deb or URL.
std::string current_pin(HttpClient& http, const EntrySource& source, const FetchSettings& settings);

// Pins the source and host baseline of the manifest `file` (which may be incomplete: a new
// entry without integrity yet). Throws InputError naming the file and JSON path for what it
// cannot read; writes the file atomically, and only when something changed.
std::vector<PinChange> pin_manifest(const std::filesystem::path& file, HttpClient& http,
                                    const FetchSettings& settings);

} // namespace woa
