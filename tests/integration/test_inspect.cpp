// woa inspect against a real target's wine DLLs.
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using woa::test::woa_cli;

TEST_CASE("inspect names what trixie's wine lacks: a missing export and a wine stub", "[inspect]") {
    const auto run =
        woa_cli({"inspect", WOA_FIXTURES "/inspect_me.exe", "--target", "trixie", "--json"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const auto doc = nlohmann::json::parse(run.out);
    CHECK(doc["machine"] == "ARM64");
    CHECK(doc["target"] == "trixie");
    std::map<std::string, std::string> missing;
    for (const auto& m : doc["missing"])
        if (m["function"].is_string())
            missing[m["function"]] =
                m["effect"].get<std::string>() + " / " + m["why"].get<std::string>();
    CHECK(missing["WoaNoSuchFunction"] == "will fail when called / not exported");
    CHECK(missing["BaseCheckAppcompatCache"] == "will fail when called / a wine stub");
    CHECK(missing.count("GetCurrentProcessId") == 0);
}

TEST_CASE("inspect reads a probe by its corpus id, and the text form says it is complete",
          "[inspect]") {
    const auto run = woa_cli({"inspect", "probe-hello", "--target", "trixie"});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    CHECK_THAT(run.out, Catch::Contains("machine:   ARM64"));
    CHECK_THAT(run.out, Catch::Contains("trixie provides every imported function"));
    const auto garbage = woa_cli({"inspect", WOA_BINARY});
    CHECK(garbage.status() == 1);
    CHECK_THAT(garbage.err,
               Catch::StartsWith(std::string("woa: error: ") + WOA_BINARY + ": not a PE file"));
}
