// target.json (runner/target.cpp identity_from_json) on any JSON: an InputError, or an identity
// of the schema this woa reads that survives to_json.
#include "core/error.h"
#include "runner/target.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = nlohmann::json::parse(woa::fuzz::text_of(data, size), nullptr, false);
    if (doc.is_discarded()) return 0;
    try {
        const woa::TargetIdentity identity = woa::identity_from_json(doc, "target.json");
        woa::fuzz::require(doc.at("schema") == woa::TargetIdentity::schema_version,
                           "an accepted target.json has the schema this woa reads");
        const nlohmann::json written = to_json(identity);
        woa::fuzz::require(to_json(woa::identity_from_json(written, "target.json")) == written,
                           "an identity survives to_json");
    } catch (const woa::InputError&) {
    }
    return 0;
}
