// The sub-test parsers (runner/subtests.cpp) on any program output; built once per output kind
// (WOA_FUZZ_OUTPUT_KIND: tap, junit, wine-test). Nothing may be thrown, and what comes out is
// bounded, valid UTF-8 and one of the four outcomes.
#include "runner/subtests.h"

#include "runner/normalise.h"
#include "tests/fuzz/fuzz_support.h"

#include <set>

namespace {

void check(const woa::Subtest& t) {
    static const std::set<std::string> outcomes = {"pass", "fail", "skip", "todo", "flaky"};
    woa::fuzz::require(outcomes.count(t.outcome) == 1, "the outcome is pass, fail, skip, todo or flaky");
    woa::fuzz::require(!t.name.empty(), "a sub-test has a name");
    // 4096 bytes, each of which may have become a 3-byte U+FFFD.
    woa::fuzz::require(t.name.size() <= 3 * 4096 && t.message.size() <= 3 * 4096,
                       "names and messages are cut at 4096 bytes");
    woa::fuzz::require(woa::valid_utf8(t.name) == t.name, "names are valid UTF-8");
    woa::fuzz::require(woa::valid_utf8(t.message) == t.message, "messages are valid UTF-8");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto subtests = woa::parse_subtests(WOA_FUZZ_OUTPUT_KIND, woa::fuzz::text_of(data, size));
    woa::fuzz::require(subtests.size() <= woa::max_subtests, "at most max_subtests are kept");
    std::set<std::string> names;
    for (const auto& t : subtests) {
        check(t);
        woa::fuzz::require(names.insert(t.name).second, "each name comes once");
    }
    return 0;
}
