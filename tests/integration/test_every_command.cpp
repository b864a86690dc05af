// Every subcommand on one real run, as a new user would meet them: text and --json output, and
// the common mistakes. The run has host baselines (git-cliff's native linux-x64 build), a
// failure (probe-time: a function trixie's wine lacks), one of wine's own tests (bcrypt, with
// its counters) and passes; the checks are on shape and wording, not on what wine does today
// beyond that.
#include "core/exit_codes.h"
#include "core/fs.h"
#include "core/regex.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

// What every command owes its user: JSON that parses, text without tab-separated columns, and
// an error that is one `woa: error:` line.
json parsed(const test::CliRun& r, const std::string& what) {
    INFO(what << "\nstderr: " << r.err);
    REQUIRE(r.status() == 0);
    json doc;
    REQUIRE_NOTHROW(doc = json::parse(r.out));
    return doc;
}

std::string text(const test::CliRun& r, const std::string& what, int status = 0) {
    INFO(what << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.status() == status);
    CHECK_FALSE(r.out.empty());
    CHECK(r.out.find('\t') == std::string::npos);
    static const Regex wrong_plural(R"((^|[^0-9])1 (tests|results|runs|targets)\b)");
    CHECK_FALSE(wrong_plural.search(r.out));
    CHECK(r.out.find("(s)") == std::string::npos);
    return r.out;
}

void mistake(const test::CliRun& r, int status, const std::string& message) {
    INFO("stdout: " << r.out);
    CHECK(r.status() == status);
    CHECK(r.err.rfind("woa: error: ", 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1); // one line
    CHECK_THAT(r.err, Catch::Contains(message));
}

} // namespace

TEST_CASE("every command, text and JSON, and the usual mistakes, on one real run",
          "[winetest][every-command]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-every-");
    const std::string db = (dir.path() / "results.db").string();
    // What it runs besides the probes: fetched (and built) here, as the [winetest] tests do.
    const auto fetched = woa_cli({"fetch", "git-cliff", "wine-bcrypt"});
    INFO(fetched.err);
    REQUIRE(fetched.status() == 0);

    // run: host baselines, a failure, a wine test, passes.
    const json run =
        parsed(woa_cli({"run", "--filter", "git-cliff/init", "--filter", "probe-time/*", "--filter",
                        "probe-hello/arguments", "--filter", "wine-bcrypt/bcrypt", "--db", db,
                        "--json"}),
               "run --json");
    CHECK(run["run"] == 1);
    REQUIRE(run["summary"].is_object());
    CHECK(run["summary"]["host"]["ok"] == 1);
    int trixie = 0, failing = 0;
    for (const auto& [outcome, n] : run["summary"]["trixie"].items()) {
        trixie += n.get<int>();
        failing += outcome != "ok" ? n.get<int>() : 0;
    }
    CHECK(trixie == 4);
    CHECK(failing >= 1); // probe-time's function trixie lacks
    CHECK(run["summary_text"].is_array());
    const std::string second =
        text(woa_cli({"run", "--filter", "probe-hello/arguments", "--db", db}), "run");
    CHECK_THAT(second, Catch::StartsWith("run 2: 1 result in "));
    mistake(woa_cli({"run", "--filter", "nomatch*", "--db", db}), exit_code::error, "nomatch*");

    // runs
    CHECK_THAT(text(woa_cli({"runs", "list", "--db", db}), "runs list"),
               Catch::StartsWith("run  started"));
    CHECK(parsed(woa_cli({"runs", "list", "--db", db, "--json"}), "runs list --json").size() == 2);
    // A wine test shows wine's counters: "... checks, ... failures".
    static const Regex wine_counts(R"(wine-bcrypt/bcrypt +trixie +.*[0-9]+ checks?, [0-9]+ failures?)");
    CHECK_THAT(text(woa_cli({"runs", "show", "1", "--db", db}), "runs show"),
               Catch::Contains("  outcome ") && Catch::Contains("git-cliff/init"));
    CHECK(wine_counts.search(woa_cli({"runs", "show", "1", "--db", db}).out));
    const json shown =
        parsed(woa_cli({"runs", "show", "1", "--db", db, "--json"}), "runs show --json");
    CHECK(shown["results"].size() == 5);
    for (const auto& r : shown["results"])
        CHECK(r["counts"].is_object() == (r["test"] == "wine-bcrypt/bcrypt"));
    mistake(woa_cli({"runs", "show", "99", "--db", db}), exit_code::error, "99");
    mistake(woa_cli({"runs", "lst", "--db", db}), exit_code::usage, "did you mean 'runs list'");

    // diff against the references, in every format
    const test::CliRun reference = woa_cli({"diff", "--run", "1", "--db", db});
    CHECK_THAT(text(reference, "diff", reference.status()),
               Catch::Contains("  verdict ") && Catch::Contains("probe-time/conformance"));
    const json judged = json::parse(woa_cli({"diff", "--run", "1", "--db", db, "--json"}).out);
    CHECK(judged["summary"]["trixie"]["verdicts"].is_object());
    CHECK(judged["summary_text"].is_array());
    const std::string markdown = woa_cli({"diff", "--run", "1", "--db", db, "--markdown"}).out;
    CHECK_THAT(markdown, Catch::Contains("| verdict | test | target | reference | now |"));
    const fs::path junit = dir.path() / "diff.xml";
    woa_cli({"diff", "--run", "1", "--db", db, "--junit", junit.string()});
    CHECK(fs::file_size(junit) > 0);
    mistake(woa_cli({"diff", "--db", db, "--json", "--markdown"}), exit_code::usage, "choose one");
    mistake(woa_cli({"diff", "--db", db, "--min-ratio", "0.5"}), exit_code::usage,
            "--min-ratio 0.5: a ratio of times from 1 to 100");
    mistake(woa_cli({"diff", "--db", db, "--run", "99"}), exit_code::error, "99");
    mistake(woa_cli({"diff", "--db", db, "--against", "run:2"}), exit_code::usage,
            "is the run being judged");

    // diff against the native builds: what it means, and the probes have none
    const test::CliRun native =
        woa_cli({"diff", "--run", "1", "--db", db, "--against", "target:host"});
    const std::string native_text = text(native, "diff --against target:host", native.status());
    CHECK_THAT(native_text, Catch::Contains("against the native linux-x64 builds") &&
                                Catch::Contains("run natively here") &&
                                Catch::Contains("no-native-build"));
    const json native_json = json::parse(
        woa_cli({"diff", "--run", "1", "--db", db, "--against", "target:host", "--json"}).out);
    CHECK(native_json["meaning"].is_string());
    CHECK(native_json["summary"]["trixie"]["verdicts"]["no-native-build"] >= 2);
    for (const auto& v : native_json["verdicts"])
        if (v["detail"] == "output differs")
            CHECK_FALSE(v["output_diff"].get<std::string>().empty());

    // diff against an earlier run
    CHECK_THAT(text(woa_cli({"diff", "--run", "2", "--db", db, "--against", "run:1"}), "diff run"),
               Catch::Contains("removed"));

    // target
    CHECK_THAT(text(woa_cli({"target", "list"}), "target list"),
               Catch::StartsWith("target  ") && Catch::Contains("\ntrixie "));
    CHECK(parsed(woa_cli({"target", "list", "--json"}), "target list --json").is_array());
    CHECK_THAT(text(woa_cli({"target", "show", "trixie"}), "target show"),
               Catch::Contains("qemu sha256: "));
    CHECK(parsed(woa_cli({"target", "show", "trixie", "--json"}), "target show --json")["name"] ==
          "trixie");
    text(woa_cli({"target", "doctor", "trixie"}), "target doctor");
    parsed(woa_cli({"target", "doctor", "trixie", "--json"}), "target doctor --json");
    mistake(woa_cli({"target", "show", "nosuch"}), exit_code::error, "nosuch");
    mistake(woa_cli({"target", "add", "mine", "--wine", "dir:" + dir.path().string(), "--qemu",
                     "path:/nonexistent"}),
            exit_code::error, "no arm64 wine loader");

    // corpus
    CHECK_THAT(text(woa_cli({"corpus", "list"}), "corpus list"), Catch::StartsWith("entry "));
    parsed(woa_cli({"corpus", "list", "--json"}), "corpus list --json");
    CHECK_THAT(text(woa_cli({"corpus", "show", "git-cliff"}), "corpus show"),
               Catch::Contains("  fetched:    /"));
    parsed(woa_cli({"corpus", "show", "git-cliff", "--json"}), "corpus show --json");
    text(woa_cli({"corpus", "validate"}), "corpus validate");
    mistake(woa_cli({"corpus", "lst"}), exit_code::usage, "did you mean 'corpus list'");

    // fetch, inspect
    text(woa_cli({"fetch", "probe-hello"}), "fetch");
    CHECK_THAT(text(woa_cli({"inspect", "probe-hello", "--target", "trixie"}), "inspect"),
               Catch::Contains("    kernel32.dll: ") && !Catch::Contains("KERNEL32"));
    parsed(woa_cli({"inspect", "probe-hello", "--json"}), "inspect --json");
    mistake(woa_cli({"inspect"}), exit_code::usage, "no file or corpus entry given");

    // exec: one shape of JSON, what is not arm64 said so
    const std::string hello = (fs::path(WOA_PROBES) / "hello.exe").string();
    text(woa_cli({"exec", "--", hello, "x"}), "exec");
    const json exec = parsed(woa_cli({"exec", "--json", "--", hello}), "exec --json");
    for (const char* key : {"exit_code", "exit_code_hex", "exit_code_name", "status", "logs"})
        CHECK(exec.contains(key));
    const std::string amd64 =
        (fs::path(WOA_BINARY).parent_path() / "woa-launch-x86_64.exe").string();
    mistake(woa_cli({"exec", "--", amd64}), exit_code::cannot_execute, "AMD64 (not arm64)");
    mistake(woa_cli({"exec", "--", WOA_BINARY}), exit_code::cannot_execute, "not a PE file");

    // bisect's mistakes (a bisection needs two targets of different builds)
    mistake(woa_cli({"bisect", "probe-hello/arguments", "--targets", "trixie", "--db", db}),
            exit_code::usage, "at least two targets");

    // repro, record
    const fs::path bundle = dir.path() / "bundle";
    const test::CliRun repro = woa_cli({"repro", "probe-time/conformance", "--db", db, "--run", "1",
                                        "--out", bundle.string(), "--no-trace", "--markdown"});
    INFO("repro: " << repro.err);
    CHECK(repro.status() == 0);
    CHECK(fs::exists(bundle / "run.sh"));
    CHECK(repro.out.find("woa repro") == std::string::npos);
    const fs::path mine = dir.path() / "mine";
    fs::create_directories(mine);
    write_file_atomically(mine / "notes.txt", "my own\n");
    mistake(woa_cli({"repro", "probe-time/conformance", "--db", db, "--out", mine.string(),
                     "--no-trace"}),
            exit_code::error, mine.string());
    CHECK(fs::exists(mine / "notes.txt"));
    const fs::path kit = dir.path() / "kit";
    CHECK_THAT(text(woa_cli({"record", "kit", "--out", kit.string(), "--filter", "probe-hello/*"}),
                    "record kit"),
               Catch::Contains(": 2 tests\n"));
    text(woa_cli({"record", "from-host", "--run", "1", "--db", db, "--out",
                  (dir.path() / "references").string()}),
         "record from-host");
    mistake(woa_cli({"record", "kt"}), exit_code::usage, "did you mean 'record kit'");

    // merge, publish
    mistake(woa_cli({"merge", db, db, "--out", (dir.path() / "m.db").string()}), exit_code::usage,
            "given twice");
    const fs::path site = dir.path() / "site";
    const test::CliRun published = woa_cli({"publish", "--out", site.string(), "--db", db});
    CHECK(published.status() == 0);
    CHECK_THAT(published.err, Catch::Contains("on 1 target from 2 runs") ||
                                  Catch::Contains("on 2 targets from 2 runs"));
    CHECK(fs::exists(site / "wine-tests.html"));
    const std::string api = read_file(site / "api.html", 16u << 20);
    CHECK(api.find("Seen at run time") != std::string::npos);

    // help and completion
    CHECK_THAT(text(woa_cli({"help"}), "help"), Catch::Contains("completion"));
    CHECK_THAT(text(woa_cli({"help", "runs", "show"}), "help runs show"),
               Catch::Contains("woa runs show"));
    text(woa_cli({"completion", "bash"}), "completion");
    CHECK(woa_cli({"runs", "rm", "2", "--db", db}).out == "removed run 2\n");
}
