// Conventions every command keeps (the README's exit status table, --json on listings, the
// global --quiet/--verbose, the completion script) and a project's own corpus folder outside
// the repository, checked on the built woa.
#include "core/exit_codes.h"
#include "core/fs.h"
#include "core/regex.h"
#include "tests/support/own_corpus.h"
#include "tests/support/woa_cli.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace woa;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

test::CliRun woa_cli(const std::vector<std::string>& args, const fs::path& home) {
    return test::woa_cli(args, {{"WOA_HOME", home.string()}});
}

// "  name  summary" lines of a CLI11 help's Subcommands: section.
std::vector<std::string> subcommands(const std::string& help) {
    std::vector<std::string> out;
    const auto at = help.find("\nSubcommands:\n");
    if (at == std::string::npos) return out;
    static const Regex line("\n  ([a-z][a-z-]*)");
    for (const auto& found : line.find_all(std::string_view(help).substr(at)))
        out.push_back(found.groups[1]);
    return out;
}

} // namespace

TEST_CASE("every exit code of core/exit_codes.h is in the README's one table, and only those",
          "[conventions]") {
    const std::string header = read_file(fs::path(WOA_SOURCE_DIR) / "core/exit_codes.h", 1u << 20);
    std::map<int, std::string> codes;
    for (const auto& found : Regex(R"(constexpr int ([a-z_]+) = ([0-9]+);)").find_all(header))
        codes[std::stoi(found.groups[2])] = found.groups[1];
    REQUIRE(codes.size() >= 9);
    CHECK(codes.at(exit_code::regressions) == "regressions");

    // The table: the rows after the "## Exit status" heading, up to the next heading.
    const std::string readme = read_file(fs::path(WOA_SOURCE_DIR) / "README.md", 1u << 20);
    const auto start = readme.find("\n## Exit status");
    REQUIRE(start != std::string::npos);
    const auto stop = readme.find("\n## ", start + 1);
    const std::string section = readme.substr(start, stop - start);
    CHECK(readme.find("\n## Exit status", start + 1) == std::string::npos); // one table
    std::map<int, std::string> rows;
    for (const auto& found : Regex(R"(\n\| ([0-9]+) \| `([a-z_]+)` \|)").find_all(section))
        rows[std::stoi(found.groups[1])] = found.groups[2];
    CHECK(rows == codes);
}

TEST_CASE("every list and show subcommand has --json", "[conventions]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const auto top = woa_cli({"--help"}, home.path());
    REQUIRE(top.status() == 0);
    int listings = 0;
    for (const auto& command : subcommands(top.out)) {
        if (command == "help") continue;
        const auto help = woa_cli({command, "--help"}, home.path());
        REQUIRE(help.status() == 0);
        for (const auto& sub : subcommands(help.out)) {
            if (sub != "list" && sub != "show") continue;
            const auto sub_help = woa_cli({command, sub, "--help"}, home.path());
            INFO("woa " << command << " " << sub);
            CHECK(sub_help.out.find("--json") != std::string::npos);
            listings++;
        }
    }
    CHECK(listings >= 6); // target, corpus and runs: list and show
}

TEST_CASE("integration tests that run fetched corpus entries require the fetch fixture, which "
          "fetches exactly those",
          "[conventions]") {
    const fs::path source = WOA_SOURCE_DIR;
    std::set<std::string> fetched_entries; // not probes: built here, never fetched
    for (const auto& f : fs::directory_iterator(source / "corpus/entries"))
        if (f.path().stem().string().rfind("probe-", 0) != 0)
            fetched_entries.insert(f.path().stem().string());
    REQUIRE(fetched_entries.count("git-cliff") == 1);
    // Entries reached through the repository's corpus: `woa run --filter ID...`, `woa inspect ID`.
    const Regex test_case(R"re(TEST_CASE\(\s*"[^"]*"\s*,\s*"([^"]*)")re");
    const Regex used(R"re("(?:--filter|inspect)",\s*"([a-z0-9][a-z0-9-]*))re");
    std::set<std::string> needed;
    for (const auto& f : fs::directory_iterator(source / "tests/integration")) {
        const std::string text = read_file(f.path(), 1u << 20);
        std::vector<std::pair<std::size_t, std::string>> cases; // offset, tags
        for (const auto& found : test_case.find_all(text))
            cases.emplace_back(found.at, found.groups[1]);
        for (const auto& found : used.find_all(text)) {
            const std::string id = found.groups[1];
            if (!fetched_entries.count(id)) continue;
            std::string tags;
            for (const auto& [offset, case_tags] : cases)
                if (offset < found.at) tags = case_tags;
            // [winetest] cases fetch (and build) what they run themselves: that is their test.
            if (tags.find("[winetest]") != std::string::npos) continue;
            needed.insert(id);
            INFO(f.path().filename().string() << " runs " << id);
            CHECK(tags.find("[fetched]") != std::string::npos);
        }
    }
    // An entry that another entry's program runs (an npm package for node) needs that one too.
    for (const std::string& id : std::set<std::string>(needed)) {
        const auto manifest =
            nlohmann::json::parse(read_file(source / "corpus/entries" / (id + ".json"), 1u << 20));
        if (manifest.contains("runtime")) needed.insert(manifest["runtime"].value("entry", ""));
    }
    const std::string cmake = read_file(source / "tests/CMakeLists.txt", 1u << 20);
    Regex::Groups fetch;
    REQUIRE(Regex(R"(COMMAND woa fetch ([a-z0-9 -]+)\))").search(cmake, &fetch));
    std::set<std::string> fixture;
    std::istringstream ids(fetch[1]);
    for (std::string id; ids >> id;)
        fixture.insert(id);
    CHECK(fixture == needed);
}

TEST_CASE("CI workflows pass what a user typed to scripts through env:, never into the script",
          "[conventions]") {
    // ${{ inputs.x }} inside `run:` is pasted into the script before the shell reads it: a
    // value holding $(...) would run. Only an `env:` mapping may name such a context.
    const Regex user_context(R"(\$\{\{\s*(inputs\.|github\.event\.|github\.head_ref))");
    const Regex env_mapping(R"(\s*[A-Za-z_][A-Za-z0-9_]*:\s*\$\{\{[^}]*\}\}\s*)");
    int files = 0;
    for (const auto& folder : {".github/workflows", "docs/ci"})
        for (const auto& f : fs::directory_iterator(fs::path(WOA_SOURCE_DIR) / folder)) {
            if (f.path().extension() != ".yml") continue;
            files++;
            std::istringstream lines(read_file(f.path(), 1u << 20));
            for (std::string line; std::getline(lines, line);) {
                INFO(f.path().filename().string() << ": " << line);
                if (user_context.search(line)) CHECK(env_mapping.full_match(line));
            }
        }
    CHECK(files >= 3);
}

TEST_CASE("the global --quiet leaves only errors and the requested output, and excludes --verbose",
          "[conventions]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const auto normal = woa_cli({"target", "list"}, home.path());
    CHECK(normal.status() == 0);
    CHECK(normal.err.find("no targets yet") != std::string::npos);
    for (const auto& args : std::vector<std::vector<std::string>>{{"--quiet", "target", "list"},
                                                                  {"target", "list", "-q"}}) {
        const auto quiet = woa_cli(args, home.path());
        CHECK(quiet.status() == 0);
        CHECK(quiet.err.empty());
    }
    const auto json_out = woa_cli({"-q", "target", "list", "--json"}, home.path());
    CHECK(json::parse(json_out.out) == json::array());
    const auto error = woa_cli({"--quiet", "target", "show", "nosuch"}, home.path());
    CHECK(error.status() == exit_code::error);
    CHECK(error.err.rfind("woa: error: ", 0) == 0);
    const auto both = woa_cli({"--quiet", "--verbose", "target", "list"}, home.path());
    CHECK(both.status() == exit_code::usage);
}

TEST_CASE("woa completion bash completes commands, subcommands and options", "[conventions]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    const auto script = woa_cli({"completion", "bash"}, home.path());
    REQUIRE(script.status() == 0);
    CHECK(script.out.find("[\"woa target add\"]=\"") != std::string::npos);
    // Listed with the other commands, where a user looks for it.
    CHECK(woa_cli({"help"}, home.path()).out.find("completion") != std::string::npos);
    write_file_atomically(home.path() / "woa.bash", script.out);
    // Completes as bash would: the words typed so far, the cursor on the last one.
    auto complete = [&](const std::string& words) {
        const std::string program = "source '" + (home.path() / "woa.bash").string() +
                                    "'; COMP_WORDS=(" + words +
                                    "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _woa; "
                                    "printf '%s\\n' \"${COMPREPLY[@]}\"";
        SystemProcessRunner runner{WOA_CONTAIN};
        ProcessSpec p;
        p.argv = {"bash", "-c", program};
        p.stdout_path = home.path() / "out";
        p.stderr_path = home.path() / "err";
        REQUIRE(runner.run(p).exit_status == 0);
        return read_file(p.stdout_path, 1u << 20);
    };
    CHECK(complete("woa ta") == "target\n");
    CHECK(complete("woa target a") == "add\n");
    CHECK(complete("woa target add --wi") == "--wine\n");
    CHECK(complete("woa run --sh") == "--shard\n");
    CHECK(complete("woa runs show 3 --js") == "--json\n");
}

TEST_CASE("a project's own corpus folder outside the repository: no schema of its own, its own "
          "prebuilt probe, inputs and known issues",
          "[conventions][corpus]") {
    ScratchDir home(fs::temp_directory_path(), "woa-home-");
    ScratchDir project(fs::temp_directory_path(), "woa-own-corpus-");
    const fs::path corpus = project.path() / "woa";
    test::make_own_corpus(corpus);
    write_file_atomically(corpus / "known-issues.json", json{{"issues", json::array()}}.dump());

    const auto validate = woa_cli({"corpus", "--corpus", corpus.string(), "validate"}, home.path());
    CHECK(validate.status() == 0);
    CHECK(validate.err.empty());
    const auto list =
        woa_cli({"corpus", "list", "--corpus", corpus.string(), "--json"}, home.path());
    REQUIRE(list.status() == 0);
    const json entries = json::parse(list.out);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].dump().find("mytool") != std::string::npos);
    const auto fetch = woa_cli({"fetch", "--corpus", corpus.string()}, home.path());
    CHECK(fetch.status() == 0);
    CHECK(fetch.out == "mytool: local\n");
    const auto inspect = woa_cli({"inspect", "mytool", "--corpus", corpus.string()}, home.path());
    CHECK(inspect.status() == 0);
    CHECK(inspect.out.find((corpus / "probes/mytool.exe").string()) != std::string::npos);
    CHECK(inspect.out.find("ARM64") != std::string::npos);

    // What a schema or a missing file says is still said, with the file named.
    write_file_atomically(corpus / "entries/broken.json", R"({"id": "broken"})");
    const auto broken = woa_cli({"corpus", "--corpus", corpus.string(), "validate"}, home.path());
    CHECK(broken.status() == exit_code::error);
    CHECK(broken.err.find((corpus / "entries/broken.json").string() + ": ") != std::string::npos);
    fs::remove(corpus / "entries/broken.json");
    fs::remove(corpus / "probes/mytool.exe");
    const auto unbuilt = woa_cli({"corpus", "--corpus", corpus.string(), "validate"}, home.path());
    CHECK(unbuilt.status() == exit_code::error);
    CHECK(unbuilt.err.find("no probe probes/mytool.c or probes/mytool.exe") != std::string::npos);
}

TEST_CASE("regular expressions are RE2's: no source uses std::regex", "[conventions][regex]") {
    // libstdc++'s std::regex recurses per character: a long line of a program's output
    // overflowed the stack. core/regex.h (RE2) is the one way to match text.
    const fs::path source = WOA_SOURCE_DIR;
    const std::string header = std::string("#include <") + "regex>";
    int files = 0;
    for (const char* folder :
         {"core", "fetcher", "runner", "differ", "repro", "web", "winetest", "cli", "tests"}) {
        for (const auto& f : fs::recursive_directory_iterator(source / folder)) {
            const std::string ext = f.path().extension().string();
            if (ext != ".cpp" && ext != ".h" && ext != ".c") continue;
            files++;
            const std::string text = read_file(f.path(), 4u << 20);
            INFO(f.path().lexically_relative(source).string());
            CHECK(text.find(header) == std::string::npos);
        }
    }
    CHECK(files > 100);
}
