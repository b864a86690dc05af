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
