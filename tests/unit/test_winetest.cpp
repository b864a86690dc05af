// Wine's conformance tests: reading a source tree's test units, planning their build, the
// corpus index, and the Debian Sources index they are pinned by. No compiler runs here; the
// real build and run are integration tests (tests/integration/test_winetest.cpp).
#include "core/error.h"
#include "core/fs.h"
#include "fetcher/debian.h"
#include "fetcher/manifest.h"
#include "winetest/build.h"
#include "winetest/suite.h"
#include "winetest/units.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace woa;
using namespace woa::winetest;
namespace fs = std::filesystem;

namespace {

// A tiny wine source tree: one dll unit with a resource, a helper DLL and an IDL file.
struct FakeTree {
    ScratchDir dir{fs::temp_directory_path(), "woa-winesrc-"};
    fs::path root() const { return dir.path(); }
    void write(const fs::path& name, const std::string& text) {
        fs::create_directories((root() / name).parent_path());
        write_file_atomically(root() / name, text);
    }
    FakeTree() {
        write("include/wine/test.h", "/* harness */\n");
        write("dlls/demo/tests/Makefile.in", "TESTDLL   = demo.dll\n"
                                             "IMPORTS   = user32 \\\n\tadvapi32 # comment\n"
                                             "EXTRADEFS = -DDEMO=1\n\n"
                                             "SOURCES = \\\n\talpha.c \\\n\tbeta.c \\\n"
                                             "\thelper.c \\\n\thelper.spec \\\n\tres.rc \\\n"
                                             "\tiface.idl \\\n\tgenerated.c\n"
                                             "some-rule: dep\n\tcommand = not a variable\n");
        for (const char* f : {"alpha.c", "beta.c", "helper.c", "helper.spec", "res.rc"})
            write(fs::path("dlls/demo/tests") / f, "/* */\n");
        write("dlls/demo/tests/iface.idl", "#pragma makedep ident server\nimport \"unknwn.idl\";\n");
        write("programs/tool/tests/Makefile.in", "TESTDLL = tool.exe\nSOURCES = run.c\n");
        write("programs/tool/tests/run.c", "/* */\n");
    }
};

Toolchain fake_toolchain(const std::string& arch) {
    return {arch, "clang", "/res", "/sdk", "/tools", "clang 14 + sdk"};
}

bool has_arg(const BuildStep& step, const std::string& arg) {
    return std::find(step.argv.begin(), step.argv.end(), arg) != step.argv.end();
}

} // namespace

TEST_CASE("Makefile.in: variables with continuations, rules and comments ignored", "[winetest]") {
    const auto vars = parse_makefile_in("A = one \\\n two\n# B = no\nC=x#y\nD := e\nrule: x\n", "M");
    CHECK(vars.at("A") == std::vector<std::string>{"one", "two"});
    CHECK(vars.at("C") == std::vector<std::string>{"x"});
    CHECK_FALSE(vars.count("B"));
    CHECK_FALSE(vars.count("D"));
    CHECK_THROWS_AS(parse_makefile_in(std::string("A = \0", 5), "M"), InputError);
}

TEST_CASE("a test unit: its tests are its .c files that are not helper DLLs", "[winetest]") {
    FakeTree tree;
    const TestUnit unit = read_test_unit(tree.root(), "dlls/demo/tests");
    CHECK(unit.name == "demo");
    CHECK(unit.program() == "demo_test.exe");
    CHECK(unit.entry_id() == "wine-demo");
    CHECK(unit.imports == std::vector<std::string>{"user32", "advapi32"});
    CHECK(unit.extradefs == std::vector<std::string>{"-DDEMO=1"});
    CHECK(unit.tests == std::vector<std::string>{"alpha", "beta"});
    CHECK(unit.missing == std::vector<std::string>{"generated.c"});

    const auto units = find_test_units(tree.root());
    REQUIRE(units.size() == 2);
    CHECK(units[1].program() == "tool.exe_test.exe"); // as wine names it
    CHECK(units[1].entry_id() == "wine-tool.exe");
}

TEST_CASE("a unit's Makefile.in cannot reach outside the unit", "[winetest]") {
    FakeTree tree;
    tree.write("dlls/bad/tests/Makefile.in", "TESTDLL = bad.dll\nSOURCES = ../../../etc/passwd\n");
    CHECK_THROWS_WITH(read_test_unit(tree.root(), "dlls/bad/tests"), Catch::Contains("outside"));
    tree.write("dlls/bad/tests/Makefile.in", "TESTDLL = ../x.dll\nSOURCES = a.c\n");
    CHECK_THROWS_WITH(read_test_unit(tree.root(), "dlls/bad/tests"), Catch::Contains("TESTDLL"));
    tree.write("dlls/bad/tests/Makefile.in", "SOURCES = a.c\n");
    CHECK_THROWS_AS(read_test_unit(tree.root(), "dlls/bad/tests"), InputError);
}

// Found by tests/fuzz (makefile_in): a name longer than the file system allows escaped as a
// std::filesystem error instead of a source that is not there.
TEST_CASE("a SOURCES name too long for the file system is a missing source", "[winetest]") {
    FakeTree tree;
    const std::string long_name = std::string(300, 'x') + ".c";
    tree.write("dlls/long/tests/Makefile.in",
               "TESTDLL = long.dll\nSOURCES = a.c " + long_name + "\n");
    tree.write("dlls/long/tests/a.c", "/* */\n");
    const TestUnit unit = read_test_unit(tree.root(), "dlls/long/tests");
    CHECK(unit.tests == std::vector<std::string>{"a"});
    CHECK(unit.missing == std::vector<std::string>{long_name});
}

TEST_CASE("the build plan: IDL first, helper DLL as a resource, tests with msvcrt", "[winetest]") {
    FakeTree tree;
    const TestUnit unit = read_test_unit(tree.root(), "dlls/demo/tests");
    const auto steps = plan_unit(tree.root(), unit, fake_toolchain("aarch64"), "/out");
    std::vector<std::string> outputs;
    for (const auto& s : steps)
        outputs.push_back(s.output.filename().string());
    CHECK(outputs == std::vector<std::string>{"iface.h", "iface_i.c", "iface_i.o", "iface_s.c",
                                              "iface_s.o", "helper.o", "helper.def", "helper.dll",
                                              "helper_dll.res", "res.res", "alpha.o", "beta.o"});
    const BuildStep& alpha = steps[10];
    CHECK(alpha.kind == BuildStep::Kind::test_object);
    CHECK(alpha.test == "alpha");
    CHECK(has_arg(alpha, "--target=aarch64-windows-gnu"));
    CHECK(has_arg(alpha, "-D_MSVCR_VER=0")); // tests use msvcrt unless they import a CRT
    CHECK(has_arg(alpha, "-D__WINESRC__"));
    CHECK(has_arg(alpha, "-DDEMO=1"));
    // The helper DLL's object goes into the DLL, not the program; its resource does.
    CHECK_FALSE(steps[5].into_program);
    CHECK(steps[8].into_program);
    CHECK(steps[8].write_text == "helper.dll TESTDLL \"helper.dll\"\n");
    CHECK(has_arg(steps[9], "--target=aarch64-windows"));

    // x86-64: the stack probe clang calls comes first (wine's ntdll has only __chkstk).
    const auto link = link_steps(unit, fake_toolchain("x86_64"), "/out", {"/out/alpha.o"});
    REQUIRE(link.size() == 2);
    CHECK(link[0].write_text.find("___chkstk_ms:") != std::string::npos);
    CHECK(has_arg(link[1], "/out/woa_chkstk.o"));
    CHECK(has_arg(link[1], "--target=x86_64-windows-gnu"));
    CHECK(has_arg(link[1], "-L/sdk/usr/lib/x86_64-linux-gnu/wine/x86_64-windows"));
    for (const char* lib : {"-lwinecrt0", "-luser32", "-ladvapi32", "-lmsvcrt", "-lkernel32"})
        CHECK(has_arg(link[1], lib));
    CHECK(link_steps(unit, fake_toolchain("aarch64"), "/out", {}).size() == 1);
}

TEST_CASE("a unit importing ucrtbase builds against ucrt", "[winetest]") {
    FakeTree tree;
    tree.write("dlls/ucrtbase/tests/Makefile.in", "TESTDLL = ucrtbase.dll\nIMPORTS = ucrtbase\n"
                                                  "SOURCES = misc.c\n");
    tree.write("dlls/ucrtbase/tests/misc.c", "/* */\n");
    const TestUnit unit = read_test_unit(tree.root(), "dlls/ucrtbase/tests");
    const auto steps = plan_unit(tree.root(), unit, fake_toolchain("aarch64"), "/out");
    CHECK(has_arg(steps.at(0), "-D_UCRT"));
    const auto link = link_steps(unit, fake_toolchain("aarch64"), "/out", {});
    CHECK(has_arg(link[0], "-lucrtbase"));
    CHECK_FALSE(has_arg(link[0], "-lmsvcrt"));
}

TEST_CASE("testlist.c lists the tests that compiled, as makedep writes it", "[winetest]") {
    const std::string text = testlist_source({"path", "file"});
    CHECK(text.find("#include <windows.h>") < text.find("#include \"wine/test.h\""));
    CHECK(text.find("extern void func_path(void);") != std::string::npos);
    CHECK(text.find("{ \"file\", func_file },") != std::string::npos);
    CHECK(text.find("{ 0, 0 }") != std::string::npos);
}

TEST_CASE("a build's first error is the line that says so", "[winetest]") {
    CHECK(first_error("In file included from a.h:1:\nb.c:3:5: error: unknown type 'X'\nmore\n") ==
          "b.c:3:5: error: unknown type 'X'");
    CHECK(first_error("\nsomething odd\n") == "something odd");
    CHECK(first_error("") == "");
}

TEST_CASE("a unit build record reads back, and refuses a program outside its folder",
          "[winetest]") {
    UnitBuild b{"demo", "aarch64", "built", "", {"alpha"}, {{"beta", "beta.c: error: x"}}, "/x/demo_test.exe", 1.5};
    const auto back = unit_build_from_json(to_json(b), "/cache/demo/build.json");
    CHECK(back.tests == b.tests);
    CHECK(back.not_built == b.not_built);
    CHECK(back.program == "/cache/demo/demo_test.exe");
    auto doc = to_json(b);
    doc["program"] = "../../elsewhere.exe";
    CHECK_THROWS_AS(unit_build_from_json(doc, "/cache/demo/build.json"), InputError);
    CHECK_THROWS_AS(unit_build_from_json(nlohmann::json::object(), "/b.json"), InputError);
}

TEST_CASE("the corpus index becomes one entry per unit, on request unless default",
          "[winetest][manifest]") {
    FakeTree tree;
    EntrySource source;
    source.kind = "wine-test";
    source.suite = "trixie";
    source.package = "wine";
    source.version = "10.0~repack-6";
    source.files = {{"wine_10.0~repack-6.dsc", std::string(64, 'a')},
                    {"wine_10.0~repack.orig.tar.xz", std::string(64, 'b')}};
    const auto units = find_test_units(tree.root());
    ScratchDir corpus(fs::temp_directory_path(), "woa-corpus-");
    fs::create_directories(corpus.path() / "entries");
    fs::create_directories(corpus.path() / "wine-tests");
    write_file_atomically(corpus.path() / "wine-tests/10.0~repack-6.json",
                          index_document(source, units, {"demo"}, 120).dump(2));
    const Corpus c = Corpus::load_valid(corpus.path());
    REQUIRE(c.entries().size() == 2);
    const Entry& demo = c.get("wine-demo");
    CHECK(demo.source.kind == "wine-test");
    CHECK(demo.source.dsc() == "wine_10.0~repack-6.dsc");
    CHECK(demo.source.dir == "dlls/demo/tests");
    CHECK_FALSE(demo.on_request);
    CHECK(c.get("wine-tool.exe").on_request);
    REQUIRE(demo.tests.size() == 2);
    CHECK(demo.tests[0].args == std::vector<std::string>{"alpha"});
    CHECK(demo.tests[0].output == "wine-test");
    CHECK(demo.tests[0].timeout_s == 120);
    // Without a filter, entries on request are not chosen; a glob or an id chooses them.
    const Entry& tool = c.get("wine-tool.exe");
    CHECK(test_chosen({}, demo, demo.tests[0]));
    CHECK_FALSE(test_chosen({}, tool, tool.tests[0]));
    CHECK(test_chosen({"wine-*"}, tool, tool.tests[0]));
}

TEST_CASE("a Sources stanza: its pool folder and files, each checked", "[debian]") {
    DebianIndexReader reader("wine", "10.0~repack-6");
    const std::string sha(64, 'c');
    reader.feed("Package: wine\nVersion: 9.0\nDirectory: pool/old\n\n"
                "Package: wine\nVersion: 10.0~repack-6\nDirectory: pool/main/w/wine\n"
                "Checksums-Sha256:\n " + sha + " 3860 wine_10.0~repack-6.dsc\n " + sha +
                " 100 wine_10.0~repack.orig.tar.xz\nHomepage: x\n");
    const auto fields = reader.finish();
    REQUIRE(fields);
    const DebianSource s = debian_source_from_fields(*fields);
    CHECK(s.directory == "pool/main/w/wine");
    CHECK(s.files.size() == 2);
    CHECK(s.files.at("wine_10.0~repack-6.dsc") == sha);

    auto refused = [&](const std::string& directory, const std::string& line) {
        return debian_source_from_fields({{"Package", "wine"}, {"Version", "1"},
                                          {"Directory", directory},
                                          {"Checksums-Sha256", line}});
    };
    CHECK_THROWS_AS(refused("../../etc", sha + " 1 a.dsc"), Error);
    CHECK_THROWS_AS(refused("/abs", sha + " 1 a.dsc"), Error);
    CHECK_THROWS_AS(refused("pool/w", sha + " 1 ../a.dsc"), Error);
    CHECK_THROWS_AS(refused("pool/w", sha + " 1 sub/a.dsc"), Error);
    CHECK_THROWS_AS(refused("pool/w", "short 1 a.dsc"), Error);
    CHECK_THROWS_AS(refused("pool/w", sha + " 1 a.dsc extra"), Error);
    CHECK_THROWS_AS(refused("pool/w", ""), Error);

    DebianIndexReader any("wine", "");
    any.feed("Package: other\nVersion: 1\n\nPackage: wine\nVersion: 2\n");
    CHECK(any.finish()->at("Version") == "2");
    DebianIndexReader huge("wine", "");
    CHECK_THROWS_AS(huge.feed(std::string(2u << 20, 'x')), Error);
}
