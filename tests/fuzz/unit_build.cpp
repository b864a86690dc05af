// The unit build record (winetest/build.cpp unit_build_from_json) on any JSON: an InputError, or
// a record whose program lies in the record's own folder and that survives to_json.
#include "core/error.h"
#include "tests/fuzz/fuzz_support.h"
#include "winetest/build.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = nlohmann::json::parse(woa::fuzz::text_of(data, size), nullptr, false);
    if (doc.is_discarded()) return 0;
    const fs::path file = "/builds/key/aarch64/unit/build.json";
    try {
        const woa::winetest::UnitBuild build = woa::winetest::unit_build_from_json(doc, file);
        const fs::path name = build.program.filename();
        woa::fuzz::require(build.program.parent_path() == file.parent_path() && name != "." &&
                               name != ".." && (build.state != "built" || !name.empty()),
                           "the program is a file in the record's folder");
        const auto again = woa::winetest::unit_build_from_json(to_json(build), file);
        woa::fuzz::require(to_json(again) == to_json(build), "a record survives to_json");
    } catch (const woa::InputError&) {
    }
    return 0;
}
