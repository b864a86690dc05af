// Where a failure of wine's tests is in their sources: wine's harness names each failing check
// "file.c:123", relative to the unit's folder. Sub-test names come from program output, so a
// name is a location only when it is a plain file name and a line number.
#pragma once

#include "fetcher/manifest.h"

#include <filesystem>
#include <optional>
#include <string>

namespace woa::winetest {

struct SourceLocation {
    std::string file; // "path.c": no folder, nothing that leaves the unit's folder
    long line = 0;    // from 1
};

// "path.c:89" -> {path.c, 89}; nothing for a summary name ("path") or anything else.
std::optional<SourceLocation> failure_location(const std::string& subtest);

// The line on sources.debian.org at the exact version the entry's tests were built from
// (Debian's patches applied): "https://sources.debian.org/src/wine/10.0~repack-6/dlls/
// kernel32/tests/path.c/#L89". "" for an entry that is no wine test or a name that is no
// location.
std::string source_line_url(const Entry& entry, const std::string& subtest);

// The file in the unpacked source tree.
std::filesystem::path source_file(const std::filesystem::path& tree, const Entry& entry,
                                  const SourceLocation& at);

} // namespace woa::winetest
