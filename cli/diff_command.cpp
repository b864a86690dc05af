// woa diff: a run against an earlier run or another target, as a table, JSON, JUnit or Markdown.
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/text_table.h"
#include "differ/compare.h"
#include "differ/control.h"
#include "differ/known_issues.h"
#include "differ/reference.h"
#include "runner/run.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::string db, against = "reference", junit, references, corpus;
    std::int64_t run = 0;
    double min_ratio = 1.25;
    bool json = false, markdown = false, verbose = false;
};

std::vector<ResultRecord> of_target(std::vector<ResultRecord> results, const std::string& target,
                                    bool keep) {
    results.erase(
        std::remove_if(results.begin(), results.end(),
                       [&](const ResultRecord& r) { return (r.target == target) != keep; }),
        results.end());
    return results;
}

// Failing line -> the id of the known issue that explains it (some lines of a file may be).
json known_lines_json(const Verdict& v) {
    json out = json::object();
    for (const auto& [line, k] : v.known_lines)
        out[line] = k.id;
    return out;
}

json verdict_json(const Verdict& v) {
    json known = json::array();
    for (const auto& k : v.known)
        known.push_back({{"id", k.id}, {"title", k.title}, {"link", k.link}});
    json doc = {{"test", v.test},
            {"target", v.target},
            {"baseline_target", v.baseline_target},
            {"verdict", v.verdict},
            {"outcome", v.outcome},
            {"baseline_outcome", v.baseline_outcome},
            {"detail", v.detail},
            {"ratio", v.ratio},
            {"slower", v.slower},
            {"normalisation", v.normalisation},
            {"output_diff", v.output_diff},
            {"new_failures", v.new_failures},
            {"fixed_failures", v.fixed_failures},
            {"known_issues", known},
            {"known_lines", known_lines_json(v)}};
    if (!v.control.empty()) {
        doc["control"] = v.control;
        doc["arm64_only_failures"] = v.arm64_only_failures;
    }
    return doc;
}

void print_table(const std::string& title, const std::vector<Verdict>& verdicts, bool verbose) {
    std::cout << title << "\n";
    TextTable table({"verdict", "time", "test", "target", "detail"}, "  ");
    for (const auto& v : verdicts) {
        char ratio[32] = "";
        if (v.ratio > 0) std::snprintf(ratio, sizeof ratio, "%.2fx", v.ratio);
        std::string detail = v.control.empty() ? "" : "[" + v.control + "]";
        if (!v.detail.empty()) detail += (detail.empty() ? "" : " ") + v.detail;
        if (is_failure(v)) {
            if (v.known.empty())
                detail += (detail.empty() ? "" : " ") +
                          (v.known_lines.empty() ? std::string("[new]")
                                                 : "[new; " + counted(v.known_lines.size(), "failing line") +
                                                       " known]");
            for (const auto& k : v.known)
                detail += (detail.empty() ? "" : " ") + ("[known: " + k.id + "]");
        }
        table.add({v.verdict + (v.slower ? "+slower" : ""), ratio, v.test, v.target, detail});
        for (const auto& name : v.arm64_only_failures)
            table.note("arm64-only: " + name);
        if (!v.output_diff.empty() || (verbose && !v.normalisation.empty())) {
            std::string rules;
            for (const auto& r : v.normalisation)
                rules += (rules.empty() ? "" : ", ") + r;
            table.note("normalised first: " + (rules.empty() ? "nothing to normalise" : rules));
        }
        std::istringstream diff(v.output_diff);
        for (std::string line; std::getline(diff, line);)
            table.note(line);
    }
    std::cout << table.str();
    std::map<std::string, const Verdict::Known*> known;
    for (const auto& v : verdicts)
        for (const auto& k : v.known)
            known.emplace(k.id, &k);
    if (!known.empty()) std::cout << "  known issues:\n";
    for (const auto& [id, k] : known)
        std::cout << "    " << id << ": " << k->title
                  << (k->link.empty() ? "" : "\n      " + k->link) << "\n";
}

// True when `target` of the run is an x86-64 target: a control for the arm64 ones.
bool is_x86_64_control(const std::vector<TargetRecord>& targets, const std::string& target) {
    for (const auto& t : targets)
        if (t.name == target) return t.identity.value("arch", "") == "x86_64";
    return false;
}

int diff(const Options& o) {
    if (!(o.min_ratio >= 1 && o.min_ratio <= 100)) {
        char given[32];
        std::snprintf(given, sizeof given, "%g", o.min_ratio);
        throw UsageError(std::string("--min-ratio ") + given +
                         ": a ratio of times from 1 to 100 (1.25: a quarter slower)");
    }
    if (o.json && o.markdown)
        throw UsageError("--json and --markdown both print to stdout: choose one (--junit FILE "
                         "can go with either)");
    const ResultsDb db =
        ResultsDb::open_read_only(o.db.empty() ? default_results_db() : fs::path(o.db));
    std::int64_t run = o.run;
    if (!run) {
        const auto runs = db.list_runs();
        if (runs.empty()) throw Error(db.file().string() + " holds no runs yet: woa run first");
        run = runs.back().id;
    }
    db.require_run(run);
    const auto results = db.results(run);
    if (results.empty())
        throw InputError(db.file(), "run " + std::to_string(run) +
                                        " holds no results (its filters selected nothing?)");

    std::vector<Verdict> verdicts;
    std::string baseline_name;
    std::vector<std::string> timing_lines, control_lines;
    std::string meaning; // what the comparison says, when the title alone does not
    if (o.against.rfind("run:", 0) == 0) {
        std::int64_t other = 0;
        try {
            other = std::stoll(o.against.substr(4));
        } catch (const std::exception&) {
            throw UsageError("--against " + o.against + ": expected run:ID");
        }
        if (other == run)
            throw UsageError("--against " + o.against +
                             " is the run being judged (choose another run)");
        db.require_run(other);
        verdicts = compare(results, db.results(other), false, {o.min_ratio});
        baseline_name = "run " + std::to_string(other);
    } else if (o.against.rfind("target:", 0) == 0) {
        const std::string target = o.against.substr(7);
        const auto baseline = of_target(results, target, true);
        if (baseline.empty())
            throw Error("--against " + o.against + ": run " + std::to_string(run) +
                        " has no results on " + target);
        // The host baselines are a target of their own only when they are what is compared with.
        auto current = of_target(results, target, false);
        if (target != host_target) current = of_target(current, host_target, false);
        if (current.empty())
            throw Error("--against " + o.against + ": run " + std::to_string(run) +
                        " has no target but " + target + " to compare with it");
        const bool native = target == host_target;
        verdicts = compare(current, baseline, true, {o.min_ratio}, native);
        baseline_name = "target " + target;
        if (native) {
            baseline_name = "the native linux-x64 builds (target host)";
            meaning = "each test under emulation against the same program built for linux-x64 "
                      "and run natively here: a regression is a test the native build passes "
                      "and the emulated one does not";
        }
        if (is_x86_64_control(db.targets(run), target)) {
            split_against_control(verdicts, current, baseline);
            control_lines = control_summary(verdicts);
            baseline_name += " (the x86-64 control)";
        }
    } else if (o.against == "reference") {
        const fs::path dir =
            o.references.empty() ? default_references_dir() : fs::path(o.references);
        verdicts = compare_with_references(of_target(results, host_target, false),
                                           ReferenceSet::load(dir));
        baseline_name = "the reference results in " + dir.string();
        // Slowdown against real devices, where a recorded reference has timings.
        std::vector<std::pair<std::string, double>> ratios;
        for (const auto& v : verdicts)
            if (v.ratio > 0) ratios.emplace_back(v.target, v.ratio);
        for (const auto& t : geometric_means(ratios)) {
            char line[160];
            std::snprintf(line, sizeof line,
                          "%s: %.2fx the time of real Windows-on-Arm (geometric mean of %s "
                          "with recorded timings)",
                          t.target.c_str(), t.geomean, counted(t.tests, "test").c_str());
            timing_lines.push_back(line);
        }
    } else {
        throw UsageError("--against " + o.against + ": expected reference, run:ID or target:NAME");
    }
    for (const auto& t : geometric_mean_ratios(results, host_target)) {
        char line[160];
        std::snprintf(line, sizeof line,
                      "%s: %.2fx the time of the native linux-x64 builds (emulation overhead, "
                      "geometric mean of %s)",
                      t.target.c_str(), t.geomean, counted(t.tests, "test").c_str());
        timing_lines.push_back(line);
    }
    mark_known(verdicts, KnownIssues::load(chosen_corpus(o.corpus) / "known-issues.json"),
               wine_versions(db.targets(run)));

    const std::string title = "run " + std::to_string(run) + " against " + baseline_name;
    if (!o.junit.empty()) write_file_atomically(o.junit, to_junit(verdicts, "woa diff: " + title));
    if (o.json) {
        // Counts for scripts, per target and verdict; the same in words for people.
        json summary = json::object();
        for (const auto& [target, c] : verdict_counts(verdicts))
            summary[target.empty() ? "(removed)" : target] = {{"verdicts", c.verdicts},
                                                              {"slower", c.slower}};
        json doc = {{"run", run},
                    {"against", o.against},
                    {"summary", summary},
                    {"summary_text", verdict_summary(verdicts)},
                    {"timing", timing_lines}};
        if (!meaning.empty()) doc["meaning"] = meaning;
        if (!control_lines.empty()) doc["control"] = control_lines;
        doc["verdicts"] = json::array();
        for (const auto& v : verdicts)
            doc["verdicts"].push_back(verdict_json(v));
        std::cout << doc.dump(2) << "\n";
    } else if (o.markdown) {
        std::cout << "### woa diff: " << title << "\n\n"
                  << (meaning.empty() ? "" : meaning + ".\n\n")
                  << to_markdown(verdicts, o.against == "reference") << "\n";
        for (const auto& line : verdict_summary(verdicts))
            std::cout << "- " << line << "\n";
        for (const auto& line : control_lines)
            std::cout << "- " << line << "\n";
        for (const auto& line : timing_lines)
            std::cout << "- " << line << "\n";
    } else {
        print_table(title + (meaning.empty() ? "" : "\n  " + meaning), verdicts,
                    o.verbose || verbosity() == Verbosity::verbose);
        for (const auto& line : verdict_summary(verdicts))
            std::cout << "  " << line << "\n";
        for (const auto& line : control_lines)
            std::cout << "  " << line << "\n";
        for (const auto& line : timing_lines)
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
            app.add_option("--run", o->run, "The run to judge (default: the latest)")
                ->check(CLI::PositiveNumber);
            app.add_option(
                   "--against", o->against,
                   "reference, run:ID (an earlier run) or target:NAME (another target of the run)")
                ->capture_default_str();
            app.add_option("--db", o->db, "Results database");
            app.add_option("--references", o->references,
                           "Reference results folder (default: the bundled one)");
            app.add_option("--corpus", o->corpus, "Corpus folder (for known-issues.json)");
            app.add_flag("--json", o->json, "JSON output");
            app.add_flag("-v,--verbose", o->verbose,
                         "Also name the normalisation rules applied to outputs that matched");
            app.add_flag("--markdown", o->markdown, "A Markdown table (for a pull request)");
            app.add_option("--junit", o->junit, "Also write JUnit XML here (for CI)");
            app.add_option("--min-ratio", o->min_ratio,
                           "Slower than this, beyond the repeats' spread: a timing regression")
                ->capture_default_str();
            app.footer("Exit status 3 when a test that passed in the baseline does not now.");
            return [o] { return diff(*o); };
        }};
}

} // namespace woa::cli
