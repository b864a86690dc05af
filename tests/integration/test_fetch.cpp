// woa fetch against the real npm registry, into a scratch cache.
#include "core/fs.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>

using namespace woa;
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
        trees++;
        exes += fs::is_regular_file(t.path() / "package/esbuild.exe");
    }
    CHECK(trees == 2);
    CHECK(exes == 1);
    CHECK(first.out.find("warning") == std::string::npos);
}
