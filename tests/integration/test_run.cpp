// woa run for real: misbehaving programs under real wine and qemu, a run killed with SIGKILL
// and resumed, shards merged, two runs on one database, a damaged database.
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "runner/results_db.h"
#include "runner/target.h"
#include "runner/wine_env.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

extern char** environ;

namespace {

// A corpus of the probes hello and control, with tests that misbehave on purpose.
struct ProbeCorpus {
    ScratchDir dir{fs::temp_directory_path(), "woa-run-it-"};
    fs::path corpus() const { return dir.path() / "corpus"; }
    fs::path db(const std::string& name = "results.db") const { return dir.path() / name; }

    explicit ProbeCorpus(const json& control_tests, int hello_tests = 2) {
        fs::create_directories(corpus() / "schema");
        fs::create_directories(corpus() / "entries");
        fs::create_directories(corpus() / "probes");
        fs::create_directories(corpus() / "inputs");
        fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/entry.schema.json",
                      corpus() / "schema/entry.schema.json");
        for (const char* probe : {"hello", "control"})
            write_file_atomically(corpus() / "probes" / (std::string(probe) + ".c"), "");
        json hello = json::array();
        for (int i = 0; i < hello_tests; i++)
            hello.push_back({{"name", "says-" + std::to_string(i)},
                             {"args", {std::to_string(i)}},
                             {"timeout_s", 60}});
        write_entry("hello", hello);
        if (!control_tests.empty()) write_entry("control", control_tests);
    }
    void write_entry(const std::string& probe, const json& tests) const {
        write_file_atomically(corpus() / "entries" / (probe + ".json"),
                              json{{"id", probe},
                                   {"title", probe},
                                   {"upstream", {{"project", "woa-compat"}, {"licence", "MIT"}}},
                                   {"source", {{"kind", "probe"}, {"name", probe}}},
                                   {"executables", {probe + ".exe"}},
                                   {"toolchain", "c"},
                                   {"tests", tests}}
                                  .dump());
    }
    test::CliRun woa(std::vector<std::string> args,
                     const std::string& db_name = "results.db") const {
        args.insert(args.end(), {"--corpus", corpus().string(), "--db", db(db_name).string()});
        return woa_cli(args);
    }
};

std::map<std::string, std::string> outcomes(const ProbeCorpus& c, std::int64_t run,
                                            const std::string& db_name = "results.db") {
    const ResultsDb db(c.db(db_name));
    std::map<std::string, std::string> out;
    for (const auto& r : db.results(run))
        out[r.test + "@" + r.target] = r.outcome;
    return out;
}

// Processes whose command line has control.exe and `argument`.
int stray_processes(const std::string& argument) {
    int count = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        std::ifstream cmd(entry.path() / "cmdline", std::ios::binary);
        const std::string cmdline((std::istreambuf_iterator<char>(cmd)),
                                  std::istreambuf_iterator<char>());
        count += cmdline.find("control.exe") != std::string::npos &&
                 cmdline.find(argument) != std::string::npos;
    }
    return count;
}

// The WINEPREFIX of a running control.exe whose command line contains `args`.
std::string prefix_of(const std::string& args) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        std::ifstream cmd(entry.path() / "cmdline", std::ios::binary);
        const std::string cmdline((std::istreambuf_iterator<char>(cmd)),
                                  std::istreambuf_iterator<char>());
        if (cmdline.find("control.exe") == std::string::npos ||
            cmdline.find(args) == std::string::npos)
            continue;
        std::ifstream env(entry.path() / "environ", std::ios::binary);
        std::string variable;
        while (std::getline(env, variable, '\0'))
            if (variable.rfind("WINEPREFIX=", 0) == 0) return variable.substr(11);
    }
    return "";
}

// A failed command that says so in one line of woa's own words, without an internal error.
void check_one_clear_error(const test::CliRun& run) {
    CHECK(run.status() == 1);
    CHECK(run.err.rfind("woa: error: ", 0) == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(run.err.find("internal") == std::string::npos);
}

// Six tests of the control probe, each with `args`.
json six_tests(const std::string& name, const std::vector<std::string>& args) {
    json tests = json::array();
    for (int i = 0; i < 6; i++)
        tests.push_back({{"name", name + "-" + std::to_string(i)}, {"args", args}, {"timeout_s", 60}});
    return tests;
}

// Until run 1 in `db` has `n` results (or two minutes have passed).
void wait_for_results(const fs::path& db, std::size_t n) {
    for (int i = 0; i < 600; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (!fs::exists(db)) continue;
        try {
            if (ResultsDb::open_read_only(db).results(1).size() >= n) return;
        } catch (const Error&) {
        }
    }
}

// Starts the built woa with `args` without waiting for it (to signal it mid-run): stdout to
// /dev/null, stderr to `stderr_file` (empty: the test's own). Returns its pid, or -1.
pid_t start_woa(std::vector<std::string> args, const std::string& stderr_file = "") {
    args.insert(args.begin(), WOA_BINARY);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (!stderr_file.empty())
        posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT, 0644);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, WOA_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

// SQLite's own check of a database file: "ok" when it is consistent.
std::string integrity_check(const fs::path& file) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open";
    }
    std::string out;
    sqlite3_exec(
        db, "PRAGMA integrity_check",
        [](void* text, int, char** values, char**) {
            *static_cast<std::string*>(text) += values[0] ? values[0] : "";
            return 0;
        },
        &out, nullptr);
    sqlite3_close(db);
    return out;
}

// A small tmpfs of its own, mounted for the test (woa's tests run as root) and taken away after.
struct SmallDisk {
    ScratchDir dir{fs::temp_directory_path(), "woa-small-disk-"};
    fs::path path() const { return dir.path() / "disk"; }
    explicit SmallDisk(const std::string& size) {
        fs::create_directories(path());
        if (::mount("tmpfs", path().c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0)
            FAIL("cannot mount a tmpfs on " << path() << ": " << std::strerror(errno));
    }
    ~SmallDisk() { ::umount2(path().c_str(), MNT_DETACH); }
    // Takes all the space but `left` bytes.
    void fill(std::uintmax_t left) const {
        const auto space = fs::space(path());
        std::ofstream filler(path() / "filler", std::ios::binary);
        const std::string block(4096, '\0');
        for (std::uintmax_t n = 0; n + left + block.size() <= space.available; n += block.size())
            filler.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
    void make_room() const { fs::remove(path() / "filler"); }
};

} // namespace

// One clear error, a consistent database, and --resume finishes the run.
TEST_CASE("the disk fills during woa run, and --resume finishes it", "[run][faults]") {
    // Each test prints 1 MiB, kept with its logs beside the database: the third cannot be.
    ProbeCorpus c(six_tests("floods", {"flood", "1"}), 0); // the control probe alone
    fs::remove(c.corpus() / "entries/hello.json");
    SmallDisk disk("8m");
    const fs::path db = disk.path() / "results.db";
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--corpus", c.corpus().string(), "--db", db.string(), "--jobs",
                                 "1", "--keep-artifacts"});
        return woa_cli(args);
    };
    disk.fill(2u << 20);
    const auto full = run({"run"});
    INFO(full.out << full.err);
    check_one_clear_error(full);
    CHECK(full.err.find("No space left on device") != std::string::npos);
    CHECK(full.err.find("--resume 1") != std::string::npos);
    CHECK(integrity_check(db) == "ok");
    const std::size_t stored = ResultsDb::open_read_only(db).results(1).size();
    CHECK(stored < 6);
    for (const auto& r : ResultsDb::open_read_only(db).results(1))
        CHECK(r.outcome == "ok"); // nothing stored that the full disk cut short

    disk.make_room();
    const auto resumed = run({"run", "--resume", "1"});
    INFO(resumed.out << resumed.err);
    REQUIRE(resumed.status() == 0);
    CHECK(integrity_check(db) == "ok");
    const ResultsDb done = ResultsDb::open_read_only(db);
    CHECK(done.results(1).size() == 6);
    for (const auto& r : done.results(1))
        CHECK(r.outcome == "ok");
    CHECK(done.get_run(1)->state == "complete");
}

TEST_CASE("a target folder deleted during woa run: a clear error, a consistent database",
          "[run][faults]") {
    // A target of its own, made from trixie's pieces (hard links: nothing of trixie changes).
    ScratchDir home(fs::temp_directory_path(), "woa-doomed-home-");
    const fs::path trixie = woa_home() / "targets/trixie";
    const fs::path doomed = home.path() / "targets/doomed";
    fs::create_directories(doomed);
    for (const char* part : {"sysroot", "prefix-template", "qemu-aarch64"})
        fs::copy(trixie / part, doomed / part,
                 fs::copy_options::recursive | fs::copy_options::create_hard_links |
                     fs::copy_options::copy_symlinks);
    json identity = json::parse(read_file(trixie / "target.json"));
    identity["name"] = "doomed";
    write_file_atomically(doomed / "target.json", identity.dump(2));

    ProbeCorpus c(six_tests("sleeps", {"sleep", "2"}), 0); // the control probe alone
    fs::remove(c.corpus() / "entries/hello.json");
    test::CliRun run;
    std::thread runner([&] {
        run = woa_cli({"run", "--target", "doomed", "--jobs", "1", "--corpus",
                       c.corpus().string(), "--db", c.db().string()},
                      {{"WOA_HOME", home.path().string()}});
    });
    // Deleted as soon as the first result is in.
    wait_for_results(c.db(), 1);
    for (int i = 0; i < 20 && fs::exists(doomed); i++) { // wine may be writing in it
        std::error_code ec;
        fs::remove_all(doomed, ec);
    }
    runner.join();
    kill_prefix_processes(doomed / "prefixes/run-0"); // its wineserver, and wine's services
    INFO(run.out << run.err);
    check_one_clear_error(run);
    CHECK(run.err.find("doomed") != std::string::npos);
    CHECK(integrity_check(c.db()) == "ok");
    const ResultsDb db = ResultsDb::open_read_only(c.db());
    const auto results = db.results(1);
    CHECK_FALSE(results.empty());
    CHECK(results.size() < 6);
    CHECK(results.at(0).outcome == "ok");
    CHECK(db.get_run(1)->state != "complete");
}

TEST_CASE("woa run: hangs, floods, orphans and crashes are contained and classified", "[run]") {
    ProbeCorpus c(json::array({
        {{"name", "hangs"}, {"args", {"spawn-sleep", "613"}}, {"timeout_s", 10}},
        {{"name", "floods"}, {"args", {"flood", "0"}}, {"timeout_s", 300}},
        {{"name", "orphans"}, {"args", {"orphan", "613"}}, {"timeout_s", 60}},
        {{"name", "crashes"}, {"args", {"crash"}}, {"timeout_s", 60}},
        {{"name", "exits"}, {"args", {"exit", "7"}}, {"timeout_s", 60}, {"expect_exit", 7}},
    }));
    const auto run = c.woa({"run", "--jobs", "2", "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const auto o = outcomes(c, 1);
    CHECK(o.at("control/hangs@trixie") == "timeout");
    CHECK(o.at("control/floods@trixie") == "output-limit");
    CHECK(o.at("control/orphans@trixie") == "ok");
    CHECK(o.at("control/crashes@trixie") == "crash");
    CHECK(o.at("control/exits@trixie") == "ok");
    CHECK(o.at("hello/says-0@trixie") == "ok");
    // Nothing the programs started survives them, and the flood's log stopped near the limit.
    CHECK(stray_processes(std::string("613\0", 4)) == 0); // only this test sleeps 613 s
    const ResultsDb db(c.db());
    for (const auto& r : db.results(1))
        if (r.test == "control/floods") {
            const fs::path out = db.artifacts_root() / r.artifacts / "1" / "stdout";
            CHECK(fs::file_size(out) < (200u << 20));
        }
    // The history: runs list and runs show name the target's identity and the timings.
    const auto show = woa_cli({"runs", "show", "1", "--json", "--db", c.db().string()});
    const auto doc = json::parse(show.out);
    CHECK(doc["state"] == "complete");
    CHECK(doc["targets"]["trixie"]["wine"]["version"].get<std::string>().find("wine-10") == 0);
    CHECK(doc["results"].size() == 7);
    const auto list = woa_cli({"runs", "list", "--db", c.db().string()});
    CHECK_THAT(list.out, Catch::StartsWith("run  started") && Catch::Contains("\n1    "));
}

TEST_CASE("woa run: the wineserver killed mid-test does not poison the next test", "[run]") {
    ProbeCorpus c(json::array({{{"name", "sleeps"}, {"args", {"sleep", "20"}}, {"timeout_s", 60}}}),
                  3);
    // Kills every process of the prefix the sleeping program runs in (found by its WINEPREFIX):
    // other tests running at the same time use other prefixes.
    std::thread killer([&] {
        for (int i = 0; i < 300; i++) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const std::string prefix = prefix_of(std::string("sleep\0"
                                                             "20",
                                                             8));
            if (prefix.empty()) continue;
            std::this_thread::sleep_for(std::chrono::seconds(2));
            kill_prefix_processes(prefix);
            return;
        }
    });
    const auto run = c.woa({"run", "--jobs", "1", "--filter", "control/*", "--filter", "hello/*"});
    killer.join();
    INFO(run.out << run.err);
    CHECK(run.status() == 0);
    const auto o = outcomes(c, 1);
    CHECK(o.at("control/sleeps@trixie") != "ok");
    CHECK(o.at("hello/says-0@trixie") == "ok");
    CHECK(o.at("hello/says-2@trixie") == "ok");
}

TEST_CASE("woa run killed with SIGKILL resumes without duplicates", "[run]") {
    ProbeCorpus c(json::array({{{"name", "slow"}, {"args", {"sleep", "3"}}, {"timeout_s", 60}}}),
                  6);
    const pid_t pid = start_woa({"run", "--jobs", "1", "--corpus", c.corpus().string(), "--db",
                                 c.db().string()});
    REQUIRE(pid > 0);
    // Killed as soon as two results are in: mid-run, with a test in flight.
    wait_for_results(c.db(), 2);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const std::size_t before = ResultsDb(c.db()).results(1).size();
    CHECK(before >= 2);
    CHECK(before < 7);
    CHECK(ResultsDb(c.db()).get_run(1)->state == "running");

    const auto resumed = c.woa({"run", "--resume", "1"});
    INFO(resumed.out << resumed.err);
    REQUIRE(resumed.status() == 0);
    const ResultsDb db(c.db());
    const auto results = db.results(1);
    CHECK(results.size() == 7);
    std::set<std::string> unique;
    for (const auto& r : results)
        unique.insert(r.test + "@" + r.target);
    CHECK(unique.size() == 7);
    CHECK(db.get_run(1)->state == "complete");
    CHECK(db.list_runs().size() == 1);
}

TEST_CASE("Ctrl-C on woa run --jobs 2: both programs end, no internal error, the run resumable",
          "[run]") {
    // Two workers, each waiting on a sleeping program when the interrupt comes. Before each
    // program had its own subreaper, one worker's clean-up reaped the other's child, whose
    // wait4 then failed: "internal: wait4 failed" instead of an interrupted run.
    ProbeCorpus c(json::array({{{"name", "a"}, {"args", {"sleep", "617"}}, {"timeout_s", 900}},
                               {{"name", "b"}, {"args", {"sleep", "617"}}, {"timeout_s", 900}}}),
                  1);
    ScratchDir logs(fs::temp_directory_path(), "woa-ctrl-c-");
    const std::string err = (logs.path() / "err").string();
    const pid_t pid = start_woa({"run", "--jobs", "2", "--filter", "control/*", "--corpus",
                                 c.corpus().string(), "--db", c.db().string()},
                                err);
    REQUIRE(pid > 0);
    const std::string sleeping("sleep\0" "617", 9);
    for (int i = 0; i < 1200 && stray_processes(sleeping) < 2; i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(stray_processes(sleeping) >= 2);
    // The launchers are up at once; give the programs themselves time to start sleeping.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    INFO(read_file(err));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(read_file(err).find("internal") == std::string::npos);
    CHECK(stray_processes(sleeping) == 0);
    CHECK(read_file(err).find("woa run --resume 1") != std::string::npos);
    CHECK(ResultsDb(c.db()).get_run(1)->state == "interrupted");
}

TEST_CASE("shards merged give the same results as one run, and two runs share a database", "[run]") {
    ProbeCorpus c(json::array({{{"name", "exits"}, {"args", {"exit", "3"}}, {"expect_exit", 3}}}),
                  4);
    // Two runs at once on one database: both finish, neither loses a result.
    test::CliRun first, second;
    std::thread other([&] { first = c.woa({"run", "--jobs", "1"}, "whole.db"); });
    second = c.woa({"run", "--jobs", "1"}, "whole.db");
    other.join();
    INFO(first.out << first.err << second.out << second.err);
    CHECK(first.status() == 0);
    CHECK(second.status() == 0);
    REQUIRE(ResultsDb(c.db("whole.db")).list_runs().size() == 2);
    CHECK(c.woa({"run", "--shard", "1/2"}, "a.db").status() == 0);
    CHECK(c.woa({"run", "--shard", "2/2"}, "b.db").status() == 0);
    CHECK(outcomes(c, 1, "a.db").size() + outcomes(c, 1, "b.db").size() == 5);
    const auto merged = woa_cli(
        {"merge", c.db("a.db").string(), c.db("b.db").string(), "--out", c.db("all.db").string()});
    INFO(merged.out << merged.err);
    REQUIRE(merged.status() == 0);
    CHECK(outcomes(c, 1, "all.db") == outcomes(c, 1, "whole.db"));
    CHECK(outcomes(c, 2, "whole.db") == outcomes(c, 1, "whole.db"));
    // Merging a shard twice would duplicate results: refused, and nothing written.
    const auto twice = woa_cli({"merge", c.db("a.db").string(), c.db("a.db").string(), "--out",
                                c.db("twice.db").string()});
    CHECK(twice.status() == 2);
    CHECK(!fs::exists(c.db("twice.db")));
}

TEST_CASE("a program printing wine's and qemu's words keeps its own outcome", "[run]") {
    // Before, these lines on a program's stderr made it a crash, unimplemented or missing-dll.
    // Now the launcher's exit code and the wait statuses decide; the lines are detail only.
    const auto forging = [](const std::string& name, const std::string& line, int code) {
        json test = {{"name", name},
                     {"args", {"stderr", line, std::to_string(code)}},
                     {"timeout_s", 60}};
        if (code) test["expect_exit"] = code;
        return test;
    };
    ProbeCorpus c(json::array(
                      {forging("qemu", "qemu: uncaught target signal 11 (Segmentation fault) - core dumped", 0),
                       forging("stub", "wine: Call from 0000000140001000 to unimplemented function forged.dll.Nothing, aborting", 3),
                       forging("dll", "0024:err:module:import_dll Library forged.dll (which is needed by L\"C:\\\\x.exe\") not found", 3),
                       {{"name", "crashes"}, {"args", {"crash"}}, {"timeout_s", 60}}}),
                  1);
    const auto run = c.woa({"run", "--filter", "control/*"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const auto o = outcomes(c, 1);
    CHECK(o.at("control/qemu@trixie") == "ok");
    CHECK(o.at("control/stub@trixie") == "ok");
    CHECK(o.at("control/dll@trixie") == "ok");
    CHECK(o.at("control/crashes@trixie") == "crash"); // a real one still is
}

TEST_CASE("a damaged results database is refused, and left as it was", "[run]") {
    ProbeCorpus c(json::array(), 1);
    const std::string bytes(8192, '\x42');
    write_file_atomically(c.db(), bytes);
    const auto run = c.woa({"run"});
    CHECK(run.status() == 1);
    CHECK(run.err == "woa: error: " + c.db().string() +
                         ": not a woa results database (SQLite cannot read it)\n");
    CHECK(read_file(c.db()) == bytes);
}

TEST_CASE("woa diff against an earlier run: a regression fails the exit status", "[run]") {
    ProbeCorpus c(json::array({{{"name", "exits"}, {"args", {"exit", "3"}}, {"expect_exit", 3}}}),
                  1);
    REQUIRE(c.woa({"run"}).status() == 0);
    // The test now expects another exit code: what passed fails.
    c.write_entry("control",
                  json::array({{{"name", "exits"}, {"args", {"exit", "3"}}, {"expect_exit", 4}}}));
    REQUIRE(c.woa({"run"}).status() == 0);
    const fs::path junit = c.dir.path() / "junit.xml";
    const auto diff =
        woa_cli({"diff", "--db", c.db().string(), "--against", "run:1", "--junit", junit.string()});
    INFO(diff.out << diff.err);
    CHECK(diff.status() == 3);
    CHECK_THAT(diff.out, Catch::Contains("\n  regression  ") &&
                             Catch::Contains("control/exits  trixie  exit-code: exit code 3"));
    CHECK_THAT(diff.out, Catch::Contains("trixie: 1 regression, 1 pass"));
    CHECK_THAT(read_file(junit), Catch::Contains("<failure type=\"regression\""));
    // A run is not compared with itself.
    const auto same =
        woa_cli({"diff", "--db", c.db().string(), "--run", "1", "--against", "run:1"});
    CHECK(same.status() == 2);
    CHECK_THAT(same.err, Catch::Contains("is the run being judged"));
}

TEST_CASE("woa diff against the bundled references after a real run", "[run][fetched]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-diff-ref-");
    const std::string db = (dir.path() / "results.db").string();
    // git-cliff/init: a corpus test without a reference, whose linux-x64 build is a host baseline.
    REQUIRE(woa_cli({"run", "--filter", "probe-hello", "--filter", "probe-registry", "--filter",
                     "git-cliff/init", "--db", db})
                .status() == 0);
    const fs::path junit = dir.path() / "junit.xml";
    const auto diff = woa_cli({"diff", "--db", db, "--json", "--junit", junit.string()});
    INFO(diff.out << diff.err);
    REQUIRE(diff.status() == 0);
    std::map<std::string, std::string> verdicts;
    const json doc = json::parse(diff.out); // not a temporary: the loop would outlive it
    for (const auto& v : doc["verdicts"]) {
        verdicts[v["test"].get<std::string>()] = v["verdict"].get<std::string>();
        CHECK(v["target"] == "trixie"); // host baselines are not judged against references
    }
    CHECK(verdicts["probe-hello/arguments"] == "pass");
    CHECK(verdicts["probe-registry/conformance"] == "pass");
    CHECK(verdicts["git-cliff/init"] == "no-reference");
    // The emulation overhead: trixie against the native build, measured in this run.
    REQUIRE(doc["timing"].size() == 1);
    CHECK_THAT(doc["timing"][0].get<std::string>(),
               Catch::StartsWith("trixie: ") &&
                   Catch::Contains("the time of the native linux-x64 builds") &&
                   Catch::Contains("geometric mean of 1 test)"));
    CHECK_THAT(read_file(junit), Catch::Contains("<testsuite name=\"trixie\""));
}

TEST_CASE("code-page bytes from a program are run, stored, shown and published", "[run]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-codepage-");
    const std::string db = (dir.path() / "results.db").string();
    const std::string fffd = "\xEF\xBF\xBD"; // what each byte that is not UTF-8 becomes
    const auto run = woa_cli({"run", "--filter", "probe-codepage", "--db", db, "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    CHECK_NOTHROW(json::parse(run.out));

    const auto show = woa_cli({"runs", "show", "1", "--json", "--db", db});
    INFO(show.err);
    REQUIRE(show.status() == 0);
    const json doc = json::parse(show.out);
    REQUIRE(doc["results"].size() == 1);
    const json result = doc["results"][0];
    CHECK(result["outcome"] == "ok");
    int code_page_subtests = 0;
    for (const auto& t : result["subtests"]) {
        const std::string name = t["name"];
        if (name.rfind("r" + fffd + "sum" + fffd + ".c:", 0) != 0) continue;
        code_page_subtests++;
        CHECK(t["outcome"] == "skip");
        CHECK_THAT(t["message"].get<std::string>(), Catch::Contains(fffd + fffd));
    }
    CHECK(code_page_subtests == 1);
    CHECK_THAT(result["wine"]["errors"].dump(), Catch::Contains("caf" + fffd + " " + fffd));
    CHECK(woa_cli({"runs", "show", "1", "--db", db}).status() == 0);

    const auto diff = woa_cli({"diff", "--db", db, "--json"});
    INFO(diff.out << diff.err);
    CHECK(diff.status() == 0);
    CHECK_THAT(diff.out, Catch::Contains("\"verdict\": \"pass\""));
    const fs::path site = dir.path() / "site";
    const auto published = woa_cli({"publish", "--out", site.string(), "--db", db});
    INFO(published.err);
    REQUIRE(published.status() == 0);
    CHECK_THAT(read_file(site / "tests/probe-codepage/conformance.html", 1u << 24),
               Catch::Contains("r" + fffd + "sum" + fffd));
}
