// woa fetch against the real npm registry, into a scratch cache.
#include "core/fs.h"
#include "core/paths.h"
#include "fetcher/fetch.h"
#include "fetcher/integrity.h"
#include "runner/results_db.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace woa;
using nlohmann::json;
using woa::test::woa_cli;
namespace fs = std::filesystem;

TEST_CASE("esbuild comes from the npm registry, verified, and is cached the second time",
          "[fetch]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::map<std::string, std::string> env = {{"WOA_HOME", home.path().string()}};
    const auto offline = woa_cli({"fetch", "--offline", "esbuild"}, env);
    CHECK(offline.status() == 1);
    CHECK(offline.out.find("esbuild: failed: not cached, and --offline") != std::string::npos);

    const auto first = woa_cli({"fetch", "esbuild"}, env);
    INFO(first.out << first.err);
    REQUIRE(first.status() == 0);
    CHECK(first.out == "esbuild: fetched\nesbuild (host baseline): fetched\n");
    const auto second = woa_cli({"fetch", "--offline", "esbuild"}, env);
    CHECK(second.status() == 0);
    CHECK(second.out == "esbuild: cached\nesbuild (host baseline): cached\n");
    std::size_t blobs = 0;
    for (const auto& f : fs::recursive_directory_iterator(home.path() / "blobs/sha512"))
        blobs += f.is_regular_file();
    CHECK(blobs == 2);
    // Both unpacked, and the Windows one really is the arm64 PE the manifest names.
    std::size_t trees = 0, exes = 0;
    for (const auto& t : fs::directory_iterator(home.path() / "trees/sha512")) {
        if (!t.is_directory()) continue; // each tree's record of its files, beside it
        trees++;
        exes += fs::is_regular_file(t.path() / "package/esbuild.exe");
    }
    CHECK(trees == 2);
    CHECK(exes == 1);
    CHECK(first.out.find("warning") == std::string::npos);
}

TEST_CASE("a Debian package: pinned by woa corpus pin, fetched from the archive, unpacked",
          "[fetch]") {
    // bookworm is a stable release: hello 2.10-3 stays in its index. The package is no Windows
    // program, so fetch says so; what is tested is the deb source from pin to tree.
    ScratchDir dir(fs::temp_directory_path(), "woa-deb-");
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus / "schema");
    fs::create_directories(corpus / "entries");
    fs::copy_file(fs::path(WOA_SOURCE_DIR) / "corpus/schema/entry.schema.json",
                  corpus / "schema/entry.schema.json");
    write_file_atomically(corpus / "entries/hello-deb.json", R"({
  "id": "hello-deb", "title": "GNU hello from Debian",
  "upstream": {"project": "https://www.gnu.org/software/hello/", "licence": "GPL-3.0-or-later"},
  "source": {"kind": "deb", "suite": "bookworm", "arch": "arm64", "package": "hello",
             "version": "2.10-3"},
  "executables": ["usr/bin/hello"], "toolchain": "c",
  "tests": [{"name": "greets", "args": []}]
}
)");
    const std::map<std::string, std::string> env = {{"WOA_HOME", (dir.path() / "home").string()}};
    const auto pin = woa_cli({"corpus", "--corpus", corpus.string(), "pin", "hello-deb"}, env);
    INFO(pin.out << pin.err);
    REQUIRE(pin.status() == 0);
    CHECK(pin.out == "hello-deb: /source/sha256: (none) -> "
                     "f7b20d304db0f3a18da28eb2000de2b0205eaa340c1d0fecec3b7c50acc932dc\n");
    const auto fetch = woa_cli({"fetch", "--corpus", corpus.string()}, env);
    INFO(fetch.out << fetch.err);
    CHECK(fetch.status() == 0);
    CHECK_THAT(fetch.out, Catch::StartsWith("hello-deb: fetched\n  warning: ") &&
                              Catch::Contains("not a PE file"));
    CHECK(fs::is_regular_file(dir.path() / "home/trees/sha256" /
                              "f7b20d304db0f3a18da28eb2000de2b0205eaa340c1d0fecec3b7c50acc932dc" /
                              "usr/bin/hello"));
}

// A cached blob and an unpacked tree damaged after fetching.
TEST_CASE("damaged after fetching: woa run refuses the tree, woa fetch --verify repairs both",
          "[fetch][faults][fetched]") {
    // A scratch cache; the trixie target is the default home's, linked in.
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    fs::create_directories(home.path() / "targets");
    fs::create_directory_symlink(woa_home() / "targets/trixie", home.path() / "targets/trixie");
    const std::map<std::string, std::string> env = {{"WOA_HOME", home.path().string()}};
    const auto fetched = woa_cli({"fetch", "biome"}, env);
    INFO(fetched.out << fetched.err);
    REQUIRE(fetched.status() == 0);
    const fs::path db = home.path() / "results.db";
    auto lint = [&](std::int64_t run, int status) {
        const auto r = woa_cli({"run", "--filter", "biome/lint", "--no-host-baseline", "--db",
                                db.string()},
                               env);
        INFO(r.out << r.err);
        CHECK(r.status() == status); // 1: a harness-error is an error of the run
        const auto results = ResultsDb::open_read_only(db).results(run);
        REQUIRE(results.size() == 1);
        return results[0];
    };
    const json source = json::parse(read_file(fs::path(WOA_SOURCE_DIR) /
                                              "corpus/entries/biome.json"))["source"];
    const Integrity integrity = Integrity::parse(source["integrity"].get<std::string>(), "biome");
    const Cache cache(home.path());
    const fs::path blob = cache.blobs.path(integrity);
    const fs::path tree = cache.trees / integrity.algorithm / integrity.hex;
    REQUIRE(fs::is_regular_file(tree / "package/biome.exe"));
    REQUIRE(fs::is_regular_file(blob));

    // The executable cut short: the run does not start it.
    fs::resize_file(tree / "package/biome.exe", fs::file_size(tree / "package/biome.exe") / 2);
    const ResultRecord refused = lint(1, 1);
    CHECK(refused.outcome == "harness-error");
    CHECK_THAT(refused.detail, Catch::Contains("biome's unpacked tree fails verification") &&
                                   Catch::Contains("package/biome.exe") &&
                                   Catch::Contains("woa fetch --verify biome"));

    // The blob damaged too, its size kept: only hashing finds it.
    {
        std::fstream damage(blob, std::ios::in | std::ios::out | std::ios::binary);
        damage.seekg(100);
        const char byte = static_cast<char>(damage.get());
        damage.seekp(100);
        damage.put(static_cast<char>(byte ^ 0x5a));
    }
    const auto verified = woa_cli({"fetch", "--verify", "biome"}, env);
    INFO(verified.out << verified.err);
    CHECK(verified.status() == 0);
    CHECK(verified.out.find("biome: repaired") != std::string::npos);
    CHECK(verified.out.find("the cached blob") != std::string::npos);
    CHECK(verified.out.find("failed verification (package/biome.exe") != std::string::npos);
    CHECK(file_digest(blob, integrity.algorithm) == integrity.hex);
    CHECK(lint(2, 0).outcome == "ok");
    const auto again = woa_cli({"fetch", "--verify", "biome"}, env);
    CHECK(again.out == "biome: cached\nbiome (host baseline): cached\n");
}
