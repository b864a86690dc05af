// Debian's Packages and Sources indexes (fetcher/debian.cpp): DebianIndexReader fed in chunks
// of sizes the input chooses (the first byte), then debian_source_from_fields on the stanza it
// keeps. Chunking must not change what is read; only woa::Error may come out.
#include "core/error.h"
#include "fetcher/debian.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using Fields = std::optional<std::map<std::string, std::string>>;

Fields read_index(std::string_view index, std::size_t chunk) {
    woa::DebianIndexReader reader("wine", "");
    for (std::size_t at = 0; at < index.size(); at += chunk)
        reader.feed(index.substr(at, chunk));
    return reader.finish();
}

void check_source(const std::map<std::string, std::string>& fields) {
    try {
        const woa::DebianSource source = woa::debian_source_from_fields(fields);
        woa::fuzz::require(!source.files.empty(), "a source lists its files");
        woa::fuzz::require(!source.directory.empty() && source.directory[0] != '/',
                           "the Directory is relative");
        for (const auto& [name, sha256] : source.files)
            woa::fuzz::require(name.find('/') == std::string::npos && sha256.size() == 64,
                               "files are plain names with a SHA256");
    } catch (const woa::Error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view index = woa::fuzz::text_of(data + 1, size - 1);
    try {
        const Fields whole = read_index(index, index.size() + 1);
        woa::fuzz::require(read_index(index, 1 + data[0] % 64) == whole,
                           "chunking does not change what is read");
        if (whole) {
            woa::fuzz::require(whole->at("Package") == "wine", "the stanza is wine's");
            check_source(*whole);
        }
    } catch (const woa::Error&) {
    }
    return 0;
}
