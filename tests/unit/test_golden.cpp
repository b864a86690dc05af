// Golden tests: `woa diff` on a small committed result set (tests/golden/diff/store.json, its
// references and known issues), every output format compared byte for byte with the committed
// expected files. A change to what users read shows up as a diff of those files in review.
// WOA_UPDATE_GOLDEN=1 rewrites them; read the change before committing it.
#include "core/fs.h"
#include "fetcher/json_schema.h"
#include "runner/normalise.h"
#include "runner/results_db.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace woa;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path golden_dir = fs::path(WOA_SOURCE_DIR) / "tests" / "golden" / "diff";

ResultRecord golden_result(const json& j, const fs::path& scratch) {
    ResultRecord r;
    r.test = j.at("test");
    r.target = j.at("target");
    r.outcome = j.at("outcome");
    if (j.contains("exit_code"))
        r.exit_code = j["exit_code"].get<std::int64_t>();
    else if (r.outcome == "ok")
        r.exit_code = 0;
    r.detail = j.value("detail", "");
    r.started = "2026-11-02T10:00:00Z";
    const auto walls = j.value("walls", std::vector<double>{1.0});
    const auto outcomes = j.value("sample_outcomes", std::vector<std::string>{});
    for (std::size_t i = 0; i < walls.size(); i++) {
        SampleRecord s;
        s.repeat = static_cast<int>(i + 1);
        s.outcome = i < outcomes.size() ? outcomes[i] : r.outcome;
        s.exit_code = r.exit_code;
        s.wall_s = walls[i];
        r.samples.push_back(s);
    }
    auto sorted = walls;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    r.wall_s = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    for (const auto& s : j.value("subtests", json::array()))
        r.subtests.push_back({s.at(0), s.at(1), s.at(2)});
    r.files = json::object();
    r.wine = json::object();
    // The output as the runner keeps it: through the real normalisation pipeline.
    if (j.contains("stdout")) {
        const fs::path raw = scratch / "stdout";
        write_file_atomically(raw, j["stdout"].get<std::string>());
        const std::string folder = r.target == "host" ? "" : "D:\\work";
        r.output = output_record(raw, folder, normalise_rules({}));
    }
    return r;
}

// The committed store as a real results database; the references and the known issues beside
// their schemas, which come from the source tree (one copy of each schema).
void make_workspace(const fs::path& dir) {
    const json store = read_json_file(golden_dir / "store.json");
    ResultsDb db(dir / "results.db");
    for (const auto& run : store.at("runs")) {
        RunRecord record;
        record.started = run.at("started");
        record.host = "golden";
        record.woa_version = "golden";
        record.corpus_rev = run.at("corpus_rev");
        record.args = json::object();
        std::vector<TargetRecord> targets;
        for (const auto& name : run.at("targets"))
            targets.push_back({name, store.at("targets").at(name.get<std::string>())});
        const std::int64_t id = db.begin_run(record, targets);
        for (const auto& result : run.at("results"))
            REQUIRE(db.add_result(id, golden_result(result, dir)));
        db.finish_run(id, "complete");
    }
    fs::copy(golden_dir / "references", dir / "references", fs::copy_options::recursive);
    fs::copy(fs::path(WOA_SOURCE_DIR) / "reference-results" / "schema",
             dir / "references" / "schema");
    fs::create_directories(dir / "corpus" / "schema");
    fs::copy_file(golden_dir / "known-issues.json", dir / "corpus" / "known-issues.json");
    fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus" / "schema" / "known-issues.schema.json",
                  dir / "corpus" / "schema" / "known-issues.schema.json");
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
        text.replace(at, from.size(), to);
    return text;
}

void check_golden(const std::string& name, const std::string& actual) {
    const fs::path expected_file = golden_dir / "expected" / name;
    if (const char* update = std::getenv("WOA_UPDATE_GOLDEN"); update && *update == '1') {
        write_file_atomically(expected_file, actual);
        WARN("rewrote " << expected_file.string());
        return;
    }
    REQUIRE(fs::exists(expected_file));
    const std::string expected = read_file(expected_file, 1u << 20);
    INFO("expected " << expected_file.string() << " (WOA_UPDATE_GOLDEN=1 rewrites it)");
    CHECK(actual == expected);
}

} // namespace

TEST_CASE("woa diff's outputs match the committed golden files", "[differ][golden]") {
    ScratchDir scratch(fs::temp_directory_path(), "woa-golden-");
    const fs::path dir = scratch.path();
    make_workspace(dir);

    struct Case {
        std::string file;
        std::vector<std::string> args;
        int status;
    };
    const std::vector<Case> cases = {
        {"reference.txt", {"--run", "2"}, 0},
        {"reference-verbose.txt", {"--run", "2", "-v"}, 0},
        {"reference.md", {"--run", "2", "--markdown"}, 0},
        {"reference.json", {"--run", "2", "--json"}, 0},
        {"run.txt", {"--run", "2", "--against", "run:1"}, 3},
        {"run.md", {"--run", "2", "--against", "run:1", "--markdown"}, 3},
        {"target.txt", {"--run", "2", "--against", "target:bookworm"}, 3},
        {"host.txt", {"--run", "2", "--against", "target:host"}, 3},
    };
    for (const auto& c : cases) {
        SECTION(c.file) {
            std::vector<std::string> args = {"diff",
                                             "--db",
                                             (dir / "results.db").string(),
                                             "--references",
                                             (dir / "references").string(),
                                             "--corpus",
                                             (dir / "corpus").string()};
            args.insert(args.end(), c.args.begin(), c.args.end());
            const auto r = test::woa_cli(args);
            INFO(r.err);
            CHECK(r.status() == c.status);
            check_golden(c.file, replace_all(r.out, dir.string(), "<scratch>"));
        }
    }
    SECTION("junit") {
        const auto r = test::woa_cli({"diff", "--db", (dir / "results.db").string(), "--references",
                                      (dir / "references").string(), "--corpus",
                                      (dir / "corpus").string(), "--run", "2", "--against", "run:1",
                                      "--junit", (dir / "junit.xml").string()});
        CHECK(r.status() == 3);
        check_golden("run.junit.xml", replace_all(read_file(dir / "junit.xml", 1u << 20),
                                                  dir.string(), "<scratch>"));
    }
}

TEST_CASE("woa runs list, show and rm, as text and JSON, on a store with host baselines",
          "[results][golden]") {
    ScratchDir scratch(fs::temp_directory_path(), "woa-golden-");
    make_workspace(scratch.path());
    const std::string db = (scratch.path() / "results.db").string();
    auto runs = [&db](std::vector<std::string> args) {
        args.insert(args.begin(), "runs");
        args.insert(args.end(), {"--db", db});
        const auto r = test::woa_cli(args);
        INFO("woa runs " << args[1] << ": " << r.err);
        CHECK(r.status() == 0);
        CHECK(r.err.empty());
        return r.out;
    };
    // A header, then one row per run, columns aligned.
    const std::string listed = runs({"list"});
    CHECK_THAT(listed, Catch::StartsWith("run  started               state     results") &&
                           Catch::Contains("\n1    2026-") &&
                           Catch::Contains("bookworm,host,trixie"));
    const json list = json::parse(runs({"list", "--json"}));
    REQUIRE(list.size() == 2);
    CHECK(list[0]["targets"]["host"]["machine"] == "x86_64");
    for (const std::string id : {"1", "2"}) {
        INFO("run " << id);
        const std::string text = runs({"show", id});
        CHECK_THAT(text, Catch::Contains("  target trixie: wine-10.0 (Debian 10.0~repack-6), "
                                         "qemu 10.0.2, -cpu neoverse-n1\n") &&
                             Catch::Contains("  target host: native x86_64, Linux 6.1.0\n") &&
                             Catch::Contains("demo-tool/version ") && Catch::Contains("  host\n"));
        const json show = json::parse(runs({"show", id, "--json"}));
        int host_results = 0;
        for (const auto& r : show["results"])
            host_results += r["target"] == "host";
        CHECK(host_results > 0);
    }
    CHECK(runs({"rm", "1"}) == "removed run 1\n");
    CHECK_THAT(runs({"list"}), Catch::Contains("\n2    2026-") && !Catch::Contains("\n1    "));
}
