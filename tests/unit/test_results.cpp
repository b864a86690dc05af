// The results store and the sub-test parsers: logic on real SQLite files in scratch folders.
#include "core/error.h"
#include "core/fs.h"
#include "runner/exec.h"
#include "runner/normalise.h"
#include "runner/results_db.h"
#include "runner/run.h"
#include "runner/subtests.h"
#include "tests/support/small_store.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <thread>

using namespace woa;
namespace fs = std::filesystem;

namespace {

ResultRecord result(const std::string& test, const std::string& target,
                    const std::string& outcome) {
    ResultRecord r = test::stored_result(test, target, outcome);
    r.wall_s = 1.5;
    r.files = {{"out/a.js", "00ff"}};
    r.wine = {{"err_lines", 2}};
    r.samples = {{1, outcome, r.exit_code, 1.4, 1.0, 0.2, 1000},
                 {2, outcome, r.exit_code, 1.6, 1.1, 0.2, 1100}};
    r.subtests = {{"a", "pass", ""}, {"b", "fail", "expected 1"}};
    if (outcome == "crash") r.counts = {{"executed", 202577}, {"failures", 7}};
    return r;
}

} // namespace

TEST_CASE("the results store keeps runs, targets, results, samples and sub-tests", "[results]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-db-");
    const fs::path file = dir.path() / "sub" / "results.db";
    std::int64_t run = 0;
    {
        ResultsDb db(file);
        RunRecord record;
        record.started = "2026-11-23T10:00:00Z";
        record.host = "test-host";
        record.corpus_rev = "abc";
        record.args = {{"jobs", 2}};
        run = db.begin_run(
            record, {{"trixie", {{"wine", {{"version", "wine-10.0"}}}, {"cpu", "neoverse-n1"}}}});
        CHECK(db.add_result(run, result("esbuild/bundle", "trixie", "ok")));
        CHECK(db.add_result(run, result("probe-hello/args", "trixie", "crash")));
        // Resume: the same (run, test, target) again is refused, not duplicated.
        CHECK_FALSE(db.add_result(run, result("esbuild/bundle", "trixie", "timeout")));
        db.finish_run(run, "complete");
    }
    ResultsDb db(file); // reopened: nothing lost, migrations not run twice
    CHECK(db.file().is_absolute());
    const auto runs = db.list_runs();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].state == "complete");
    CHECK_FALSE(runs[0].finished.empty());
    CHECK(runs[0].result_count == 2);
    CHECK(runs[0].args["jobs"] == 2);
    CHECK(db.targets(run).at(0).identity["cpu"] == "neoverse-n1");
    const auto results = db.results(run);
    REQUIRE(results.size() == 2);
    CHECK(results[0].test == "esbuild/bundle");
    CHECK(results[0].outcome == "ok");
    CHECK(results[0].samples.size() == 2);
    CHECK(results[0].samples[1].max_rss_kb == 1100);
    CHECK(results[0].subtests.at(1).message == "expected 1");
    CHECK(results[0].files["out/a.js"] == "00ff");
    CHECK(results[0].counts.is_null());
    CHECK(results[1].counts["executed"] == 202577);

    fs::create_directories(db.artifacts_root() / std::to_string(run) / "x");
    db.remove_run(run);
    CHECK(db.list_runs().empty());
    CHECK_FALSE(fs::exists(db.artifacts_root() / std::to_string(run)));
    CHECK_THROWS_AS(db.remove_run(run), Error);
}

TEST_CASE("a damaged or foreign database is refused and left as it was", "[results]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-db-");
    const fs::path garbage = dir.path() / "garbage.db";
    const std::string bytes = std::string("this is not SQLite at all\n") + std::string(5000, 'x');
    write_file_atomically(garbage, bytes);
    CHECK_THROWS_WITH(ResultsDb(garbage),
                      garbage.string() + ": not a woa results database (SQLite cannot read it)");
    CHECK(read_file(garbage) == bytes);

    const fs::path foreign = dir.path() / "foreign.db";
    sqlite3* raw = nullptr;
    sqlite3_open(foreign.c_str(), &raw);
    sqlite3_exec(raw, "CREATE TABLE mine(x); INSERT INTO mine VALUES (1);", nullptr, nullptr,
                 nullptr);
    sqlite3_close(raw);
    CHECK_THROWS_WITH(ResultsDb(foreign), foreign.string() + ": not a woa results database");

    const fs::path cut = dir.path() / "cut.db";
    {
        ResultsDb db(cut);
        RunRecord r;
        r.started = "x";
        db.begin_run(r, {});
    }
    const std::string whole = read_file(cut);
    write_file_atomically(cut, whole.substr(0, whole.size() / 2) +
                                   std::string(whole.size() / 2, '\x5a'));
    CHECK_THROWS_AS(ResultsDb(cut), InputError);
}

TEST_CASE("wine's test format: failures, skips and one summary per process", "[subtests]") {
    const auto subtests = parse_wine_test(
        "paths.c:89: Test failed: returned 0, want 459\n"
        "noise from the program\n"
        "0350:paths: 61 tests executed (0 marked as todo, 0 as flaky, 3 failures), 0 skipped.\n"
        "console.c:79: Tests skipped: no console\n"
        "0494:console: 5 tests executed (0 marked as todo, 0 as flaky, 0 failures), 0 skipped.\r\n"
        "0490:console: 7 tests executed (0 marked as todo, 1 failure), 1 skipped.\n");
    REQUIRE(subtests.size() == 5);
    CHECK(subtests[0].name == "paths.c:89");
    CHECK(subtests[0].outcome == "fail");
    CHECK(subtests[0].message == "returned 0, want 459");
    CHECK(subtests[1].name == "paths");
    CHECK(subtests[1].outcome == "fail");
    CHECK(subtests[2].outcome == "skip");
    CHECK(subtests[3].name == "console");
    CHECK(subtests[3].outcome == "pass");
    CHECK(subtests[4].name == "console#2");
    CHECK(subtests[4].outcome == "fail");
    CHECK(parse_wine_test("hello\nworld\n").empty());
}

TEST_CASE("wine's counters are summed over every process of a test file", "[subtests]") {
    const std::string output =
        "0350:file: 563647 tests executed (3 marked as todo, 2 as flaky, 7 failures), 9 skipped.\n"
        "file.c:12: Test failed: got 0\n"
        // A child process, with WINETEST_TIME's elapsed seconds, and wine 8's format (no flaky).
        "0354:file:0.125 10 tests executed (0 marked as todo, 0 as flaky, 1 failure), 0 skipped.\n"
        "0358:file: 1 test executed (1 marked as todo, 0 failures), 1 skipped.\n"
        "file: 5 tests executed (0 marked as todo, 0 failures), 0 skipped. trailing\n";
    const auto n = wine_test_counts(output);
    REQUIRE(n);
    CHECK(n->executed == 563658);
    CHECK(n->todo == 4);
    CHECK(n->flaky == 2);
    CHECK(n->failures == 8);
    CHECK(n->skipped == 10);
    CHECK(n->processes == 3);
    CHECK_FALSE(wine_test_counts("file.c:12: Test failed: crashed before the end\n"));
    // Counts that do not fit saturate instead of wrapping or throwing.
    const auto huge = wine_test_counts("0024:big: 99999999999999999999999 tests executed (0 "
                                       "marked as todo, 0 failures), 0 skipped.\n"
                                       "0028:big: 1 tests executed (0 marked as todo, 0 "
                                       "failures), 0 skipped.\n");
    REQUIRE(huge);
    CHECK(huge->executed == UINT64_MAX);
}

// wine/test.h prints "Test marked flaky" for a failure inside a flaky block: not a failure.
TEST_CASE("wine's flaky marks are sub-tests of their own, never failures", "[subtests]") {
    const auto subtests = parse_wine_test(
        "sync.c:40: Test marked flaky: timed out\n"
        "sync.c:41: Test succeeded inside flaky todo block: ok\n"
        "sync.c:42:0.500 Test failed: with elapsed time\n"
        "0024:sync: 3 tests executed (0 marked as todo, 2 as flaky, 1 failure), 0 skipped.\n");
    REQUIRE(subtests.size() == 4);
    CHECK(subtests[0].outcome == "flaky");
    CHECK(subtests[1].outcome == "flaky");
    CHECK(subtests[2].name == "sync.c:42");
    CHECK(subtests[2].outcome == "fail");
    CHECK(subtests[3].outcome == "fail");
}

TEST_CASE("TAP diagnostics right after a failure say why it failed", "[subtests]") {
    // corpus/inputs/shared/tap.js prints "# got ..., want ..." under each failing check.
    const auto subtests = parse_tap("TAP version 13\n"
                                    "ok 1 - sums\n"
                                    "# got 3\n"
                                    "not ok 2 - hash\n"
                                    "# got \"ab\", want \"cd\"\n"
                                    "# second line of the same failure\n"
                                    "not ok 3 - skipped too # TODO later\n"
                                    "# not the TODO's reason\n"
                                    "not ok 4 - plan comes first\n"
                                    "1..4\n"
                                    "# 2 check(s) failed\n");
    REQUIRE(subtests.size() == 4);
    CHECK(subtests[0].message.empty()); // a pass keeps no diagnostics
    CHECK(subtests[1].message == "got \"ab\", want \"cd\"");
    CHECK(subtests[2].message == "later");
    CHECK(subtests[3].message.empty()); // "# 2 check(s) failed" follows the plan, not the check
}

TEST_CASE("TAP as node --test prints it, nested and with directives", "[subtests]") {
    const auto subtests = parse_tap("TAP version 13\n"
                                    "# Subtest: suite\n"
                                    "    # Subtest: adds\n"
                                    "    ok 1 - adds\n"
                                    "    # Subtest: breaks\n"
                                    "    not ok 2 - breaks\n"
                                    "      ---\n"
                                    "    # Subtest: later\n"
                                    "    ok 3 - later # SKIP not on Windows\n"
                                    "not ok 1 - suite\n"
                                    "ok 2 - top level # TODO someday\n"
                                    "1..2\n");
    REQUIRE(subtests.size() == 5);
    CHECK(subtests[0].name == "suite > adds");
    CHECK(subtests[0].outcome == "pass");
    CHECK(subtests[1].name == "suite > breaks");
    CHECK(subtests[1].outcome == "fail");
    CHECK(subtests[2].outcome == "skip");
    CHECK(subtests[2].message == "not on Windows");
    CHECK(subtests[3].name == "suite");
    CHECK(subtests[4].outcome == "todo");
    // Megabytes of garbage: bounded, no crash.
    std::string flood;
    for (int i = 0; i < 30000; i++)
        flood += "ok " + std::to_string(i) + " - case " + std::to_string(i) + "\n";
    CHECK(parse_tap(flood).size() == max_subtests);
    CHECK(parse_subtests("plain", "ok 1 - x\n").empty());
}

TEST_CASE("JUnit XML: suites, failures, errors, skips, and garbage gives nothing", "[subtests]") {
    const auto subtests = parse_subtests(
        "junit", "some log line first\n"
                 "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"s\">"
                 "<testcase classname=\"math\" name=\"adds\"/>"
                 "<testcase classname=\"math\" name=\"divides\"><failure message=\"by zero\"/>"
                 "</testcase><testcase name=\"io\"><error>boom</error></testcase>"
                 "<testcase name=\"later\"><skipped message=\"not here\"/></testcase>"
                 "</testsuite></testsuites>\n");
    REQUIRE(subtests.size() == 4);
    CHECK(subtests[0].name == "math > adds");
    CHECK(subtests[0].outcome == "pass");
    CHECK(subtests[1].outcome == "fail");
    CHECK(subtests[1].message == "by zero");
    CHECK(subtests[2].message == "boom");
    CHECK(subtests[3].outcome == "skip");
    CHECK(parse_junit("<html><body>Service unavailable").empty());
    CHECK(parse_junit(std::string(100000, '<')).empty());
}

// Each nested TAP name holds its parents': 2000 levels of 1000 bytes made every result's name
// 2 MB (20000 of them: 40 GB from 2 MB of output).
TEST_CASE("sub-test names are cut at 4096 bytes, however deep TAP nests them", "[subtests]") {
    std::string output;
    for (std::size_t level = 0; level < 2000; level++)
        output += std::string(level, ' ') + "# Subtest: " + std::string(1000, 'n') + "\n";
    for (int i = 0; i < 3; i++)
        output += std::string(2000, ' ') + "ok " + std::to_string(i) + " - case\n";
    const auto subtests = parse_tap(output);
    REQUIRE(subtests.size() == 1); // the same cut name: the first outcome stands
    CHECK(subtests[0].name.size() == 4096);
    const auto junit = parse_junit("<testsuite><testcase name=\"" + std::string(10000, 'j') +
                                   "\"/></testsuite>");
    REQUIRE(junit.size() == 1);
    CHECK(junit[0].name.size() == 4096);
}

// A count too large for an int threw std::out_of_range out of the parser (woa run's harness).
TEST_CASE("a wine summary with a huge failure count is a failure, not an exception", "[subtests]") {
    const auto subtests =
        parse_wine_test("0024:big: 1 tests executed (0 marked as todo, 99999999999 failures), "
                        "0 skipped.\n0028:none: 3 tests executed (0 marked as todo, "
                        "00 failures), 0 skipped.\n");
    REQUIRE(subtests.size() == 2);
    CHECK(subtests[0].outcome == "fail");
    CHECK(subtests[0].message == "1 tests executed, 99999999999 failures, 0 skipped");
    CHECK(subtests[1].outcome == "pass");
}

// Found by tests/fuzz (subtests_junit): name="" gave a sub-test without a name, or "math > ".
TEST_CASE("JUnit test cases with an empty name are '(unnamed)', as in TAP", "[subtests]") {
    const auto subtests = parse_junit("<testsuite><testcase name=\"\"/>"
                                      "<testcase classname=\"math\" name=\"\"><failure/>"
                                      "</testcase></testsuite>");
    REQUIRE(subtests.size() == 2);
    CHECK(subtests[0].name == "(unnamed)");
    CHECK(subtests[1].name == "math > (unnamed)");
    CHECK(subtests[1].outcome == "fail");
}

TEST_CASE("code-page bytes from a program become U+FFFD in sub-tests and wine's lines",
          "[subtests][utf8]") {
    const std::string e9 = "\xEF\xBF\xBD"; // U+FFFD, for one byte that is not UTF-8
    // CP1252 bytes (é, €, Ÿ) in names and messages; a line cut at 4096 bytes inside a character.
    const std::string cut = "x.c:1: Test failed: " + std::string(4075, 'a') + "\xC3\xA9 end";
    const auto wine = parse_wine_test(
        "caf\xE9.c:3: Tests skipped: r\xE9sum\xE9 \x80\x9F\n" + cut + "\n" +
        "0024:caf\xE9: 2 tests executed (0 marked as todo, 1 failure), 1 skipped.\n");
    REQUIRE(wine.size() == 3);
    CHECK(wine[0].name == "caf" + e9 + ".c:3");
    CHECK(wine[0].message == "r" + e9 + "sum" + e9 + " " + e9 + e9);
    CHECK(wine[1].message == std::string(4075, 'a') + e9);
    CHECK(wine[2].name == "caf" + e9);
    const auto tap = parse_tap("ok 1 - na\xEFve \xFF # SKIP \x80\n");
    const auto junit =
        parse_junit("<testsuite><testcase name=\"caf\xE9\"><failure message=\"\x9F\"/>"
                    "</testcase></testsuite>");
    REQUIRE(tap.size() == 1);
    REQUIRE(junit.size() == 1);
    CHECK(tap[0].name == "na" + e9 + "ve " + e9);
    CHECK(junit[0].message == e9);
    for (const auto& parsed : {wine, tap, junit})
        for (const auto& t : parsed) {
            CHECK(is_clean_utf8(t.name));
            CHECK(is_clean_utf8(t.message));
            CHECK_NOTHROW(nlohmann::json({t.name, t.message}).dump());
        }

    // wine's err: lines, a missing DLL's names, and the crash line woa exec reports.
    std::string detail;
    nlohmann::json kept;
    classify_sample({{"status", "exit-code"}, {"exit_code", 1}},
                    "0024:err:module:caf\xE9 failed\n"
                    "0024:err:module:import_dll Library caf\xE9.dll (which is needed by "
                    "L\"C:\\\\x\x80.exe\") not found\n",
                    0, detail, kept);
    CHECK_NOTHROW(kept.dump());
    CHECK(kept["errors"][0] == "err:module:caf" + e9 + " failed");
    CHECK(kept["missing_dlls"][0] == "caf" + e9 + ".dll (needed by C:\\\\x" + e9 + ".exe)");
    WineLogSummary summary;
    summary.add("wine: Unhandled page fault in caf\xE9.dll");
    CHECK(summary.crash_line == "wine: Unhandled page fault in caf" + e9 + ".dll");
    CHECK(summary.last_line == summary.crash_line);
}

TEST_CASE("several woa processes opening one new results database at once all get it",
          "[results]") {
    // Each thread is its own connection, as each woa process is: the schema is built once, the
    // switch to WAL is waited for, and nobody mistakes a half-seen schema for a foreign file.
    ScratchDir dir(fs::temp_directory_path(), "woa-db-race-");
    for (int round = 0; round < 30; round++) {
        const fs::path file = dir.path() / (std::to_string(round) + ".db");
        std::vector<std::string> errors(3);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < errors.size(); i++)
            threads.emplace_back([&, i] {
                try {
                    ResultsDb db(file);
                    db.list_runs();
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            });
        for (auto& t : threads)
            t.join();
        for (const auto& e : errors)
            CHECK(e == "");
    }
}
