// woa fetch: bring the corpus's programs into the verified, content-addressed cache.
#include "cli/command.h"
#include "core/error.h"
#include "core/paths.h"
#include "fetcher/fetch.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace {

struct Options {
    std::string corpus;
    std::vector<std::string> ids;
    bool offline = false;
};

int run(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    std::vector<const Entry*> chosen;
    if (o.ids.empty())
        for (const auto& e : corpus.entries())
            chosen.push_back(&e);
    for (const auto& id : o.ids)
        chosen.push_back(&corpus.get(id));

    CurlHttpClient http;
    const BlobStore blobs(woa_home() / "blobs");
    FetchSettings settings;
    settings.registry = npm_registry();
    settings.offline = o.offline;
    int failed = 0;
    for (const Entry* entry : chosen) {
        for (const auto& outcome : fetch_entry(http, blobs, *entry, settings)) {
            std::cout << outcome.what << ": " << outcome.state;
            if (outcome.state == "failed") std::cout << ": " << outcome.detail;
            std::cout << std::endl;
            if (outcome.state == "failed") failed++;
        }
    }
    if (failed) throw Error(std::to_string(failed) + " downloads failed (see above)");
    return exit_code::ok;
}

} // namespace

Command fetch_command() {
    return {"fetch", "Download the corpus's programs into the verified cache",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("ids", o->ids, "Entries to fetch (default: all)");
                app.add_option("--corpus", o->corpus, "Corpus folder (default: the bundled one)");
                app.add_flag("--offline", o->offline, "Use the cache only; fail what is not there");
                return [o] { return run(*o); };
            }};
}

} // namespace woa::cli
