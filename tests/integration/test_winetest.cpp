// Wine's own conformance tests for real: the Debian source package fetched and unpacked with its
// patches, one unit built for aarch64 and x86_64 Windows, run on trixie (qemu + wine-arm64) and
// on its x86-64 control trixie-x64 (Debian's amd64 wine, natively), and judged against it.
#include "core/fs.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

TEST_CASE("wine's bcrypt tests: built for both architectures, run on trixie and its control",
          "[winetest]") {
    const auto fetched = woa_cli({"fetch", "wine-bcrypt"});
    INFO(fetched.out << fetched.err);
    REQUIRE(fetched.status() == 0);
    CHECK(fetched.out.find("wine-bcrypt (aarch64 build): ") != std::string::npos);
    CHECK(fetched.out.find("wine-bcrypt (x86_64 build): ") != std::string::npos);

    ScratchDir dir(fs::temp_directory_path(), "woa-winetest-it-");
    const std::string db = (dir.path() / "results.db").string();
    const auto run = woa_cli({"run", "--db", db, "--target", "trixie", "--target", "trixie-x64",
                              "--filter", "wine-bcrypt/*", "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const auto shown = woa_cli({"runs", "show", std::to_string(json::parse(run.out).at("run").get<int>()),
                                "--db", db, "--json"});
    INFO(shown.out << shown.err);
    REQUIRE(shown.status() == 0);
    const json results = json::parse(shown.out).at("results");
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
        INFO(r.dump(2));
        // Ran for real: wine's harness printed its summary, whatever the outcome.
        CHECK(r.at("outcome") != "harness-error");
        CHECK(r.at("outcome") != "wrong-arch");
        bool summary = false;
        for (const auto& s : r.at("subtests"))
            summary |= s.at("name") == "bcrypt";
        CHECK(summary);
        // wine's counters, summed over the test's processes: assertions were run.
        REQUIRE(r.at("counts").is_object());
        CHECK(r["counts"].at("executed").get<std::uint64_t>() > 0);
        CHECK(r["counts"].at("processes").get<std::uint64_t>() >= 1);
    }

    const auto diff = woa_cli({"diff", "--db", db, "--against", "target:trixie-x64", "--json"});
    INFO(diff.out << diff.err);
    REQUIRE((diff.status() == 0 || diff.status() == 3));
    const json doc = json::parse(diff.out);
    REQUIRE(doc.contains("control"));
    CHECK(doc["control"].at(0).get<std::string>().rfind("trixie against the x86-64 control trixie-x64", 0) == 0);

    // The site's wine-tests section: one unit, both targets, the control named.
    const fs::path site = dir.path() / "site";
    const auto published = woa_cli({"publish", "--db", db, "--out", site.string()});
    INFO(published.out << published.err);
    REQUIRE(published.status() == 0);
    const json wine = json::parse(read_file(site / "data" / "wine-tests.json"));
    REQUIRE(wine.at("totals").size() == 2);
    for (const auto& t : wine["totals"]) {
        INFO(t.dump());
        CHECK(t.at("files_run") == 1);
        CHECK(t.at("executed").get<std::uint64_t>() > 0);
        if (t.at("target") == "trixie") CHECK(t.at("control") == "trixie-x64");
    }
    CHECK(read_file(site / "wine-tests.html").find("id=\"unit-bcrypt\"") != std::string::npos);

    // A reproducer for a wine developer: the test program, and each failing check's source.
    for (const auto& r : results) {
        if (r.at("outcome") == "ok") continue;
        const std::string target = r.at("target");
        const fs::path bundle = dir.path() / ("bundle-" + target);
        const auto repro = woa_cli({"repro", "wine-bcrypt/bcrypt", "--target", target, "--db", db,
                                    "--out", bundle.string(), "--no-trace"});
        INFO(repro.out << repro.err);
        REQUIRE(repro.status() == 0);
        CHECK(fs::is_regular_file(bundle / "program" / "bcrypt_test.exe"));
        CHECK(fs::is_regular_file(bundle / "sources" / "bcrypt.c"));
        const std::string readme = read_file(bundle / "README.md");
        CHECK(readme.find("## The failing checks in wine's sources") != std::string::npos);
        CHECK(readme.find("https://sources.debian.org/src/wine/") != std::string::npos);
    }
}

// The control has no qemu and x86-64 programs: the doctor checks what it has (it reported a
// missing qemu and "not arm64" wine on every healthy x86-64 target).
TEST_CASE("woa target doctor on the x86-64 control: healthy, and checked as x86-64", "[winetest]") {
    const auto doctor = woa_cli({"target", "doctor", "trixie-x64"});
    INFO(doctor.out << doctor.err);
    CHECK(doctor.status() == 0);
    CHECK(doctor.out.find("FAIL") == std::string::npos);
    CHECK(doctor.out.find("is an x86-64 ELF program") != std::string::npos);
    CHECK(doctor.out.find("wine --version natively") != std::string::npos);
}
