// The other presets, provisioned for real from Debian's archive: bookworm (wine 8.0 + qemu 7.2)
// and sid (the newest wine and qemu). What a program then does under them is a result, not
// woa's business; woa must provision them, record their identity and run programs on them.
#include "core/fs.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

namespace {

const std::string hello = std::string(WOA_PROBES) + "/hello.exe";

json show(const std::string& target) {
    const auto r = woa_cli({"target", "show", target, "--json"});
    REQUIRE(r.status() == 0);
    return json::parse(r.out);
}

json exec(const std::string& target, const std::vector<std::string>& command) {
    std::vector<std::string> args = {"exec", "--json", "--target", target, "--"};
    args.insert(args.end(), command.begin(), command.end());
    const auto r = woa_cli(args);
    INFO(r.err);
    return json::parse(r.out);
}

} // namespace

TEST_CASE("sid runs the probes like trixie, under its own wine and qemu", "[presets]") {
    const json sid = show("sid"), trixie = show("trixie");
    CHECK(sid["wine"]["version"].get<std::string>().rfind("wine-", 0) == 0);
    CHECK(sid["qemu"]["packages"]["qemu-user:amd64"].is_string());
    CHECK(sid["qemu"]["sha256"] != trixie["qemu"]["sha256"]);
    CHECK(woa_cli({"target", "doctor", "sid"}).status() == 0);

    const json r = exec("sid", {hello, "on sid"});
    CHECK(r["status"] == "ok");
    CHECK(r["target"]["name"] == "sid");
    CHECK(read_file(r["logs"]["stdout"].get<std::string>())
              .find("wProcessorArchitecture: 12 (ARM64)\r\n") != std::string::npos);
    const json crash = exec("sid", {std::string(WOA_PROBES) + "/control.exe", "crash"});
    CHECK(crash["status"] == "crash");
    CHECK(crash["exit_code_name"] == "STATUS_ACCESS_VIOLATION");
}

TEST_CASE("bookworm (wine 8.0) provisions and runs programs, whatever they then do", "[presets]") {
    const json bookworm = show("bookworm");
    CHECK(bookworm["wine"]["version"].get<std::string>().rfind("wine-8.0", 0) == 0);
    CHECK(bookworm["wine"]["packages"]["wine64:arm64"].get<std::string>().rfind("8.0", 0) == 0);
    CHECK(bookworm["qemu"]["packages"]["qemu-user-static:amd64"].is_string());
    CHECK(woa_cli({"target", "doctor", "bookworm"}).status() == 0);

    // The launcher (no C runtime) works under wine 8, so woa always learns the exit code, even
    // when the program itself fails there (wine 8's arm64 ucrtbase is an ELF builtin).
    const json r = exec("bookworm", {hello});
    CHECK(r["target"]["name"] == "bookworm");
    CHECK(r["exit_code"].is_number());
    const std::string status = r["status"];
    CHECK((status == "ok" || status == "exit-code" || status == "crash"));
}

TEST_CASE("woa run on three targets at once: each result carries its target's identity",
          "[presets]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-presets-run-");
    const std::string db = (dir.path() / "results.db").string();
    const auto run = woa_cli({"run", "--target", "trixie", "--target", "bookworm", "--target",
                              "sid", "--jobs", "2", "--filter", "probe-hello", "--filter",
                              "probe-control/exit-code", "--db", db});
    INFO(run.out << run.err);
    REQUIRE(run.status() == 0);
    const auto show = woa_cli({"runs", "show", "1", "--json", "--db", db});
    const json doc = json::parse(show.out);
    CHECK(doc["targets"].size() == 4); // and the host, whose native builds are baselines
    CHECK(doc["targets"]["host"]["kind"] == "host");
    CHECK(doc["targets"]["bookworm"]["wine"]["version"].get<std::string>().rfind("wine-8.0", 0) ==
          0);
    CHECK(doc["targets"]["sid"]["qemu"]["sha256"] != doc["targets"]["trixie"]["qemu"]["sha256"]);
    std::map<std::string, int> per_target;
    for (const auto& r : doc["results"])
        per_target[r["target"]]++;
    CHECK(per_target == std::map<std::string, int>{{"bookworm", 3}, {"sid", 3}, {"trixie", 3}});
    for (const auto& r : doc["results"])
        if (r["target"] != "bookworm") CHECK(r["outcome"] == "ok");
}

TEST_CASE("woa diff between wine 8 (bookworm) and wine 10 (trixie): fixes and regressions",
          "[presets]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-presets-diff-");
    const std::string db = (dir.path() / "results.db").string();
    REQUIRE(woa_cli({"run", "--target", "trixie", "--target", "bookworm", "--filter", "probe-*",
                     "--db", db})
                .status() == 0);
    const auto diff = woa_cli({"diff", "--db", db, "--against", "target:bookworm", "--json"});
    INFO(diff.err);
    const json doc = json::parse(diff.out);
    std::map<std::string, int> counts;
    for (const auto& v : doc["verdicts"]) {
        CHECK(v["target"] == "trixie");
        CHECK(v["baseline_target"] == "bookworm");
        counts[v["verdict"]]++;
    }
    // wine 8's arm64 ucrtbase cannot printf: the probes that print fail there and work on wine 10.
    CHECK(counts["fix"] > 5);
    CHECK(diff.status() == (counts["regression"] ? 3 : 0));
}

TEST_CASE("woa bisect across bookworm, trixie and sid finds where probe-time changed",
          "[presets]") {
    ScratchDir dir(fs::temp_directory_path(), "woa-presets-bisect-");
    const std::string db = (dir.path() / "results.db").string();
    const auto found = woa_cli({"bisect", "probe-time/conformance", "--targets",
                                "bookworm,trixie,sid", "--json", "--db", db});
    INFO(found.out << found.err);
    REQUIRE(found.status() == 0);
    const json doc = json::parse(found.out);
    // wine 8 crashes in it; wine 10 gets as far as the function it lacks.
    CHECK(doc["changed"] == true);
    CHECK(doc["first_different"] == "trixie");
    REQUIRE(doc["steps"].size() == 3); // bookworm, sid, then trixie between them
    CHECK(doc["steps"][0]["target"] == "bookworm");
    CHECK(doc["steps"][1]["target"] == "sid");
    CHECK(doc["steps"][2]["outcome"] == "unimplemented");
    // What it ran is in the history like any run.
    const json show = json::parse(woa_cli({"runs", "show", "1", "--json", "--db", db}).out);
    CHECK(show["results"].size() == 3);
    CHECK(
        woa_cli({"bisect", "probe-time/conformance", "--targets", "trixie", "--db", db}).status() ==
        2);
    CHECK(woa_cli({"bisect", "no/such-test", "--targets", "trixie,sid", "--db", db}).status() == 1);
}
