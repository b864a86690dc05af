// woa diff: a run against an earlier run or another target, as a table, JSON, JUnit or Markdown.
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "differ/compare.h"
#include "differ/reference.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::string db, against = "reference", junit, references;
    std::int64_t run = 0;
    double min_ratio = 1.25;
    bool json = false, markdown = false;
};

std::vector<ResultRecord> of_target(std::vector<ResultRecord> results, const std::string& target,
                                    bool keep) {
    results.erase(
        std::remove_if(results.begin(), results.end(),
                       [&](const ResultRecord& r) { return (r.target == target) != keep; }),
        results.end());
    return results;
}

int diff(const Options& o) {
    const ResultsDb db(o.db.empty() ? default_results_db() : fs::path(o.db));
    std::int64_t run = o.run;
    if (!run) {
        const auto runs = db.list_runs();
        if (runs.empty()) throw Error(db.file().string() + " holds no runs yet: woa run first");
        run = runs.back().id;
    }
    if (!db.get_run(run))
        throw UsageError("no run " + std::to_string(run) + " in " + db.file().string());
    const auto results = db.results(run);

    std::vector<Verdict> verdicts;
    std::string baseline_name;
    if (o.against.rfind("run:", 0) == 0) {
        std::int64_t other = 0;
        try {
            other = std::stoll(o.against.substr(4));
        } catch (const std::exception&) {
            throw UsageError("--against " + o.against + ": expected run:ID");
        }
        if (!db.get_run(other))
            throw UsageError("--against " + o.against + ": no such run in " + db.file().string());
        verdicts = compare(results, db.results(other), false, {o.min_ratio});
        baseline_name = "run " + std::to_string(other);
    } else if (o.against.rfind("target:", 0) == 0) {
        const std::string target = o.against.substr(7);
        const auto baseline = of_target(results, target, true);
        if (baseline.empty())
            throw UsageError("--against " + o.against + ": run " + std::to_string(run) +
                             " has no results on " + target);
        verdicts = compare(of_target(results, target, false), baseline, true, {o.min_ratio});
        baseline_name = "target " + target;
    } else if (o.against == "reference") {
        const fs::path dir =
            o.references.empty() ? default_references_dir() : fs::path(o.references);
        verdicts = compare_with_references(results, ReferenceSet::load(dir));
        baseline_name = "the reference results in " + dir.string();
    } else {
        throw UsageError("--against " + o.against + ": expected run:ID or target:NAME");
    }

    const std::string title = "run " + std::to_string(run) + " against " + baseline_name;
    if (!o.junit.empty()) write_file_atomically(o.junit, to_junit(verdicts, "woa diff: " + title));
    if (o.json) {
        json doc = {{"run", run}, {"against", o.against}, {"summary", verdict_summary(verdicts)}};
        doc["verdicts"] = json::array();
        for (const auto& v : verdicts)
            doc["verdicts"].push_back({{"test", v.test},
                                       {"target", v.target},
                                       {"baseline_target", v.baseline_target},
                                       {"verdict", v.verdict},
                                       {"outcome", v.outcome},
                                       {"baseline_outcome", v.baseline_outcome},
                                       {"detail", v.detail},
                                       {"ratio", v.ratio},
                                       {"slower", v.slower}});
        std::cout << doc.dump(2) << "\n";
    } else if (o.markdown) {
        std::cout << "### woa diff: " << title << "\n\n" << to_markdown(verdicts) << "\n";
        for (const auto& line : verdict_summary(verdicts))
            std::cout << "- " << line << "\n";
    } else {
        std::cout << title << "\n";
        for (const auto& v : verdicts) {
            char ratio[32] = "";
            if (v.ratio > 0) std::snprintf(ratio, sizeof ratio, "%5.2fx", v.ratio);
            std::cout << "  " << v.verdict << (v.slower ? "+slower" : "") << "\t" << ratio << "\t"
                      << v.test << (v.target.empty() ? "" : " on " + v.target);
            if (!v.detail.empty()) std::cout << ": " << v.detail;
            std::cout << "\n";
        }
        for (const auto& line : verdict_summary(verdicts))
            std::cout << "  " << line << "\n";
    }
    for (const auto& v : verdicts)
        if (v.verdict == "regression") return exit_code::regressions;
    return exit_code::ok;
}

} // namespace

Command diff_command() {
    return {
        "diff", "Compare a run with an earlier run or another target: regressions, fixes, ...",
        [](CLI::App& app, Context&) -> Action {
            auto o = std::make_shared<Options>();
            app.add_option("--run", o->run, "The run to judge (default: the latest)");
            app.add_option(
                   "--against", o->against,
                   "reference, run:ID (an earlier run) or target:NAME (another target of the run)")
                ->capture_default_str();
            app.add_option("--db", o->db, "Results database");
            app.add_option("--references", o->references,
                           "Reference results folder (default: the bundled one)");
            app.add_flag("--json", o->json, "JSON output");
            app.add_flag("--markdown", o->markdown, "A Markdown table (for a pull request)");
            app.add_option("--junit", o->junit, "Also write JUnit XML here (for CI)");
            app.add_option("--min-ratio", o->min_ratio,
                           "Slower than this, beyond the repeats' spread: a timing regression")
                ->capture_default_str()
                ->check(CLI::Range(1.0, 100.0));
            app.footer("Exit status 3 when a test that passed in the baseline does not now.");
            return [o] { return diff(*o); };
        }};
}

} // namespace woa::cli
