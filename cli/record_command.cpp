// woa record kit: the folder a Windows-on-Arm device records references from (woa-record.exe,
// plan.json and the programs and inputs the plan names). See reference-results/recorder/.
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "core/version.h"
#include "differ/record_kit.h"
#include "differ/reference.h"
#include "fetcher/json_schema.h"
#include "runner/run.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::string out, corpus, db;
    std::vector<std::string> filters;
    std::int64_t run = 0;
};

// Hard links where the file system allows (the kit is read, never written), copies elsewhere.
void place(const fs::path& from, const fs::path& to) {
    fs::create_directories(to.parent_path());
    std::error_code ec;
    const auto options = fs::copy_options::recursive | fs::copy_options::copy_symlinks;
    fs::copy(from, to, options | fs::copy_options::create_hard_links, ec);
    if (ec) fs::copy(from, to, options | fs::copy_options::overwrite_existing);
}

int make_kit(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const fs::path recorder = shipped_path("woa-record.exe");
    if (!fs::is_regular_file(recorder))
        throw Error(recorder.string() + " is not built (cmake --build build)");
    const fs::path out = fs::absolute(o.out);
    if (fs::exists(out)) throw InputError(o.out, "already exists (choose a new folder)");
    const RecordKit kit =
        plan_record_kit(corpus, Cache(woa_home()), shipped_path("probes"), o.filters, WOA_VERSION);
    if (kit.plan["tests"].empty())
        throw Error("no test to record" +
                    std::string(kit.skipped.empty() ? " matches the filters" : ": ") +
                    (kit.skipped.empty() ? "" : kit.skipped.front()));
    // Built aside and renamed: a kit that exists is complete.
    const fs::path partial = out.string() + ".partial";
    fs::remove_all(partial);
    try {
        fs::create_directories(partial);
        for (const auto& f : kit.files)
            place(f.from, partial / f.to);
        place(recorder, partial / "woa-record.exe");
        place(default_references_dir() / "schema" / "reference.schema.json",
              partial / "references" / "schema" / "reference.schema.json");
        write_file_atomically(partial / "plan.json", kit.plan.dump(2) + "\n");
        fs::rename(partial, out);
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove_all(partial, ec); // no half-made kit left behind
        throw Error("cannot make the kit " + out.string() + ": " + e.what());
    }

    std::cout << "kit " << out.string() << ": " << counted(kit.plan["tests"].size(), "test")
              << "\n";
    for (const auto& s : kit.skipped)
        std::cout << "  skipped " << s << "\n";
    std::cout
        << "On a Windows-on-Arm device: copy the folder there and run woa-record.exe in it;\n"
           "the references appear in references\\ (see reference-results/recorder/README.md).\n"
           "Check them here with: woa diff --references "
        << (out / "references").string() << "\n";
    return exit_code::ok;
}

// Cross-platform references from a run's host baselines, for the tests whose manifest says
// why their output is the same on every OS. Existing references of another origin are kept.
int from_host(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const ResultsDb db =
        ResultsDb::open_read_only(o.db.empty() ? default_results_db() : fs::path(o.db));
    const auto run = db.require_run(o.run);
    if (run.corpus_rev != corpus.revision())
        throw Error("run " + std::to_string(o.run) +
                    " used another corpus revision: its programs "
                    "may not be the ones the manifests name now (run the tests again)");
    json host;
    for (const auto& t : db.targets(o.run))
        if (t.name == host_target) host = t.identity;
    if (host.is_null())
        throw UsageError("run " + std::to_string(o.run) +
                         " ran no host baselines (woa run without "
                         "--no-host-baseline)");
    std::map<std::string, std::pair<const Entry*, const TestSpec*>> tests;
    for (const Entry& e : corpus.entries())
        for (const TestSpec& t : e.tests)
            tests[e.id + "/" + t.name] = {&e, &t};
    const fs::path out = o.out.empty() ? default_references_dir() : fs::path(o.out);
    if (!fs::exists(out / "schema" / "reference.schema.json"))
        place(default_references_dir() / "schema" / "reference.schema.json",
              out / "schema" / "reference.schema.json");
    const JsonSchema schema = load_schema(out / "schema" / "reference.schema.json");
    std::map<std::string, int> written;
    for (const auto& r : db.results(o.run)) {
        if (r.target != host_target) continue;
        const auto it = tests.find(r.test);
        if (it == tests.end()) continue;
        const auto [entry, test] = it->second;
        const std::string kind = host_reference_kind(*test);
        if (kind.empty()) continue;
        const fs::path file = out / entry->id / (test->name + ".json");
        if (fs::exists(file) && read_json_file(file)["origin"].value("kind", "") != kind) {
            std::cout << "  kept " << file.string() << " (not a " << kind << " reference)\n";
            continue;
        }
        if (const std::string why = unfit_for_reference(r, kind); !why.empty()) {
            std::cout << "  skipped " << r.test << ": " << why << "\n";
            continue;
        }
        const Entry* runtime = entry->runtime.empty() ? nullptr : &corpus.get(entry->runtime);
        const json doc = host_reference_for(r, *entry, runtime, *test, host, run);
        // Checked before it is written: a reference the differ refuses is worse than none.
        if (const auto v = schema.validate(doc); !v.empty())
            throw Error("internal: the reference made for " + r.test + " is invalid at " +
                        v[0].path + ": " + v[0].message);
        fs::create_directories(file.parent_path());
        write_file_atomically(file, doc.dump(2) + "\n");
        written[kind]++;
    }
    std::cout << counted(static_cast<std::size_t>(written["cross-platform"]),
                         "cross-platform reference")
              << " and "
              << counted(static_cast<std::size_t>(written["self-checking"]),
                         "self-checking reference")
              << " in " << out.string() << "\n";
    return exit_code::ok;
}

} // namespace

Command record_command() {
    return {
        "record", "Make the kit that records reference results on a Windows-on-Arm device",
        [](CLI::App& app, Context&) -> Action {
            auto o = std::make_shared<Options>();
            app.require_subcommand(1);
            auto* kit = app.add_subcommand(
                "kit", "A folder with woa-record.exe, plan.json and the fetched programs");
            kit->add_option("--out", o->out, "The kit folder to create")->required();
            kit->add_option("--filter", o->filters, "Only tests matching these globs");
            kit->add_option("--corpus", o->corpus, "Corpus folder");
            auto* host = app.add_subcommand(
                "from-host", "References from a run's host baselines: cross-platform (tests whose "
                             "manifest says cross_platform) and self-checking (self_checking)");
            host->add_option("--run", o->run, "The run")->required()->check(CLI::PositiveNumber);
            host->add_option("--db", o->db, "Results database");
            host->add_option("--out", o->out, "References folder (default: the bundled one)");
            host->add_option("--corpus", o->corpus, "Corpus folder");
            return [o, kit] { return kit->parsed() ? make_kit(*o) : from_host(*o); };
        }};
}

} // namespace woa::cli
