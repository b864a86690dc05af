// The woa executable's command line: help, versions, errors and exit statuses.
#include "core/exit_codes.h"
#include "core/fs.h"
#include "core/process.h"
#include "core/regex.h"
#include "runner/results_db.h"
#include "runner/target.h"
#include "tests/support/sample_target.h"
#include "tests/support/small_store.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>

using namespace woa;
namespace fs = std::filesystem;

namespace {

test::CliRun woa_cli(const std::vector<std::string>& args, const fs::path& home) {
    return test::woa_cli(args, {{"WOA_HOME", home.string()}});
}

} // namespace

TEST_CASE("version and help", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto v = woa_cli({"--version"}, home.path());
    CHECK(v.status() == 0);
    CHECK(v.out.rfind("woa 0.", 0) == 0);
    auto h = woa_cli({"help"}, home.path());
    CHECK(h.status() == 0);
    CHECK(h.out.find("target") != std::string::npos);
    CHECK(h.out.find("exec") != std::string::npos);
    auto he = woa_cli({"help", "exec"}, home.path());
    CHECK(he.out.find("--timeout") != std::string::npos);
    CHECK(he.out.find("(default: 64 MiB, as woa run; 0: no limit)") != std::string::npos);
    auto th = woa_cli({"target", "--help"}, home.path());
    CHECK(th.status() == 0);
    CHECK(th.out.find("doctor") != std::string::npos);
}

TEST_CASE("usage errors say what is wrong and exit 2", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto typo = woa_cli({"exce"}, home.path());
    CHECK(typo.status() == 2);
    CHECK(typo.err == "woa: error: unknown command 'exce' (did you mean 'exec'?)\n");
    auto none = woa_cli({"exec"}, home.path());
    CHECK(none.status() == 2);
    CHECK(none.err.rfind("woa: error: exec: no program given", 0) == 0);
    auto env = woa_cli({"exec", "--env", "NOEQUALS", "x.exe"}, home.path());
    CHECK(env.status() == 2);
    CHECK(env.err == "woa: error: --env NOEQUALS: expected NAME=VALUE\n");
    auto bad_name = woa_cli({"target", "add", "../x"}, home.path());
    CHECK(bad_name.status() == 2);
    auto no_source = woa_cli({"target", "add", "mine"}, home.path());
    CHECK(no_source.status() == 2);
    CHECK(no_source.err.find("give --wine SRC and --qemu SRC") != std::string::npos);
}

TEST_CASE("global flags may come before the command, and the program keeps its own", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string not_provisioned =
        "woa: error: target 'bookworm' is not provisioned (run: woa target add bookworm)\n";
    for (const std::string flag : {"-q", "--quiet", "-v", "--verbose"}) {
        INFO(flag);
        // --version and -q after the program are the program's: exec gets as far as the target
        // (past the program file, which must exist: a missing one exits 127 first).
        const std::string program = (home.path() / "x.exe").string();
        write_file_atomically(program, "MZ");
        auto exec = woa_cli(
            {flag, "exec", "--target", "bookworm", "--", program, "--version", "-q"}, home.path());
        CHECK(exec.status() == 1);
        CHECK(exec.err == not_provisioned);
        auto typo = woa_cli({flag, "exce"}, home.path());
        CHECK(typo.status() == 2);
        CHECK(typo.err == "woa: error: unknown command 'exce' (did you mean 'exec'?)\n");
    }
}

TEST_CASE("missing and broken targets are errors that name the file", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto list = woa_cli({"target", "list", "--json"}, home.path());
    CHECK(list.status() == 0);
    CHECK(list.out == "[]\n");
    auto show = woa_cli({"target", "show", "sid"}, home.path());
    CHECK(show.status() == 1);
    CHECK(show.err == "woa: error: target 'sid' is not provisioned (run: woa target add sid)\n");
    fs::create_directories(home.path() / "targets/sid");
    write_file_atomically(home.path() / "targets/sid/target.json", "{\"schema\": 1, \"name\": 3}");
    auto broken = woa_cli({"target", "show", "sid"}, home.path());
    CHECK(broken.status() == 1);
    CHECK(broken.err == "woa: error: " + (home.path() / "targets/sid/target.json").string() +
                            ": field 'name' must be a string\n");
    auto doctor = woa_cli({"target", "doctor", "sid"}, home.path());
    CHECK(doctor.status() == 1);
    CHECK(doctor.out.find("FAIL  identity") != std::string::npos);
    const fs::path program = home.path() / "x.exe"; // there: the target is what is missing
    write_file_atomically(program, "MZ");
    auto exec = woa_cli({"exec", "--target", "bookworm", "--", program.string()}, home.path());
    CHECK(exec.status() == 1);
    CHECK(exec.err ==
          "woa: error: target 'bookworm' is not provisioned (run: woa target add bookworm)\n");
}

TEST_CASE("woa corpus validate, list and show", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto ok = woa_cli({"corpus", "validate"}, home.path());
    CHECK(ok.status() == 0);
    CHECK(ok.out.find("all valid") != std::string::npos);
    auto list = woa_cli({"corpus", "list", "--json"}, home.path());
    CHECK(list.status() == 0);
    CHECK(list.out.find("\"id\": \"esbuild\"") != std::string::npos);
    auto missing = woa_cli({"corpus", "show", "nosuch"}, home.path());
    CHECK(missing.status() == 1);
    CHECK(missing.err.rfind("woa: error: no corpus entry 'nosuch'", 0) == 0);

    // A broken corpus: every problem is reported, and the status says it failed.
    ScratchDir corpus(fs::temp_directory_path(), "woa-corpus-");
    fs::create_directories(corpus.path() / "entries");
    fs::copy(fs::path(WOA_SOURCE_DIR) / "corpus/schema", corpus.path() / "schema");
    write_file_atomically(corpus.path() / "entries/a.json", "{\"id\": \"a\"}");
    write_file_atomically(corpus.path() / "entries/b.json", "not json");
    auto bad = woa_cli({"corpus", "--corpus", corpus.path().string(), "validate"}, home.path());
    CHECK(bad.status() == 1);
    CHECK(bad.err.find("woa: error: " + (corpus.path() / "entries/a.json").string() +
                       ": /: lacks the required field 'title'") != std::string::npos);
    CHECK(bad.err.find("entries/b.json: not valid JSON") != std::string::npos);
    auto list_bad = woa_cli({"corpus", "--corpus", corpus.path().string(), "list"}, home.path());
    CHECK(list_bad.status() == 1);
    CHECK(list_bad.err.find("more problems: woa corpus validate") != std::string::npos);
}

// catch_discover_tests splits ctest properties on ';': a test named with one becomes a ctest
// entry that matches no test case and "passes" without running anything.
TEST_CASE("every test name survives ctest's list splitting", "[cli]") {
    const Regex test_case(R"re(TEST_CASE\(\s*"([^"]*)")re");
    for (const char* folder : {"tests/unit", "tests/integration"})
        for (const auto& file : fs::directory_iterator(fs::path(WOA_SOURCE_DIR) / folder)) {
            if (file.path().extension() != ".cpp") continue;
            const std::string text = read_file(file.path(), 4u << 20);
            for (const auto& found : test_case.find_all(text)) {
                INFO(file.path().string());
                CHECK(found.groups[1].find(';') == std::string::npos);
            }
        }
}

namespace {

// A store of one complete run: probe-hello/arguments crashed on trixie.
fs::path store_with_a_crash(const fs::path& dir) {
    const fs::path db = dir / "results.db";
    test::add_stored_run(db, {test::stored_result("probe-hello/arguments", "trixie", "crash")});
    return db;
}

// A provisioned-looking trixie: its target.json is all `woa repro --no-trace` reads of it.
void fake_trixie(const fs::path& home) {
    fs::create_directories(home / "targets/trixie");
    write_file_atomically(home / "targets/trixie/target.json",
                          to_json(test::sample_target()).dump());
}

} // namespace

TEST_CASE("commands that read the results store never create one", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const fs::path db = home.path() / "nodir" / "x.db";
    const std::vector<std::vector<std::string>> readers = {
        {"runs", "list"},
        {"runs", "show", "1"},
        {"runs", "rm", "1"},
        {"diff"},
        {"publish", "--out", (home.path() / "site").string()},
        {"repro", "probe-hello/arguments", "--no-trace"},
        {"record", "from-host", "--run", "1"},
        {"run", "--resume", "1"},
    };
    for (auto args : readers) {
        args.insert(args.end(), {"--db", db.string()});
        INFO("woa " << args[0] << " " << args[1]);
        const auto r = woa_cli(args, home.path());
        CHECK(r.status() == 1);
        CHECK(r.err ==
              "woa: error: " + db.string() + ": no such results database (woa run writes it)\n");
        CHECK(!fs::exists(db.parent_path()));
    }
}

TEST_CASE("a missing run is bad input (exit 1) to every command, and run 0 is refused", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string db = store_with_a_crash(home.path()).string();
    const std::vector<std::vector<std::string>> commands = {
        {"runs", "show", "99"},
        {"runs", "rm", "99"},
        {"diff", "--run", "99"},
        {"diff", "--against", "run:99"},
        {"record", "from-host", "--run", "99"},
        {"repro", "probe-hello/arguments", "--run", "99"},
    };
    for (auto args : commands) {
        args.insert(args.end(), {"--db", db});
        INFO("woa " << args[0] << " " << args[1] << " " << args[2]);
        const auto r = woa_cli(args, home.path());
        CHECK(r.status() == 1);
        CHECK(r.err.find("no run 99 in " + db) != std::string::npos);
    }
    for (const auto& option : {"--run", "--resume"}) {
        const auto zero =
            woa_cli({std::string(option) == "--run" ? "diff" : "run", option, "0", "--db", db},
                    home.path());
        INFO(option);
        CHECK(zero.status() == 2);
        CHECK(zero.err.find(option) != std::string::npos);
    }
}

TEST_CASE("woa diff refuses to compare a run with itself or a run without results", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string db = store_with_a_crash(home.path()).string();
    auto self = woa_cli({"diff", "--db", db, "--against", "run:1"}, home.path());
    CHECK(self.status() == 2);
    CHECK(self.err == "woa: error: --against run:1 is the run being judged (choose another run)\n");
    auto target = woa_cli({"diff", "--db", db, "--against", "target:trixie"}, home.path());
    CHECK(target.status() == 1);
    CHECK(target.err.find("run 1 has no target but trixie to compare with it") !=
          std::string::npos);

    const std::int64_t empty = test::add_stored_run(db, {});
    auto none = woa_cli({"diff", "--db", db}, home.path());
    CHECK(none.status() == 1);
    CHECK(none.err == "woa: error: " + db + ": run " + std::to_string(empty) +
                          " holds no results (its filters selected nothing?)\n");
}

TEST_CASE("woa diff names the paths the user gave", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string db = store_with_a_crash(home.path()).string();
    const std::string missing = (home.path() / "no-references").string();
    auto references = woa_cli({"diff", "--db", db, "--references", missing}, home.path());
    CHECK(references.status() == 1);
    CHECK(references.err == "woa: error: " + missing + ": no such reference results folder\n");
    auto junit = woa_cli({"diff", "--db", db, "--junit", "/nonexistent/j.xml"}, home.path());
    CHECK(junit.status() == 1);
    CHECK(junit.err.rfind("woa: error: cannot write /nonexistent/j.xml: ", 0) == 0);
    CHECK(junit.err.find(".tmp-") == std::string::npos);
}

TEST_CASE("woa merge writes nothing when it fails and names the runs that overlap", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const fs::path a = home.path() / "a.db", b = home.path() / "b.db", c = home.path() / "c.db";
    test::add_stored_run(a, {test::stored_result("probe-x/t", "trixie", "ok")});
    test::add_stored_run(b, {test::stored_result("probe-y/t", "trixie", "ok")});
    test::add_stored_run(b, {test::stored_result("probe-x/t", "trixie", "crash")});
    test::add_stored_run(c, {test::stored_result("probe-z/t", "trixie", "ok")});
    const fs::path out = home.path() / "merged.db";

    auto twice = woa_cli({"merge", a.string(), a.string(), "--out", out.string()}, home.path());
    CHECK(twice.status() == 2);
    CHECK(twice.err == "woa: error: merge: " + a.string() + " is given twice\n");
    auto overlap = woa_cli({"merge", a.string(), b.string(), "--out", out.string()}, home.path());
    CHECK(overlap.status() == 1);
    CHECK(overlap.err == "woa: error: probe-x/t on trixie is in run 1 of " + a.string() +
                             " and in run 2 of " + b.string() +
                             ": merge shards that do not "
                             "overlap\n");
    CHECK(!fs::exists(out));

    // An existing database is left as it was by a failed merge, and gains one run otherwise.
    test::add_stored_run(out, {test::stored_result("probe-w/t", "trixie", "ok")});
    overlap = woa_cli({"merge", a.string(), b.string(), "--out", out.string()}, home.path());
    CHECK(overlap.status() == 1);
    CHECK(ResultsDb(out).list_runs().size() == 1);
    auto merged = woa_cli({"merge", a.string(), c.string(), "--out", out.string()}, home.path());
    INFO(merged.err);
    CHECK(merged.status() == 0);
    const auto runs = ResultsDb(out).list_runs();
    REQUIRE(runs.size() == 2);
    CHECK(runs[1].result_count == 2);
    CHECK(runs[1].state == "complete");
    for (const auto& file : fs::directory_iterator(home.path()))
        CHECK(file.path().string().find(".partial") == std::string::npos);
}

TEST_CASE("a run whose filters select no test is an error and stores nothing", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const fs::path db = home.path() / "results.db";
    auto r = woa_cli({"run", "--filter", "nomatch*", "--db", db.string()}, home.path());
    CHECK(r.status() == 1);
    CHECK(r.err == "woa: error: no test matches --filter 'nomatch*' (woa corpus list)\n");
    CHECK(!fs::exists(db));
}

TEST_CASE("an unknown test is bad input (exit 1) to bisect and repro alike", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    for (const std::string test : {"probe-hello/nosuch", "nosuch/arguments"}) {
        auto bisect = woa_cli({"bisect", test, "--targets", "a,b"}, home.path());
        auto repro = woa_cli({"repro", test}, home.path());
        INFO(test);
        CHECK(bisect.status() == 1);
        CHECK(repro.status() == 1);
        CHECK(bisect.err.rfind("woa: error: no test '" + test + "' in ", 0) == 0);
        CHECK(repro.err == bisect.err);
    }
}

TEST_CASE("a missing file is said to be missing: inspect, and exec exits 127", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string nope = (home.path() / "nope.exe").string();
    auto inspect = woa_cli({"inspect", nope}, home.path());
    CHECK(inspect.status() == 1);
    CHECK(inspect.err == "woa: error: " + nope + ": no such file\n");
    auto exec = woa_cli({"exec", "--", nope}, home.path());
    CHECK(exec.status() == exit_code::not_found);
    CHECK(exec.err == "woa: error: " + nope + ": no such program file\n");
}

TEST_CASE("typos of nested commands get a suggestion, and help reaches them", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::vector<std::pair<std::vector<std::string>, std::string>> typos = {
        {{"runs", "lst"}, "runs list"},
        {{"target", "lst"}, "target list"},
        {{"corpus", "lst"}, "corpus list"},
        {{"record", "kt"}, "record kit"},
        {{"runs", "--db", "x.db", "shw", "1"}, "runs show"},
        {{"help", "runs", "shw"}, "runs show"},
    };
    for (const auto& [args, hint] : typos) {
        const auto r = woa_cli(args, home.path());
        INFO(hint);
        CHECK(r.status() == 2);
        CHECK(r.err.find("(did you mean '" + hint + "'?)") != std::string::npos);
    }
    auto runs = woa_cli({"help", "runs"}, home.path());
    CHECK(runs.status() == 0);
    CHECK(runs.out.find("Usage: runs") == std::string::npos);
    CHECK(runs.out.find("Usage: woa runs") != std::string::npos);
    auto show = woa_cli({"help", "runs", "show"}, home.path());
    CHECK(show.status() == 0);
    CHECK(show.out.find("Usage: woa runs show") != std::string::npos);
}

TEST_CASE("woa repro replaces only a bundle of its own, and -q silences its notes", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    fake_trixie(home.path());
    const std::string db = store_with_a_crash(home.path()).string();
    const fs::path out = home.path() / "bundle";
    auto repro = [&](bool quiet) {
        std::vector<std::string> args = {
            "repro", "probe-hello/arguments", "--no-trace", "--db", db, "--out", out.string()};
        if (quiet) args.push_back("-q");
        return woa_cli(args, home.path());
    };
    fs::create_directories(out);
    write_file_atomically(out / "notes.txt", "mine");
    auto refused = repro(false);
    CHECK(refused.status() == 1);
    CHECK(refused.err.find("woa: error: " + out.string() + ": already exists") == 0);
    CHECK(read_file(out / "notes.txt") == "mine");

    fs::remove_all(out);
    auto made = repro(true);
    INFO(made.err);
    REQUIRE(made.status() == 0);
    CHECK(made.err.empty());
    CHECK(made.out == out.string() + "\n");
    CHECK(fs::exists(out / "run.sh"));
    auto again = repro(false);
    CHECK(again.status() == 0);
    CHECK(again.err.find("woa: bundle for probe-hello/arguments") != std::string::npos);

    // run.sh's own state (its wine prefix) is not woa repro's to delete.
    fs::create_directories(out / "state");
    write_file_atomically(out / "state/wineboot.log", "slow to make");
    auto kept = repro(false);
    CHECK(kept.status() == 1);
    CHECK(kept.err.find("state") != std::string::npos);
    CHECK(fs::exists(out / "state/wineboot.log"));
}

TEST_CASE("woa publish -q prints only the index", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string db = store_with_a_crash(home.path()).string();
    const fs::path site = home.path() / "site";
    auto loud = woa_cli({"publish", "--db", db, "--out", site.string()}, home.path());
    REQUIRE(loud.status() == 0);
    CHECK(loud.err.find("woa: published") != std::string::npos);
    auto quiet = woa_cli({"publish", "-q", "--db", db, "--out", site.string()}, home.path());
    CHECK(quiet.status() == 0);
    CHECK(quiet.err.empty());
    CHECK(quiet.out == (site / "index.html").string() + "\n");
}

TEST_CASE("small mistakes get messages that say what to type", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string db = store_with_a_crash(home.path()).string();
    auto both = woa_cli({"diff", "--db", db, "--json", "--markdown"}, home.path());
    CHECK(both.status() == exit_code::usage);
    CHECK(both.out.empty());
    CHECK(both.err == "woa: error: --json and --markdown both print to stdout: choose one "
                      "(--junit FILE can go with either)\n");
    auto ratio = woa_cli({"diff", "--db", db, "--min-ratio", "0.5"}, home.path());
    CHECK(ratio.status() == exit_code::usage);
    CHECK(ratio.err ==
          "woa: error: --min-ratio 0.5: a ratio of times from 1 to 100 (1.25: a quarter slower)\n");
    auto inspect = woa_cli({"inspect"}, home.path());
    CHECK(inspect.status() == exit_code::usage);
    CHECK(inspect.err ==
          "woa: error: inspect: no file or corpus entry given (woa inspect FILE|ID)\n");
    // Where an entry's program is on this machine, or how to get it there.
    auto show = woa_cli({"corpus", "show", "esbuild"}, home.path());
    CHECK(show.status() == 0);
    CHECK(show.out.find("  fetched:    no (woa fetch esbuild)\n") != std::string::npos);
    auto probe = woa_cli({"corpus", "show", "probe-hello"}, home.path());
    CHECK(probe.out.find("  fetched:    " + (fs::path(WOA_PROBES) / "hello.exe").string() +
                         " (a probe)\n") != std::string::npos);
    // Lists have a header and aligned columns, and counts their plurals.
    auto list = woa_cli({"corpus", "list"}, home.path());
    CHECK(list.out.rfind("entry ", 0) == 0);
    CHECK(list.out.find(" 1 test ") != std::string::npos);
    CHECK(list.out.find(" 1 tests") == std::string::npos);
    CHECK(list.out.find('\t') == std::string::npos);
}
