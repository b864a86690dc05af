// A project's own corpus outside the repository (`--corpus DIR`): no schema folder of its own,
// its own prebuilt arm64 program in probes/, its own inputs; run on trixie and judged by diff.
#include "core/fs.h"
#include "tests/support/own_corpus.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

TEST_CASE("woa run and diff on a project's own corpus folder", "[run][corpus]") {
    ScratchDir project(fs::temp_directory_path(), "woa-own-corpus-it-");
    const fs::path corpus = project.path() / "woa-corpus";
    const fs::path db = project.path() / "results.db";
    test::make_own_corpus(corpus);
    const std::vector<std::string> where = {"--corpus", corpus.string(), "--db", db.string()};
    auto woa = [&](std::vector<std::string> args) {
        args.insert(args.end(), where.begin(), where.end());
        return woa_cli(args);
    };

    for (int run = 1; run <= 2; run++) {
        const auto r = woa({"run", "--jobs", "1", "--json"});
        INFO(r.out << r.err);
        REQUIRE(r.status() == 0);
        CHECK(json::parse(r.out).at("run") == run);
    }
    const auto shown = woa_cli({"runs", "show", "2", "--json", "--db", db.string()});
    REQUIRE(shown.status() == 0);
    const json results = json::parse(shown.out).at("results");
    REQUIRE(results.size() == 1);
    CHECK(results[0].at("test") == "mytool/greets");
    CHECK(results[0].at("outcome") == "ok");

    const auto diff = woa({"diff", "--against", "run:1", "--json"});
    INFO(diff.out << diff.err);
    REQUIRE(diff.status() == 0);
    const json verdicts = json::parse(diff.out).at("verdicts");
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts[0].at("verdict") == "pass");
}
