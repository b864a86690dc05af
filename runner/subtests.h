// Sub-tests from a program's output: wine's conformance-test format (the probes and wine's own
// tests), TAP (node --test, many suites) and JUnit XML. Program output is untrusted: lines are
// bounded, anything unrecognised is ignored, at most `max_subtests` are kept, and names and
// messages are cut at 4096 bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace woa {

struct Subtest {
    std::string name;
    std::string outcome; // pass, fail, skip, todo, flaky (a failure wine marks flaky)
    std::string message; // why it failed or was skipped
};

constexpr std::size_t max_subtests = 20000;

// "file.c:12: Test failed: ..." lines become sub-tests "file.c:12" (fail); the
// "0024:name: N tests executed (T marked as todo, F as flaky, X failures), S skipped." summary
// of each process becomes sub-test "name" (pass, or fail when X > 0 or the summary is absent
// after failures). Returns nothing for output without a single summary or failure line.
std::vector<Subtest> parse_wine_test(std::string_view output);

// The counters of wine's summary lines, summed over every process of a test file (children and
// repeated runs print their own): what test.winehq.org tabulates. Counts that do not fit
// saturate.
struct WineTestCounts {
    std::uint64_t executed = 0, todo = 0, flaky = 0, failures = 0, skipped = 0;
    std::uint64_t processes = 0; // summary lines seen
};

// Nothing for output without a single summary line (a file that crashed before its end).
std::optional<WineTestCounts> wine_test_counts(std::string_view output);

// TAP 13/14 as node --test prints it: "ok 1 - name", "not ok 2 - name # SKIP", nested subtests
// indented under "# Subtest: parent"; nested names are "parent > child".
std::vector<Subtest> parse_tap(std::string_view output);

// JUnit XML (<testsuites>/<testsuite>/<testcase> with <failure>, <error>, <skipped>), from the
// first '<' of the output on; names are "classname > name" when a classname is given.
std::vector<Subtest> parse_junit(std::string_view output);

// By the test's declared output kind: plain gives none.
std::vector<Subtest> parse_subtests(const std::string& kind, std::string_view output);

} // namespace woa
