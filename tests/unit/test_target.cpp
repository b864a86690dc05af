#include "core/error.h"
#include "core/fs.h"
#include "runner/target.h"
#include "tests/support/sample_target.h"

#include <catch2/catch.hpp>

using namespace woa;
namespace fs = std::filesystem;

namespace {

TargetIdentity sample(const std::string& name = "trixie") {
    return test::sample_target(name);
}

} // namespace

TEST_CASE("sources parse by kind, and each side takes its own kinds", "[target]") {
    CHECK(Source::parse("debian:trixie", "--wine").text() == "debian:trixie");
    CHECK(Source::parse("dir:/opt/wine-arm64", "--wine").kind == Source::Kind::dir);
    CHECK(Source::parse("path:/usr/bin/qemu-aarch64-static", "--qemu").kind == Source::Kind::path);
    CHECK_THROWS_WITH(Source::parse("path:/x", "--wine"),
                      "--wine path:/x: expected debian:SUITE or dir:PATH");
    CHECK_THROWS_WITH(Source::parse("dir:/x", "--qemu"),
                      "--qemu dir:/x: expected debian:SUITE, path:FILE or none");
    CHECK_THROWS_AS(Source::parse("debian:", "--wine"), UsageError);
    CHECK_THROWS_AS(Source::parse("debian:Tri xie", "--wine"), UsageError);
    CHECK_THROWS_AS(Source::parse("trixie", "--wine"), UsageError);
}

TEST_CASE("presets pair wine and qemu of one suite with a CPU without BTI", "[target]") {
    for (const char* name : {"bookworm", "trixie", "sid"}) {
        auto p = preset(name);
        REQUIRE(p);
        CHECK(p->wine.text() == std::string("debian:") + name);
        CHECK(p->qemu.text() == std::string("debian:") + name);
        CHECK(p->cpu == "neoverse-n1");
    }
    CHECK_FALSE(preset("mine"));
    CHECK(std::string(default_target) == "trixie");
}

TEST_CASE("names and CPU models are checked before they reach a path or a script", "[target]") {
    CHECK_NOTHROW(check_target_name("wine-9.22_qemu.11"));
    CHECK_THROWS_AS(check_target_name("../etc"), UsageError);
    CHECK_THROWS_AS(check_target_name("Trixie"), UsageError);
    CHECK_THROWS_AS(check_target_name(""), UsageError);
    CHECK_THROWS_AS(check_target_name(".hidden"), UsageError);
    CHECK_NOTHROW(check_cpu_model("neoverse-n1"));
    CHECK_NOTHROW(check_cpu_model("max,pauth-impdef=on"));
    CHECK_THROWS_AS(check_cpu_model("max; rm -rf /"), UsageError);
}

TEST_CASE("target.json round-trips", "[target]") {
    const TargetIdentity t = sample();
    const TargetIdentity back = identity_from_json(to_json(t), "target.json");
    CHECK(to_json(back) == to_json(t));
    CHECK(to_json(t)["wine"]["packages"]["wine64:arm64"] == "10.0~repack-6");
    CHECK(to_json(t)["schema"] == 1);
}

TEST_CASE("a malformed target.json names the file and the field", "[target]") {
    auto doc = to_json(sample());
    doc["qemu"].erase("sha256");
    CHECK_THROWS_WITH(identity_from_json(doc, "/t/target.json"),
                      "/t/target.json: field 'qemu.sha256' must be a string");
    doc = to_json(sample());
    doc["schema"] = 7;
    CHECK_THROWS_WITH(identity_from_json(doc, "/t/target.json"),
                      "/t/target.json: field 'schema' is 7, this woa reads 1");
    doc["schema"] = 4294967297ull; // 2^32 + 1: as an int, 1
    CHECK_THROWS_WITH(identity_from_json(doc, "/t/target.json"),
                      Catch::Contains("field 'schema' is 4294967297"));
    doc = to_json(sample());
    doc["wine"]["source"] = "ftp:x";
    CHECK_THROWS_AS(identity_from_json(doc, "/t/target.json"), InputError);
    CHECK_THROWS_AS(identity_from_json(nlohmann::json::array(), "/t/target.json"), InputError);
}

TEST_CASE("the store lists ready targets only and removes whole targets", "[target]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-store-");
    const TargetStore store(dir.path());
    CHECK(store.list().empty());
    fs::create_directories(dir.path() / "trixie");
    write_file_atomically(dir.path() / "trixie/target.json", to_json(sample()).dump());
    fs::create_directories(dir.path() / ".partial-sid-abc123");
    fs::create_directories(dir.path() / "empty"); // no target.json: not ready
    const auto ready = store.list();
    REQUIRE(ready.size() == 1);
    CHECK(ready[0].name == "trixie");
    CHECK(store.incomplete() == std::vector<std::string>{".partial-sid-abc123"});
    CHECK_THROWS_WITH(store.get("sid"),
                      "target 'sid' is not provisioned (run: woa target add sid)");
    store.remove("trixie");
    CHECK_FALSE(fs::exists(dir.path() / "trixie"));
    CHECK_THROWS_AS(store.remove("trixie"), Error);
}

TEST_CASE("a target.json that names another target is refused", "[target]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-store-");
    fs::create_directories(dir.path() / "copy");
    write_file_atomically(dir.path() / "copy/target.json", to_json(sample("trixie")).dump());
    CHECK_THROWS_AS(TargetStore(dir.path()).find("copy"), InputError);
    write_file_atomically(dir.path() / "copy/target.json", "{not json");
    CHECK_THROWS_AS(TargetStore(dir.path()).find("copy"), InputError);
}
