// Corpus manifests (fetcher/manifest.cpp through fetcher/json_schema.cpp): any JSON against the
// entry and wine-tests schemas; a document a schema accepts is then loaded as a corpus of one
// file, which must collect its problems and never throw.
#include "fetcher/manifest.h"

#include "fetcher/json_schema.h"
#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

const woa::JsonSchema& schema(const std::string& name) {
    static const woa::JsonSchema entry =
        woa::load_schema(woa::corpus_schema("", "entry.schema.json"));
    static const woa::JsonSchema wine =
        woa::load_schema(woa::corpus_schema("", "wine-tests.schema.json"));
    return name == "entries" ? entry : wine;
}

// The corpus folder holding `doc` alone, in `folder` (entries or wine-tests).
void load_alone(std::string_view bytes, const std::string& folder) {
    const fs::path corpus = woa::fuzz::scratch() / "corpus";
    std::error_code ec;
    fs::remove_all(corpus, ec);
    fs::create_directories(corpus / "entries");
    woa::fuzz::write_bytes(corpus / folder / "fuzz.json", bytes);
    const woa::Corpus loaded = woa::Corpus::load(corpus);
    for (const auto& entry : loaded.entries())
        woa::fuzz::require(!entry.id.empty(), "every entry has an id");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = woa::fuzz::text_of(data, size);
    const auto doc = nlohmann::json::parse(bytes, nullptr, false);
    if (doc.is_discarded()) return 0;
    for (const std::string folder : {"entries", "wine-tests"})
        if (schema(folder).validate(doc).empty()) load_alone(bytes, folder);
    return 0;
}
