// woa corpus validate|list|show
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "fetcher/fetch.h"
#include "fetcher/json_schema.h"
#include "fetcher/manifest.h"
#include "fetcher/pin.h"
#include "winetest/suite.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string corpus, id;
    bool json = false;
    std::string suite = "trixie", version, out;
    std::vector<std::string> default_units;
};

// The index of wine's tests of the suite's current (or the given) wine source package, written
// to --out; the default units are kept from a file already there unless --default names them.
int wine_tests(const Options& o, ProcessRunner& processes) {
    CurlHttpClient http;
    FetchSettings settings = FetchSettings::from_environment();
    settings.processes = &processes;
    const Cache cache(woa_home());
    Entry entry;
    entry.id = "wine-tests";
    entry.source = winetest::pin_source(http, settings, o.suite, "wine", o.version);
    const auto fetched = fetch_entry(http, cache, entry, settings);
    if (fetched.front().state == "failed") throw Error(fetched.front().detail);
    const fs::path out = o.out.empty() ? chosen_corpus(o.corpus) / "wine-tests" /
                                             (entry.source.version + ".json")
                                       : fs::path(o.out);
    std::vector<std::string> defaults = o.default_units;
    if (defaults.empty() && fs::exists(out))
        defaults = read_json_file(out, 8u << 20).value("default_units", std::vector<std::string>{});
    const auto units = winetest::find_test_units(cache.tree(entry.source));
    write_file_atomically(out, winetest::index_document(entry.source, units, defaults, 120).dump(2) + "\n");
    std::size_t files = 0;
    for (const auto& u : units)
        files += u.tests.size();
    std::cout << out.string() << ": wine " << entry.source.version << ", " << units.size()
              << " units, " << files << " test files\n";
    return exit_code::ok;
}

int validate(const Options& o) {
    const Corpus corpus = Corpus::load(chosen_corpus(o.corpus));
    for (const auto& p : corpus.problems())
        std::cerr << "woa: error: " << p.text() << "\n";
    if (!corpus.problems().empty())
        throw Error(std::to_string(corpus.problems().size()) + " problems in " +
                    corpus.dir().string());
    std::size_t tests = 0;
    for (const auto& e : corpus.entries())
        tests += e.tests.size();
    std::cout << "corpus " << corpus.dir().string() << ": "
              << counted(corpus.entries().size(), "entry", "entries") << ", "
              << counted(tests, "test") << ", all valid\n";
    return exit_code::ok;
}

nlohmann::json summary(const Entry& e) {
    nlohmann::json tests = nlohmann::json::array();
    for (const auto& t : e.tests)
        tests.push_back(e.id + "/" + t.name);
    return {{"id", e.id},
            {"title", e.title},
            {"source", e.source.text()},
            {"kind", e.source.kind},
            {"toolchain", e.toolchain},
            {"tags", e.tags},
            {"licence", e.licence},
            {"tests", tests},
            {"host_baseline", e.host_baseline ? nlohmann::json(e.host_baseline->source.text())
                                              : nlohmann::json(nullptr)}};
}

int list(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    if (o.json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const auto& e : corpus.entries())
            doc.push_back(summary(e));
        std::cout << doc.dump(2) << "\n";
        return exit_code::ok;
    }
    TextTable table({"entry", "toolchain", "tests", "source"});
    for (const auto& e : corpus.entries())
        table.add({e.id, e.toolchain, counted(e.tests.size(), "test"), e.source.text()});
    std::cout << table.str();
    return exit_code::ok;
}

// Where the entry's program is on this machine, or what to do to have it there.
std::string where_fetched(const Corpus& corpus, const Entry& e) {
    if (e.source.kind == "probe") {
        const fs::path exe =
            probe_program(corpus.dir(), shipped_path("probes"), e.source.name + ".exe");
        return fs::exists(exe) ? exe.string() + " (a probe)"
                               : "no: " + exe.string() + " is not built (build the project)";
    }
    const fs::path tree = Cache(woa_home()).tree(e.source);
    return fs::is_directory(tree) ? tree.string() : "no (woa fetch " + e.id + ")";
}

int show(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const Entry& e = corpus.get(o.id);
    if (o.json) {
        std::cout << e.document.dump(2) << "\n";
        return exit_code::ok;
    }
    std::cout << e.id << ": " << e.title << "\n"
              << "  upstream:   " << e.project << " (" << e.licence << ")\n"
              << "  source:     " << e.source.text() << "\n"
              << "  toolchain:  " << e.toolchain << "\n"
              << "  file:       " << e.file.string() << "\n";
    if (e.host_baseline) std::cout << "  baseline:   " << e.host_baseline->source.text() << "\n";
    std::cout << "  fetched:    " << where_fetched(corpus, e) << "\n";
    for (const auto& t : e.tests) {
        std::cout << "  test " << e.id << "/" << t.name << ": " << t.executable;
        for (const auto& a : t.args)
            std::cout << " " << a;
        std::cout << "\n";
    }
    return exit_code::ok;
}

int pin(const Options& o) {
    const std::filesystem::path dir = chosen_corpus(o.corpus);
    const std::filesystem::path file = dir / "entries" / (o.id + ".json");
    if (!std::filesystem::exists(file))
        throw Error("no manifest " + file.string() + " (a new entry starts as that file)");
    CurlHttpClient http;
    FetchSettings settings = FetchSettings::from_environment();
    const auto changes = pin_manifest(file, http, settings);
    for (const auto& c : changes)
        std::cout << o.id << ": " << c.where << ": " << (c.before.empty() ? "(none)" : c.before)
                  << " -> " << c.after << "\n";
    if (changes.empty()) std::cout << o.id << ": already pinned to what the sources serve\n";
    // The pins are right now; is the rest of the manifest?
    const Corpus corpus = Corpus::load(dir);
    int problems = 0;
    for (const auto& p : corpus.problems())
        if (p.file == file) {
            std::cerr << "woa: error: " << p.text() << "\n";
            problems++;
        }
    if (problems)
        throw Error(file.string() + ": pinned, but " + std::to_string(problems) +
                    " problems remain (above)");
    return exit_code::ok;
}

} // namespace

Command corpus_command() {
    return {"corpus", "Validate, list and show the corpus of arm64 Windows programs",
            [](CLI::App& app, Context& context) -> Action {
                auto o = std::make_shared<Options>();
                app.require_subcommand(1);
                app.add_option("--corpus", o->corpus,
                               "Corpus folder (default: $WOA_CORPUS, else the bundled one)");
                CLI::App* validate_cmd = app.add_subcommand(
                    "validate", "Check every manifest against the schema and the files it names");
                CLI::App* list_cmd = app.add_subcommand("list", "List the entries");
                list_cmd->add_flag("--json", o->json, "JSON output");
                CLI::App* show_cmd = app.add_subcommand("show", "Show one entry and its tests");
                show_cmd->add_option("id", o->id, "Entry id")->required();
                show_cmd->add_flag("--json", o->json, "The manifest as JSON");
                CLI::App* pin_cmd = app.add_subcommand(
                    "pin", "Write the integrity the registry or archive gives for an entry's "
                           "source and host baseline");
                pin_cmd->add_option("id", o->id, "Entry id (entries/ID.json)")->required();
                CLI::App* wine_cmd = app.add_subcommand(
                    "wine-tests", "Pin a Debian wine source package and index its conformance "
                                  "tests into wine-tests/VERSION.json");
                wine_cmd->add_option("--suite", o->suite, "Debian suite")->capture_default_str();
                wine_cmd->add_option("--version", o->version,
                                     "Source version (default: the suite's current one)");
                wine_cmd->add_option("--default", o->default_units,
                                     "Units run without a filter (default: kept from --out)");
                wine_cmd->add_option("--out", o->out,
                                     "Index file (default: the corpus's wine-tests/VERSION.json)");
                return [=, &context]() -> int {
                    if (wine_cmd->parsed()) return wine_tests(*o, context.runner);
                    if (validate_cmd->parsed()) return validate(*o);
                    if (list_cmd->parsed()) return list(*o);
                    if (show_cmd->parsed()) return show(*o);
                    if (pin_cmd->parsed()) return pin(*o);
                    return exit_code::usage;
                };
            }};
}

} // namespace woa::cli
