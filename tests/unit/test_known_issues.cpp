// Known issues (differ/known_issues.h), bisect's search (differ/bisect.h) and the emulation
// overhead summary: table-driven, no processes.
#include "core/error.h"
#include "core/fs.h"
#include "differ/bisect.h"
#include "differ/compare.h"
#include "differ/known_issues.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace woa;
namespace fs = std::filesystem;

namespace {

KnownIssues load_issues(const std::string& issues) {
    static int n = 0;
    const fs::path dir = fs::temp_directory_path() /
                         ("woa-known-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir / "schema");
    fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/known-issues.schema.json",
                  dir / "schema/known-issues.schema.json", fs::copy_options::overwrite_existing);
    write_file_atomically(dir / "known-issues.json", "{\"issues\": [" + issues + "]}");
    KnownIssues k = KnownIssues::load(dir / "known-issues.json");
    fs::remove_all(dir);
    return k;
}

Verdict failing(const std::string& test, const std::string& outcome, const std::string& detail,
                const std::string& evidence = "") {
    Verdict v;
    v.test = test;
    v.target = "trixie";
    v.verdict = outcome == "exit-code" ? "fail" : outcome;
    v.outcome = outcome;
    v.detail = detail;
    v.evidence = evidence;
    return v;
}

} // namespace

TEST_CASE("failure signatures do not change from run to run", "[known]") {
    CHECK(failure_signature("wine: Unhandled page fault on read access to 0000632E656D6974 at "
                            "address 000000550112CD80 (thread 00d4)") ==
          failure_signature("wine: Unhandled page fault on read access to 0000632E656D6A11 at "
                            "address 0000005501FFCD80 (thread 00d4)"));
    CHECK(failure_signature("timed out after 12.5 s in /tmp/woa-run-77/x") ==
          "timed out after <duration> in <tmp>");
    CHECK(failure_signature("exit code 33, expected 38") == "exit code 33, expected 38");
}

TEST_CASE("wine versions: releases and their order", "[known]") {
    CHECK(wine_release("wine-10.0 (Debian 10.0~repack-6)") == "10.0");
    CHECK(wine_release("wine-8.0 (Debian 8.0~repack-4)") == "8.0");
    CHECK(wine_release("") == "");
    CHECK(compare_versions("9.22", "10.0") < 0);
    CHECK(compare_versions("10.0", "10") == 0);
    CHECK(compare_versions("10.5", "10.0") > 0);
    CHECK(compare_versions("10.05", "10.5") == 0);
    // A version from known-issues.json is digits of any length: std::stol threw out_of_range.
    CHECK(compare_versions("10.0", "99999999999999999999") < 0);
    CHECK(compare_versions("99999999999999999999.1", "99999999999999999999") > 0);
}

TEST_CASE("known issues explain failures, anything unexplained is new", "[known]") {
    const KnownIssues issues = load_issues(R"(
      {"id": "af-unix", "title": "no AF_UNIX", "link": "https://example.org/1", "report": "a bug",
       "match": {"tests": ["probe-sockets/*"], "statuses": ["exit-code"], "pattern": "AF_UNIX"}},
      {"id": "locks", "title": "locks", "report": "not filed",
       "match": {"tests": ["probe-*/*"], "statuses": ["exit-code"], "pattern": "locked range",
                 "wine": {"from": "8.0", "before": "10.5"}}},
      {"id": "segv", "title": "qemu segv", "report": "not filed",
       "match": {"tests": ["*"], "statuses": ["crash"]}})");
    REQUIRE(issues.size() == 3);
    const std::string wine10 = "wine-10.0 (Debian 10.0~repack-6)";

    struct Case {
        Verdict verdict;
        std::string wine;
        std::vector<std::string> ids;
    };
    const std::vector<Case> cases = {
        {failing("probe-sockets/conformance", "exit-code", "exit code 1",
                 "sockets: 29 tests executed, 1 failures\nsockets.c:193: socket(AF_UNIX) failed\n"),
         wine10,
         {"af-unix"}},
        // Two failing checks, one of them unexplained: new.
        {failing("probe-sockets/conformance", "exit-code", "exit code 2",
                 "sockets.c:193: socket(AF_UNIX) failed\nsockets.c:200: connect hangs\n"),
         wine10,
         {}},
        // Two failing checks, each explained by its own issue.
        {failing("probe-sockets/conformance", "exit-code", "exit code 2",
                 "sockets.c:193: socket(AF_UNIX) failed\nx.c:1: read of a locked range\n"),
         wine10,
         {"af-unix", "locks"}},
        // Outside the wine range, or on a target whose wine version is unknown.
        {failing("probe-files/conformance", "exit-code", "", "files.c:116: locked range\n"),
         "wine-10.5",
         {}},
        {failing("probe-files/conformance", "exit-code", "", "files.c:116: locked range\n"),
         "",
         {}},
        {failing("probe-files/conformance", "exit-code", "", "files.c:116: locked range\n"),
         "wine-8.0 (Debian 8.0~repack-4)",
         {"locks"}},
        // The status must be one the issue names; no evidence: the detail is matched.
        {failing("bun/spawn", "crash", "qemu: uncaught target signal 11"), wine10, {"segv"}},
        {failing("bun/spawn", "timeout", "timed out"), wine10, {}},
    };
    for (const auto& c : cases) {
        INFO(c.verdict.test << ": " << c.verdict.evidence << c.verdict.detail << " on " << c.wine);
        std::vector<std::string> ids;
        for (const KnownIssue* k : issues.explain(c.verdict, c.wine))
            ids.push_back(k->id);
        CHECK(ids == c.ids);
    }

    std::vector<Verdict> verdicts = {cases[0].verdict};
    mark_known(verdicts, issues, {{"trixie", wine10}});
    REQUIRE(verdicts[0].known.size() == 1);
    CHECK(verdicts[0].known[0].link == "https://example.org/1");
}

TEST_CASE("known issues: malformed files are refused with the place", "[known]") {
    CHECK_THROWS_WITH(load_issues(R"({"id": "x", "title": "t", "report": "r",
                         "match": {"tests": ["*"], "statuses": ["crash"], "pattern": "("}})"),
                      Catch::Contains("/issues/0/match/pattern: not a valid regular expression (RE2 syntax)"));
    CHECK_THROWS_WITH(load_issues(R"({"id": "x", "title": "t", "report": "r",
                         "match": {"tests": ["*"], "statuses": ["crash"], "pattern": "at 0x7ffe12345678"}})"),
                      Catch::Contains("change from run to run"));
    CHECK_THROWS_WITH(load_issues(R"({"id": "x", "title": "t", "report": "r",
                         "match": {"tests": ["*"], "statuses": ["sad"]}})"),
                      Catch::Contains("/issues/0/match/statuses/0"));
    CHECK_THROWS_WITH(
        load_issues(
            R"({"id": "x", "title": "t", "report": "r", "match": {"tests": ["*"], "statuses": ["crash"]}},
                                     {"id": "x", "title": "t", "report": "r", "match": {"tests": ["*"], "statuses": ["crash"]}})"),
        Catch::Contains("'x' is used twice"));
}

TEST_CASE("the bundled known issues are valid", "[known]") {
    const KnownIssues k = KnownIssues::load(fs::path(WOA_SOURCE_DIR) / "corpus/known-issues.json");
    CHECK(k.size() > 0);
}

// Golden: the bundled environment groups (running as root, no display, no console, no
// syswow64) against the failing lines of a real run of wine's tests. A file is known only when
// every line is explained, so each group must cover its files whole, and nothing arm64-only.
TEST_CASE("the bundled known issues explain whole wine test files, and only those", "[known][golden]") {
    const KnownIssues issues = KnownIssues::load(fs::path(WOA_SOURCE_DIR) / "corpus/known-issues.json");
    std::map<std::pair<std::string, std::string>, Verdict> files; // (target, test)
    std::istringstream lines(
        read_file(fs::path(WOA_SOURCE_DIR) / "tests/golden/known-issues/wine-10.0-failures.tsv"));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::istringstream cols(line);
        for (std::string col; std::getline(cols, col, '\t');)
            f.push_back(col);
        REQUIRE(f.size() == 5);
        Verdict& v = files[{f[0], f[1]}];
        if (v.test.empty()) v = failing(f[1], f[2], f[3]);
        v.target = f[0];
        v.evidence += f[4] + "\n";
    }
    std::set<std::string> explained;
    for (const auto& [key, v] : files)
        if (!issues.explain(v, "wine-10.0 (Debian 10.0~repack-6)").empty())
            explained.insert(key.first + " " + key.second);
    const std::set<std::string> expected = {
        "trixie wine-advapi32/security",     "trixie wine-kernel32/console",
        "trixie wine-kernel32/profile",      "trixie wine-ntdll/file",
        "trixie wine-ole32/clipboard",       "trixie-x64 wine-advapi32/security",
        "trixie-x64 wine-kernel32/console",  "trixie-x64 wine-kernel32/profile",
        "trixie-x64 wine-ntdll/file",        "trixie-x64 wine-ole32/clipboard",
        // Crashed, right after the look-up's NULL result: the crash's detail is explained too.
        "trixie wine-ws2_32/protocol",       "trixie-x64 wine-ws2_32/protocol"};
    CHECK(explained == expected);
    // arm64's wow64 file fails lines (1077-1094) the control does not: it stays new. The
    // control's crashed, and a crash is not what the group explains.
    CHECK(!explained.count("trixie wine-ntdll/wow64"));
    CHECK(files.at({"trixie-x64", "wine-ntdll/wow64"}).outcome == "crash");
    CHECK(!explained.count("trixie-x64 wine-ntdll/wow64"));
    // Line by line, where a file is not explained whole: the control's sock.c has 13 lines of
    // failed name look-ups and 4 failed window creations among others (wine's, or unread).
    const auto sock_lines =
        issues.explain_lines(files.at({"trixie-x64", "wine-ws2_32/sock"}), "wine-10.0 (Debian 10.0~repack-6)");
    std::map<std::string, int> by_issue;
    for (const auto& [line, k] : sock_lines)
        by_issue[k->id]++;
    CHECK(by_issue == std::map<std::string, int>{{"env-no-name-resolution", 13}, {"env-no-display", 4}});
    // The same lines with a crash elsewhere: the crash is not explained, so neither is the file.
    Verdict other_crash = files.at({"trixie", "wine-ws2_32/protocol"});
    other_crash.detail = "0xC0000005 (STATUS_ACCESS_VIOLATION); last output: protocol.c:2100: x";
    CHECK(issues.explain(other_crash, "wine-10.0 (Debian 10.0~repack-6)").empty());
    // The groups' line numbers are wine 10.0's: on another release they explain nothing.
    const Verdict& profile = files.at({"trixie", "wine-kernel32/profile"});
    CHECK(issues.explain(profile, "wine-8.0 (Debian 8.0~repack-4)").empty());
}

// A wine test file can fail hundreds of lines: every one must be explained, not the first 20.
TEST_CASE("known issues see every failing line of a result", "[known]") {
    const KnownIssues issues = load_issues(R"(
      {"id": "x", "title": "x", "report": "r",
       "match": {"tests": ["wine-x/*"], "statuses": ["exit-code"], "pattern": "^x\\.c:[0-9]+: known$"}})");
    ResultRecord r;
    r.test = "wine-x/x";
    for (int i = 0; i < 30; i++)
        r.subtests.push_back({"x.c:" + std::to_string(i), "fail", "known"});
    Verdict v = failing(r.test, "exit-code", "exit code 31", evidence_of(r));
    CHECK(issues.explain(v, "").size() == 1);
    r.subtests.push_back({"x.c:99", "fail", "something new"});
    v.evidence = evidence_of(r);
    CHECK(issues.explain(v, "").empty());
    const auto lines = issues.explain_lines(v, "");
    CHECK(lines.size() == 30);
    CHECK(!lines.count("x.c:99: something new"));
    const std::string first = evidence_of(r, 20);
    CHECK(std::count(first.begin(), first.end(), '\n') == 20);
}

TEST_CASE("bisect finds the first target that differs, observing few", "[bisect]") {
    struct Case {
        std::vector<std::string> outcomes;
        bool changed;
        std::size_t first;
        std::size_t observed;
    };
    const std::vector<Case> cases = {
        {{"ok", "ok"}, false, 0, 2},
        {{"ok", "crash"}, true, 1, 2},
        {{"ok", "ok", "crash"}, true, 2, 3},
        {{"ok", "crash", "crash"}, true, 1, 3},
        {{"ok", "ok", "ok", "ok", "ok", "ok", "ok", "crash"}, true, 7, 5},
        {{"ok", "timeout", "timeout", "timeout", "timeout", "timeout", "timeout", "timeout"},
         true,
         1,
         4},
        // A change undone later is not looked for: the ends agree.
        {{"ok", "crash", "ok"}, false, 0, 2},
    };
    for (const auto& c : cases) {
        std::vector<std::size_t> seen;
        const BisectResult r = bisect(c.outcomes.size(), [&](std::size_t i) {
            seen.push_back(i);
            return c.outcomes[i];
        });
        INFO(c.outcomes.size() << " targets, first change at " << c.first);
        CHECK(r.changed == c.changed);
        if (c.changed) CHECK(r.first == c.first);
        CHECK(seen.size() == c.observed);
        CHECK(r.steps.size() == seen.size());
    }
    CHECK_THROWS_AS(bisect(1, [](std::size_t) { return std::string("ok"); }), UsageError);
}

TEST_CASE("emulation overhead: the geometric mean of ratios to the host baselines", "[differ]") {
    auto r = [](const std::string& test, const std::string& target, double wall,
                const std::string& outcome = "ok") {
        ResultRecord x;
        x.test = test;
        x.target = target;
        x.outcome = outcome;
        x.wall_s = wall;
        return x;
    };
    const auto sums = geometric_mean_ratios({r("a/1", "host", 0.1), r("a/1", "trixie", 0.4),
                                             r("a/2", "host", 1.0), r("a/2", "trixie", 16.0),
                                             r("a/3", "host", 1.0), r("a/3", "trixie", 99, "crash"),
                                             r("a/4", "trixie", 5.0)},
                                            "host");
    REQUIRE(sums.size() == 1);
    CHECK(sums[0].target == "trixie");
    CHECK(sums[0].tests == 2);
    CHECK(sums[0].geomean == Approx(8.0)); // sqrt(4 * 16)
}
