// woa publish --out DIR: the static compatibility website from the results store, the corpus,
// the reference results and the inspections of the programs in the cache.
#include "cli/command.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "differ/known_issues.h"
#include "differ/reference.h"
#include "fetcher/fetch.h"
#include "fetcher/inspect.h"
#include "repro/repro.h"
#include "runner/target.h"
#include "web/model.h"
#include "web/render.h"
#include "web/site.h"

#include <atomic>
#include <future>
#include <iostream>
#include <memory>
#include <set>

namespace woa::cli {

namespace fs = std::filesystem;

namespace {

struct Options {
    std::string out, db, base_url, corpus, references, bundles;
    int runs = 10;
};

// An entry's executables on this machine: built probes, or fetched programs in the cache.
std::vector<fs::path> binaries_of(const Entry& entry, const Cache& cache) {
    if (entry.source.kind == "probe") {
        const fs::path exe = executable_dir() / "probes" / (entry.source.name + ".exe");
        return fs::exists(exe) ? std::vector<fs::path>{exe} : std::vector<fs::path>{};
    }
    const fs::path tree = cache.tree(entry.source);
    if (!fs::is_directory(tree)) return {};
    std::vector<fs::path> out;
    for (const auto& name : entry.executables)
        if (fs::exists(tree / name)) out.push_back(tree / name);
    return out;
}

// The imports of an entry's executables and what each target's wine lacks of them. Only for
// programs already on this machine: publishing never fetches.
web::ProgramInspection inspect_entry(const Entry& entry, const Corpus& corpus, const Cache& cache,
                                     const std::map<std::string, fs::path>& dll_dirs) {
    web::ProgramInspection out;
    const auto files = binaries_of(entry, cache);
    if (files.empty()) {
        out.note = entry.source.kind == "probe" ? "the probe is not built here"
                                                : "not fetched on the publishing machine";
        return out;
    }
    std::vector<fs::path> extra_dirs;
    if (!entry.runtime.empty()) {
        const Entry& runtime = corpus.get(entry.runtime);
        const fs::path tree = cache.tree(runtime.source);
        if (!runtime.executables.empty())
            extra_dirs.push_back((tree / runtime.executables.front()).parent_path());
    }
    try {
        std::map<std::string, std::size_t> imports;
        for (const auto& file : files) {
            const Inspection inspection = inspect_pe(file);
            out.machines.push_back(inspection.machine);
            for (const auto& dll : inspection.imports)
                imports[dll.name + (dll.delay_loaded ? " (delay-loaded)" : "")] +=
                    dll.functions.size();
            // What an executable woa never runs (AMD64, ARM64EC: wrong-arch) would lack is no
            // gap of the targets' wine.
            if (!inspection.runs_as_arm64()) continue;
            for (const auto& [target, dir] : dll_dirs) {
                std::vector<fs::path> dirs{dir, file.parent_path()};
                dirs.insert(dirs.end(), extra_dirs.begin(), extra_dirs.end());
                auto missing = missing_functions(inspection, dirs);
                auto& all = out.missing[target];
                all.insert(all.end(), missing.begin(), missing.end());
            }
        }
        out.imports.assign(imports.begin(), imports.end());
        out.inspected = true;
    } catch (const Error& e) {
        out = {};
        out.note = std::string("the inspector could not read it: ") + e.what();
    }
    return out;
}

int publish(const Options& o) {
    if (o.runs < 1) throw UsageError("--runs must be at least 1");
    std::string base_url = o.base_url;
    while (!base_url.empty() && base_url.back() == '/')
        base_url.pop_back();
    if (!base_url.empty() && base_url.rfind("https://", 0) != 0 &&
        base_url.rfind("http://", 0) != 0)
        throw UsageError("--base-url " + o.base_url + ": expected an http:// or https:// URL");

    const fs::path db_file = o.db.empty() ? default_results_db() : fs::path(o.db);
    const ResultsDb db = ResultsDb::open_read_only(db_file);
    auto runs = db.list_runs();
    if (runs.empty()) throw InputError(db_file, "holds no runs yet: nothing to publish (woa run)");
    if (runs.size() > static_cast<std::size_t>(o.runs))
        runs.erase(runs.begin(), runs.end() - o.runs);

    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    web::SiteInput input;
    input.entries = corpus.entries();
    input.references = ReferenceSet::load(o.references.empty() ? default_references_dir()
                                                               : fs::path(o.references));
    input.known_issues = KnownIssues::load(corpus.dir() / "known-issues.json");
    input.generated = iso8601_utc(std::chrono::system_clock::now());
    input.base_url = base_url;
    std::set<std::string> targets;
    for (const auto& run : runs) {
        web::RunResults r{run, db.targets(run.id), db.results(run.id)};
        for (const auto& t : r.targets)
            targets.insert(t.name);
        input.runs.push_back(std::move(r));
    }

    // Reproducer bundles as `woa repro --tar` names them: repro-ENTRY-TEST-TARGET.tar.gz.
    if (!o.bundles.empty()) {
        if (!fs::is_directory(o.bundles))
            throw InputError(o.bundles, "no such folder (--bundles: where woa repro --tar wrote)");
        for (const auto& entry : input.entries)
            for (const auto& test : entry.tests)
                for (const auto& target : targets) {
                    const fs::path file = fs::path(o.bundles) /
                                          (bundle_name(entry.id, test.name, target) + ".tar.gz");
                    if (fs::is_regular_file(file))
                        input.bundles[entry.id + "/" + test.name + "@" + target] = file;
                }
    }

    // Inspections, against the published targets that are provisioned here; two at a time
    // (LIEF reads node.exe, 80 MB, in seconds).
    const TargetStore store(woa_home() / "targets");
    std::map<std::string, fs::path> dll_dirs;
    for (const auto& name : targets) {
        if (name == host_target || !store.find(name)) continue;
        const fs::path dir = store.layout(name).pe_dlls();
        if (fs::is_directory(dir)) dll_dirs[name] = dir;
    }
    const Cache cache(woa_home());
    const auto& entries = input.entries;
    std::vector<web::ProgramInspection> inspections(entries.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next++) < entries.size();)
            inspections[i] = inspect_entry(entries[i], corpus, cache, dll_dirs);
    };
    auto first = std::async(std::launch::async, work);
    auto second = std::async(std::launch::async, work);
    first.get();
    second.get();
    for (std::size_t i = 0; i < entries.size(); i++)
        input.inspections[entries[i].id] = std::move(inspections[i]);

    const web::Site site = web::build_site(input);
    const fs::path index = web::write_site(web::render_site(site), o.out);
    note() << "woa: published " << counted(site.tests.size(), "test") << " on "
           << counted(site.targets.size(), "target") << " from "
           << counted(input.runs.size(), "run") << "\n";
    std::cout << index.string() << "\n";
    return exit_code::ok;
}

} // namespace

Command publish_command() {
    return {"publish", "Build the static compatibility website from the results store",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("--out", o->out,
                               "Folder of the site (replaced when it is a site "
                               "woa made)")
                    ->required();
                app.add_option("--db", o->db, "Results database");
                app.add_option("--runs", o->runs, "Publish the last N runs")->capture_default_str();
                app.add_option("--base-url", o->base_url,
                               "Where the site will be served (canonical links, data URLs)");
                app.add_option("--corpus", o->corpus, "Corpus folder (default: the bundled one)");
                app.add_option("--references", o->references,
                               "Reference results folder (default: the bundled one)");
                app.add_option("--bundles", o->bundles,
                               "Folder of reproducer bundles (woa repro --tar): linked from their "
                               "tests' pages");
                app.footer("Prints the path of the site's index.html.");
                return [o] { return publish(*o); };
            }};
}

} // namespace woa::cli
