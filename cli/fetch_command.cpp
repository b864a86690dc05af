// woa fetch: bring the corpus's programs into the verified, content-addressed cache.
#include "cli/command.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/paths.h"
#include "fetcher/fetch.h"
#include "winetest/suite.h"

#include <fnmatch.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace woa::cli {

namespace {

struct Options {
    std::string corpus;
    std::vector<std::string> ids;
    bool offline = false;
    bool verify = false;
    int jobs = 4;
};

// The entries named by `ids` (exact ids, or globs such as 'wine-*'); without ids, every entry
// that is not on request.
std::vector<const Entry*> chosen_entries(const Corpus& corpus, const std::vector<std::string>& ids) {
    std::vector<const Entry*> chosen;
    if (ids.empty())
        for (const auto& e : corpus.entries())
            if (!e.on_request) chosen.push_back(&e);
    for (const auto& id : ids) {
        if (id.find_first_of("*?[") == std::string::npos) {
            chosen.push_back(&corpus.get(id));
            continue;
        }
        const std::size_t before = chosen.size();
        for (const auto& e : corpus.entries())
            if (::fnmatch(id.c_str(), e.id.c_str(), 0) == 0) chosen.push_back(&e);
        if (chosen.size() == before) throw UsageError("no corpus entry matches '" + id + "'");
    }
    return chosen;
}

int run(const Options& o, ProcessRunner& processes) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const std::vector<const Entry*> chosen = chosen_entries(corpus, o.ids);

    const Cache cache(woa_home());
    FetchSettings settings = FetchSettings::from_environment();
    settings.offline = o.offline;
    settings.verify = o.verify;
    settings.processes = &processes;
    winetest::Toolchains toolchains(processes, woa_home());

    // Entries are fetched by a few workers, each with its own libcurl handle; lines are printed
    // as entries finish, counted when a person is watching.
    const bool terminal = ::isatty(STDOUT_FILENO);
    std::mutex print;
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<int> failed{0}, warned{0};
    auto worker = [&] {
        CurlHttpClient http;
        for (std::size_t i = next++; i < chosen.size() && !interrupted(); i = next++) {
            const Entry& entry = *chosen[i];
            const auto outcomes =
                entry.source.kind == "wine-test"
                    ? winetest::fetch_unit(http, cache, entry, settings, toolchains,
                                           winetest_builds())
                    : fetch_entry(http, cache, entry, settings);
            std::lock_guard<std::mutex> lock(print);
            const std::size_t finished = ++done;
            for (const auto& outcome : outcomes) {
                failed += outcome.state == "failed";
                warned += !outcome.warnings.empty();
                // --quiet: only what went wrong.
                if (verbosity() == Verbosity::quiet && outcome.state != "failed" &&
                    outcome.warnings.empty())
                    continue;
                if (terminal) std::cout << "[" << finished << "/" << chosen.size() << "] ";
                std::cout << outcome.what << ": " << outcome.state;
                if (outcome.state == "failed") std::cout << ": " << outcome.detail;
                std::cout << "\n";
                for (const auto& warning : outcome.warnings)
                    std::cout << "  warning: " << warning << "\n";
            }
            std::cout.flush();
        }
    };
    std::vector<std::thread> workers;
    const int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(chosen.size())));
    for (int i = 0; i < jobs; i++)
        workers.emplace_back(worker);
    for (auto& w : workers)
        w.join();
    if (interrupted()) return exit_code::interrupted;
    if (failed) throw Error(std::to_string(failed) + " of the sources failed (see above)");
    return exit_code::ok;
}

} // namespace

Command fetch_command() {
    return {"fetch", "Download the corpus's programs into the verified cache",
            [](CLI::App& app, Context& context) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("ids", o->ids,
                               "Entries to fetch, or globs such as 'wine-*' (default: all but "
                               "the entries on request)");
                app.add_option("--corpus", o->corpus, "Corpus folder (default: the bundled one)");
                app.add_flag("--offline", o->offline, "Use the cache only; fail what is not there");
                app.add_flag("--verify", o->verify,
                             "Hash every cached blob and every unpacked file again; download or "
                             "unpack again what is damaged");
                app.add_option("-j,--jobs", o->jobs, "Downloads at once")
                    ->capture_default_str()
                    ->check(CLI::Range(1, 32));
                return [o, &context] { return run(*o, context.runner); };
            }};
}

} // namespace woa::cli
