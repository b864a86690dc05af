// The woa executable's command line: help, versions, errors and exit statuses.
#include "core/fs.h"
#include "core/process.h"
#include "runner/target.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <regex>

using namespace woa;
namespace fs = std::filesystem;

namespace {

test::CliRun woa_cli(const std::vector<std::string>& args, const fs::path& home) {
    return test::woa_cli(args, {{"WOA_HOME", home.string()}});
}

} // namespace

TEST_CASE("version and help", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto v = woa_cli({"--version"}, home.path());
    CHECK(v.status() == 0);
    CHECK(v.out.rfind("woa 0.", 0) == 0);
    auto h = woa_cli({"help"}, home.path());
    CHECK(h.status() == 0);
    CHECK(h.out.find("target") != std::string::npos);
    CHECK(h.out.find("exec") != std::string::npos);
    auto he = woa_cli({"help", "exec"}, home.path());
    CHECK(he.out.find("--timeout") != std::string::npos);
    CHECK(he.out.find("(default: 64 MiB, as woa run; 0: no limit)") != std::string::npos);
    auto th = woa_cli({"target", "--help"}, home.path());
    CHECK(th.status() == 0);
    CHECK(th.out.find("doctor") != std::string::npos);
}

TEST_CASE("usage errors say what is wrong and exit 2", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto typo = woa_cli({"exce"}, home.path());
    CHECK(typo.status() == 2);
    CHECK(typo.err == "woa: error: unknown command 'exce' (did you mean 'exec'?)\n");
    auto none = woa_cli({"exec"}, home.path());
    CHECK(none.status() == 2);
    CHECK(none.err.rfind("woa: error: exec: no program given", 0) == 0);
    auto env = woa_cli({"exec", "--env", "NOEQUALS", "x.exe"}, home.path());
    CHECK(env.status() == 2);
    CHECK(env.err == "woa: error: --env NOEQUALS: expected NAME=VALUE\n");
    auto bad_name = woa_cli({"target", "add", "../x"}, home.path());
    CHECK(bad_name.status() == 2);
    auto no_source = woa_cli({"target", "add", "mine"}, home.path());
    CHECK(no_source.status() == 2);
    CHECK(no_source.err.find("give --wine SRC and --qemu SRC") != std::string::npos);
}

TEST_CASE("global flags may come before the command, and the program keeps its own", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const std::string not_provisioned =
        "woa: error: target 'bookworm' is not provisioned (run: woa target add bookworm)\n";
    for (const std::string flag : {"-q", "--quiet", "-v", "--verbose"}) {
        INFO(flag);
        // --version and -q after the program are the program's: exec gets as far as the target.
        auto exec = woa_cli(
            {flag, "exec", "--target", "bookworm", "--", "x.exe", "--version", "-q"}, home.path());
        CHECK(exec.status() == 1);
        CHECK(exec.err == not_provisioned);
        auto typo = woa_cli({flag, "exce"}, home.path());
        CHECK(typo.status() == 2);
        CHECK(typo.err == "woa: error: unknown command 'exce' (did you mean 'exec'?)\n");
    }
}

TEST_CASE("missing and broken targets are errors that name the file", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto list = woa_cli({"target", "list", "--json"}, home.path());
    CHECK(list.status() == 0);
    CHECK(list.out == "[]\n");
    auto show = woa_cli({"target", "show", "sid"}, home.path());
    CHECK(show.status() == 1);
    CHECK(show.err == "woa: error: target 'sid' is not provisioned (run: woa target add sid)\n");
    fs::create_directories(home.path() / "targets/sid");
    write_file_atomically(home.path() / "targets/sid/target.json", "{\"schema\": 1, \"name\": 3}");
    auto broken = woa_cli({"target", "show", "sid"}, home.path());
    CHECK(broken.status() == 1);
    CHECK(broken.err == "woa: error: " + (home.path() / "targets/sid/target.json").string() +
                            ": field 'name' must be a string\n");
    auto doctor = woa_cli({"target", "doctor", "sid"}, home.path());
    CHECK(doctor.status() == 1);
    CHECK(doctor.out.find("FAIL  identity") != std::string::npos);
    auto exec = woa_cli({"exec", "--target", "bookworm", "--", "x.exe"}, home.path());
    CHECK(exec.status() == 1);
    CHECK(exec.err ==
          "woa: error: target 'bookworm' is not provisioned (run: woa target add bookworm)\n");
}

TEST_CASE("woa corpus validate, list and show", "[cli]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    auto ok = woa_cli({"corpus", "validate"}, home.path());
    CHECK(ok.status() == 0);
    CHECK(ok.out.find("all valid") != std::string::npos);
    auto list = woa_cli({"corpus", "list", "--json"}, home.path());
    CHECK(list.status() == 0);
    CHECK(list.out.find("\"id\": \"esbuild\"") != std::string::npos);
    auto missing = woa_cli({"corpus", "show", "nosuch"}, home.path());
    CHECK(missing.status() == 1);
    CHECK(missing.err.rfind("woa: error: no corpus entry 'nosuch'", 0) == 0);

    // A broken corpus: every problem is reported, and the status says it failed.
    ScratchDir corpus(fs::temp_directory_path(), "woa-corpus-");
    fs::create_directories(corpus.path() / "entries");
    fs::copy(fs::path(WOA_SOURCE_DIR) / "corpus/schema", corpus.path() / "schema");
    write_file_atomically(corpus.path() / "entries/a.json", "{\"id\": \"a\"}");
    write_file_atomically(corpus.path() / "entries/b.json", "not json");
    auto bad = woa_cli({"corpus", "--corpus", corpus.path().string(), "validate"}, home.path());
    CHECK(bad.status() == 1);
    CHECK(bad.err.find("woa: error: " + (corpus.path() / "entries/a.json").string() +
                       ": /: lacks the required field 'title'") != std::string::npos);
    CHECK(bad.err.find("entries/b.json: not valid JSON") != std::string::npos);
    auto list_bad = woa_cli({"corpus", "--corpus", corpus.path().string(), "list"}, home.path());
    CHECK(list_bad.status() == 1);
    CHECK(list_bad.err.find("more problems: woa corpus validate") != std::string::npos);
}

// catch_discover_tests splits ctest properties on ';': a test named with one becomes a ctest
// entry that matches no test case and "passes" without running anything.
TEST_CASE("every test name survives ctest's list splitting", "[cli]") {
    const std::regex test_case(R"re(TEST_CASE\(\s*"([^"]*)")re");
    for (const char* folder : {"tests/unit", "tests/integration"})
        for (const auto& file : fs::directory_iterator(fs::path(WOA_SOURCE_DIR) / folder)) {
            if (file.path().extension() != ".cpp") continue;
            const std::string text = read_file(file.path(), 4u << 20);
            for (std::sregex_iterator it(text.begin(), text.end(), test_case), end; it != end;
                 ++it) {
                INFO(file.path().string());
                CHECK((*it)[1].str().find(';') == std::string::npos);
            }
        }
}
