// Targets for real: the provisioned trixie target, and a second one made from its parts with
// dir: and path: sources in a scratch home (provisioned, checked, broken, removed).
#include "core/fs.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

json trixie() {
    const auto r = woa_cli({"target", "show", "trixie", "--json"});
    REQUIRE(r.status() == 0);
    return json::parse(r.out);
}

} // namespace

TEST_CASE("trixie is listed as ready with its exact wine and qemu", "[target]") {
    const auto r = woa_cli({"target", "list", "--json"});
    REQUIRE(r.status() == 0);
    const json list = json::parse(r.out);
    bool found = false;
    for (const auto& t : list) {
        if (t["name"] != "trixie") continue;
        found = true;
        CHECK(t["state"] == "ready");
        CHECK(t["wine"]["version"].get<std::string>().rfind("wine-10.0", 0) == 0);
        CHECK(t["wine"]["packages"]["wine64:arm64"].get<std::string>().rfind("10.0~repack", 0) ==
              0);
        CHECK(t["qemu"]["packages"]["qemu-user:amd64"].is_string());
        CHECK(t["qemu"]["version"].get<std::string>().rfind("10.0", 0) == 0);
        CHECK(t["cpu"] == "neoverse-n1");
        CHECK(t["qemu"]["sha256"] ==
              sha256_file(fs::path(t["path"].get<std::string>()) / "qemu-aarch64"));
    }
    CHECK(found);
}

TEST_CASE("trixie passes its doctor's checks", "[target]") {
    const auto r = woa_cli({"target", "doctor", "trixie"});
    INFO(r.out << r.err);
    CHECK(r.status() == 0);
    CHECK(r.out.find("FAIL") == std::string::npos);
    for (const char* check : {"qemu binary", "qemu runs", "wine loader", "wine server", "shims",
                              "cpu model", "no Z: drive", "crash handling", "wine starts"})
        CHECK(r.out.find(std::string("ok    ") + check + ":") != std::string::npos);
}

TEST_CASE("a target from a wine tree and a qemu file: add, use, break, diagnose, remove",
          "[target]") {
    const json base = trixie();
    const fs::path root = base["path"].get<std::string>();
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::map<std::string, std::string> env = {{"WOA_HOME", home.path().string()}};

    const auto add =
        woa_cli({"target", "add", "parts", "--wine", "dir:" + (root / "sysroot").string(), "--qemu",
                 "path:" + (root / "qemu-aarch64").string(), "--cpu", "cortex-a72", "--json"},
                env);
    INFO(add.err);
    REQUIRE(add.status() == 0);
    CHECK(add.err.find("[4/5] template prefix") != std::string::npos);
    const json t = json::parse(add.out);
    CHECK(t["wine"]["source"] == "dir:" + (root / "sysroot").string());
    CHECK(t["wine"]["version"] == base["wine"]["version"]);
    CHECK(t["qemu"]["sha256"] == base["qemu"]["sha256"]);
    CHECK(t["cpu"] == "cortex-a72");

    const auto again =
        woa_cli({"target", "add", "parts", "--wine", "dir:" + (root / "sysroot").string(), "--qemu",
                 "path:" + (root / "qemu-aarch64").string(), "--cpu", "cortex-a72"},
                env);
    CHECK(again.status() == 0);
    CHECK(again.err.find("already provisioned") != std::string::npos);

    const auto run = woa_cli({"exec", "--target", "parts", "--json", "--no-warm", "--",
                              std::string(WOA_PROBES) + "/hello.exe"},
                             env);
    REQUIRE(run.status() == 0);
    CHECK(json::parse(run.out)["target"]["cpu"] == "cortex-a72");
    CHECK(read_file(json::parse(run.out)["logs"]["stdout"].get<std::string>())
              .find("wProcessorArchitecture: 12 (ARM64)") != std::string::npos);

    CHECK(woa_cli({"target", "doctor", "parts"}, env).status() == 0);
    fs::remove(home.path() / "targets/parts/sysroot/usr/lib/wine/wine64-preloader");
    const auto sick = woa_cli({"target", "doctor", "parts"}, env);
    CHECK(sick.status() == 1);
    CHECK(sick.out.find("FAIL  shims: shims missing or changed: usr/lib/wine/wine64-preloader") !=
          std::string::npos);
    CHECK(sick.err == "woa: error: target 'parts' is not healthy (see the FAIL lines)\n");

    CHECK(woa_cli({"target", "remove", "parts"}, env).status() == 0);
    CHECK_FALSE(fs::exists(home.path() / "targets/parts"));
    CHECK(json::parse(woa_cli({"target", "list", "--json"}, env).out).empty());
    // The original tree is untouched: the copy was hard links, the shims new files.
    CHECK(woa_cli({"target", "doctor", "trixie"}).status() == 0);
}
