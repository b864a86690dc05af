// Reference files (differ/reference.cpp) on any JSON, as <entry>/<test>.json or as a pattern:
// validated against their schemas first (fast, most inputs stop there); a document a schema
// accepts is loaded from a references folder and may only be refused with an InputError.
#include "differ/reference.h"

#include "core/error.h"
#include "fetcher/json_schema.h"
#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path source_schemas = fs::path(WOA_SOURCE_DIR) / "reference-results" / "schema";

// Where the document claims to live ("entry/test"), when that is a plain two-part name.
fs::path place_of(const nlohmann::json& doc) {
    const std::string test = doc.value("test", "");
    const fs::path path = fs::path(test).lexically_normal();
    const bool plain = std::distance(path.begin(), path.end()) == 2 && path.is_relative() &&
                       test.find('\0') == std::string::npos && test.size() < 128 &&
                       path.begin()->string() != ".." && path.filename() != ".." &&
                       path.begin()->string() != "patterns" && path.begin()->string() != "schema";
    return plain ? path : fs::path("entry/test");
}

void load_alone(std::string_view bytes, const fs::path& where) {
    const fs::path dir = woa::fuzz::scratch() / "references";
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    fs::create_directory_symlink(source_schemas, dir / "schema");
    woa::fuzz::write_bytes(dir / where, bytes);
    try {
        const woa::ReferenceSet set = woa::ReferenceSet::load(dir);
        woa::fuzz::require(set.size() <= 1, "one file, at most one reference");
    } catch (const woa::InputError&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const woa::JsonSchema reference =
        woa::load_schema(source_schemas / "reference.schema.json");
    static const woa::JsonSchema pattern = woa::load_schema(source_schemas / "pattern.schema.json");
    const std::string_view bytes = woa::fuzz::text_of(data, size);
    const auto doc = nlohmann::json::parse(bytes, nullptr, false);
    if (doc.is_discarded()) return 0;
    if (reference.validate(doc).empty()) load_alone(bytes, place_of(doc).concat(".json"));
    if (pattern.validate(doc).empty()) load_alone(bytes, "patterns/fuzz.json");
    return 0;
}
