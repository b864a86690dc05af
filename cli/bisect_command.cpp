// woa bisect TEST --targets A,B,C: the first target (oldest to newest) where a test's outcome
// changes, running the test on as few targets as a binary search needs. Every run it makes is
// kept in the results store like any other.
#include "cli/command.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "core/version.h"
#include "differ/bisect.h"
#include "runner/run.h"

#include <iostream>
#include <memory>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::string test, db, corpus;
    std::vector<std::string> targets;
    int repeat = 0;
    bool json = false;
};

int bisect_command_run(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    corpus.find_test(o.test); // throws for a test the corpus does not have
    if (o.targets.size() < 2)
        throw UsageError("bisect: --targets needs at least two targets, oldest first");

    ResultsDb db(o.db.empty() ? default_results_db() : fs::path(o.db));
    RunRecord record;
    record.started = iso8601_utc(std::chrono::system_clock::now());
    record.host = host_name();
    record.woa_version = WOA_VERSION;
    record.corpus_rev = corpus.revision();
    record.args = {{"bisect", o.test}, {"targets", o.targets}, {"repeat", o.repeat}};
    const std::int64_t run_id = db.begin_run(record, target_records(o.targets, false));

    RunSettings settings;
    settings.jobs = 1;
    settings.repeat = o.repeat;
    use_this_machine(settings);
    settings.target_arch = target_architectures(o.targets);
    const Cache cache(woa_home());
    SystemProcessRunner processes;
    Runner runner(processes, db, corpus, cache, settings);
    std::map<std::string, ResultRecord> seen;
    auto observe = [&](std::size_t i) {
        const std::string& target = o.targets[i];
        if (!o.json) note() << "woa: running " << o.test << " on " << target << "\n";
        runner.run(run_id, plan_jobs(corpus, {target}, {o.test}));
        for (const auto& r : db.results(run_id))
            if (r.target == target && r.test == o.test) seen[target] = r;
        if (!seen.count(target)) throw Error("bisect: no result for " + o.test + " on " + target);
        return seen[target].outcome;
    };
    BisectResult result;
    try {
        result = bisect(o.targets.size(), observe);
    } catch (...) {
        db.finish_run(run_id, "interrupted");
        throw;
    }
    db.finish_run(run_id, "complete");

    const auto wine = wine_versions(db.targets(run_id));
    const std::string& first = o.targets.front();
    if (o.json) {
        json steps = json::array();
        for (const auto& s : result.steps)
            steps.push_back({{"target", o.targets[s.index]},
                             {"outcome", s.outcome},
                             {"detail", seen[o.targets[s.index]].detail}});
        std::cout << json{{"run", run_id},
                          {"test", o.test},
                          {"changed", result.changed},
                          {"first_different",
                           result.changed ? json(o.targets[result.first]) : json(nullptr)},
                          {"steps", steps}}
                         .dump(2)
                  << "\n";
        return exit_code::ok;
    }
    std::cout << "bisect " << o.test << " (run " << run_id << "):\n";
    // The targets in the order given (oldest first), not in the order the search ran them.
    auto steps = result.steps;
    std::stable_sort(steps.begin(), steps.end(),
                     [](const auto& a, const auto& b) { return a.index < b.index; });
    TextTable table({"target", "wine", "outcome", "detail"}, "  ");
    for (const auto& s : steps) {
        const std::string& target = o.targets[s.index];
        table.add(
            {target, wine.count(target) ? wine.at(target) : "", s.outcome, seen[target].detail});
    }
    std::cout << table.str();
    if (!result.changed) {
        std::cout << o.test << ": the same outcome (" << result.steps[0].outcome << ") on " << first
                  << " and " << o.targets.back() << "\n";
    } else {
        const std::string& changed = o.targets[result.first];
        std::cout << o.test << ": " << changed << " ("
                  << (wine.count(changed) ? wine.at(changed) : "")
                  << ") is the first target whose outcome differs from " << first << "'s ("
                  << seen[first].outcome << " -> " << seen[changed].outcome << ")\n";
    }
    return exit_code::ok;
}

} // namespace

Command bisect_command() {
    return {"bisect", "Find the first target (oldest to newest) where a test's outcome changes",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("test", o->test, "The test, entry/test")->required();
                app.add_option("--targets", o->targets, "Targets, oldest first: A,B,C")
                    ->delimiter(',')
                    ->required();
                app.add_option("--repeat", o->repeat, "Repeats per target (default: the test's)");
                app.add_option("--db", o->db, "Results database");
                app.add_option("--corpus", o->corpus, "Corpus folder");
                app.add_flag("--json", o->json, "JSON output");
                app.footer("Each target it runs the test on is kept in the results store as one "
                           "run (woa runs show).");
                return [o] { return bisect_command_run(*o); };
            }};
}

} // namespace woa::cli
