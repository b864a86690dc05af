// The known-issues file (differ/known_issues.cpp) on any JSON: validated against its schema
// first (fast, most inputs stop there); a document the schema accepts is loaded from a file as
// `woa diff` loads it, and may only be refused with an InputError. What loads explains a
// failing verdict without throwing.
#include "differ/known_issues.h"

#include "core/error.h"
#include "fetcher/json_schema.h"
#include "fetcher/manifest.h"
#include "tests/fuzz/fuzz_support.h"

namespace fs = std::filesystem;

namespace {

void explain_a_failure(const woa::KnownIssues& issues) {
    woa::Verdict failing;
    failing.test = "probe-hello/hello";
    failing.target = "trixie";
    failing.verdict = "fail";
    failing.detail = "hello.c:12: Test failed: 0x0000dead at 0x7ffe1234";
    issues.explain(failing, "wine-10.0 (Debian 10.0~repack-6)");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const woa::JsonSchema schema =
        woa::load_schema(woa::corpus_schema("", "known-issues.schema.json"));
    const std::string_view bytes = woa::fuzz::text_of(data, size);
    const auto doc = nlohmann::json::parse(bytes, nullptr, false);
    if (doc.is_discarded() || !schema.validate(doc).empty()) return 0;
    const fs::path file = woa::fuzz::scratch() / "known-issues.json";
    woa::fuzz::write_bytes(file, bytes);
    try {
        explain_a_failure(woa::KnownIssues::load(file));
    } catch (const woa::InputError&) {
    }
    return 0;
}
