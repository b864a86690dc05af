// woa run, woa runs list|show|rm, woa merge: running the corpus and the history of runs.
#include "cli/command.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/paths.h"
#include "core/text_table.h"
#include "core/version.h"
#include "runner/run.h"
#include "runner/sandbox.h"
#include "runner/target.h"
#include "winetest/suite.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>
#include <unistd.h>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::vector<std::string> targets, filters, inputs;
    int jobs = 0;
    int repeat = 0;
    std::string shard = "1/1", db, corpus, out;
    std::int64_t resume = 0, run_id = 0;
    bool keep_artifacts = false, json = false, no_host_baseline = false, no_sandbox = false;
};

fs::path db_path(const Options& o) {
    return o.db.empty() ? default_results_db() : fs::path(o.db);
}

// A progress line on a terminal: done/total, failures so far, time left at the pace so far.
class Progress {
public:
    explicit Progress(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
    void update(const ResultRecord& r, std::size_t done, std::size_t total) {
        failures_ += r.outcome != "ok";
        if (!on_) return;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double left =
            done ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : 0;
        std::fprintf(stderr, "\r\033[K[%zu/%zu] %zu not ok, about %.0f s left (%s: %s)", done,
                     total, failures_, left, r.test.c_str(), r.outcome.c_str());
        std::fflush(stderr);
    }
    void finish() {
        if (on_) std::fprintf(stderr, "\r\033[K");
    }

private:
    bool on_;
    std::chrono::steady_clock::time_point start_;
    std::size_t failures_ = 0;
};

} // namespace

fs::path winetest_builds() {
    return woa_home() / "winetest";
}

void use_this_machine(RunSettings& settings) {
    // Wine's tests are found where `woa fetch` built them, for the target's architecture.
    auto processes = std::make_shared<SystemProcessRunner>();
    auto toolchains = std::make_shared<winetest::Toolchains>(*processes, woa_home());
    settings.locate_program = [processes, toolchains](const Entry& entry, const TestSpec& test,
                                                      const std::string& arch,
                                                      std::string& why_not, bool& not_built) {
        return winetest::test_program(Cache(woa_home()), entry, test, arch, *toolchains,
                                      winetest_builds(), why_not, not_built);
    };
    settings.woa_binary = fs::read_symlink("/proc/self/exe");
    settings.probes_dir = shipped_path("probes");
    settings.scratch_root = woa_home() / "scratch" / ("run-" + std::to_string(::getpid()));
    settings.environment = run_environment(woa_home());
    settings.lock_dir = woa_home() / "locks";
}

std::string host_name() {
    char name[256] = "";
    ::gethostname(name, sizeof name - 1);
    return name;
}

std::vector<TargetRecord> target_records(const std::vector<std::string>& names, bool host,
                                         bool sandbox) {
    const TargetStore store(woa_home() / "targets");
    std::vector<TargetRecord> out;
    if (host) {
        json identity = host_identity();
        identity["sandbox"] = sandbox ? "bubblewrap" : "none (--no-sandbox)";
        out.push_back({host_target, identity});
    }
    for (const auto& name : names)
        out.push_back({name, to_json(store.get(name))}); // throws for a target not provisioned
    return out;
}

std::map<std::string, std::string> target_architectures(const std::vector<std::string>& names) {
    const TargetStore store(woa_home() / "targets");
    std::map<std::string, std::string> out;
    // A target not provisioned is said so by whoever needs it (target_records, woa exec).
    for (const auto& name : names)
        if (const auto t = store.find(name)) out[name] = t->arch;
    return out;
}

namespace {

// What a new run runs, from the command line.
RunSettings new_run_settings(const Options& o) {
    RunSettings settings;
    settings.targets = o.targets;
    if (settings.targets.empty()) {
        const char* env = std::getenv("WOA_TARGET");
        settings.targets = {env && *env ? env : default_target};
    }
    settings.filters = o.filters;
    settings.repeat = o.repeat;
    settings.shard = parse_shard(o.shard);
    settings.host_baselines = !o.no_host_baseline;
    settings.sandbox = !o.no_sandbox;
    return settings;
}

// What run `existing` was started with, for --resume.
RunSettings resumed_settings(const RunRecord& existing, const Corpus& corpus) {
    if (existing.corpus_rev != corpus.revision())
        throw Error("run " + std::to_string(existing.id) +
                    " used another corpus revision: resuming would mix results (start a new "
                    "run)");
    const json& a = existing.args;
    RunSettings settings;
    settings.targets = a.value("targets", std::vector<std::string>{});
    settings.filters = a.value("filters", std::vector<std::string>{});
    settings.repeat = a.value("repeat", 0);
    settings.shard = {a.value("shard_index", 1), a.value("shard_count", 1)};
    settings.host_baselines = a.value("host_baselines", false);
    settings.sandbox = a.value("sandbox", true);
    return settings;
}

RunRecord new_run_record(const Corpus& corpus, const RunSettings& settings) {
    RunRecord record;
    record.started = iso8601_utc(std::chrono::system_clock::now());
    record.host = host_name();
    record.woa_version = WOA_VERSION;
    record.corpus_rev = corpus.revision();
    record.args = {{"targets", settings.targets},
                   {"filters", settings.filters},
                   {"repeat", settings.repeat},
                   {"shard_index", settings.shard.first},
                   {"shard_count", settings.shard.second},
                   {"host_baselines", settings.host_baselines},
                   {"sandbox", settings.sandbox}};
    return record;
}

// The jobs of a run; an x86-64 control target takes only wine's tests (plan_jobs).
std::vector<RunJob> plan(const Corpus& corpus, const RunSettings& settings) {
    return plan_jobs(corpus, settings.targets, settings.filters, settings.shard.first,
                     settings.shard.second, settings.host_baselines,
                     target_architectures(settings.targets));
}

int run(const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    RunSettings settings;
    std::vector<TargetRecord> targets;
    if (!o.resume) {
        // Checked before the store is opened: a run that cannot start stores nothing.
        settings = new_run_settings(o);
        require_jobs(plan(corpus, settings), corpus, settings.filters, settings.shard);
        targets = target_records(settings.targets, settings.host_baselines, settings.sandbox);
        // Said before anything is stored: a sandbox that cannot be made stops the run.
        if (settings.host_baselines && settings.sandbox) {
            SystemProcessRunner probe;
            if (const std::string problem = sandbox_problem(probe); !problem.empty())
                throw Error(problem);
        }
    }
    ResultsDb db = o.resume ? ResultsDb::open_existing(db_path(o)) : ResultsDb(db_path(o));
    std::int64_t run_id = o.resume;
    if (o.resume)
        settings = resumed_settings(db.require_run(o.resume), corpus);
    else
        run_id = db.begin_run(new_run_record(corpus, settings), targets);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    settings.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(cores);
    settings.keep_artifacts = o.keep_artifacts;
    use_this_machine(settings);
    settings.target_arch = target_architectures(settings.targets);
    const std::vector<RunJob> jobs = plan(corpus, settings);
    Progress progress(!o.json && verbosity() == Verbosity::normal && ::isatty(STDERR_FILENO));
    settings.on_result = [&](const ResultRecord& r, std::size_t done, std::size_t total) {
        progress.update(r, done, total);
        if (verbosity() == Verbosity::verbose)
            std::cerr << "woa: [" << done << "/" << total << "] " << r.test << " on " << r.target
                      << ": " << r.outcome << (r.detail.empty() ? "" : " (" + r.detail + ")")
                      << "\n";
    };
    const Cache cache(woa_home());
    SystemProcessRunner processes;
    Runner runner(processes, db, corpus, cache, settings);
    // What stops a run (a full disk, a target deleted under it) is said once, with how to
    // finish the run: the results stored so far stay, each in its own transaction.
    auto stopped = [&](const std::string& what) {
        progress.finish();
        std::error_code ec;
        fs::remove_all(settings.scratch_root, ec);
        return Error(what + "; run " + std::to_string(run_id) +
                     " is stopped: finish it with woa run --resume " + std::to_string(run_id) +
                     (o.db.empty() ? "" : " --db " + o.db));
    };
    try {
        runner.run(run_id, jobs);
    } catch (const Error& e) {
        if (e.exit_status() != exit_code::interrupted && !interrupted()) throw stopped(e.what());
        progress.finish();
        std::error_code ec;
        fs::remove_all(settings.scratch_root, ec);
    } catch (const fs::filesystem_error& e) {
        throw stopped(e.path1().string() + ": " + e.code().message());
    }
    progress.finish();
    std::error_code ec;
    if (!o.keep_artifacts) fs::remove_all(settings.scratch_root, ec);
    if (interrupted()) {
        db.finish_run(run_id, "interrupted");
        std::cerr << "woa: run " << run_id << " interrupted; finish it with: woa run --resume "
                  << run_id << (o.db.empty() ? "" : " --db " + o.db) << "\n";
        return exit_code::interrupted;
    }
    db.finish_run(run_id, "complete");
    const auto results = db.results(run_id);
    int harness_errors = 0;
    for (const auto& r : results)
        harness_errors += r.outcome == "harness-error";
    if (o.json) {
        // Counts for scripts, per target and outcome; the same in words for people.
        json doc = {{"run", run_id},
                    {"db", db.file().string()},
                    {"summary", outcome_counts(results)},
                    {"summary_text", summarise(results)}};
        std::cout << doc.dump(2) << "\n";
    } else {
        std::cout << "run " << run_id << ": " << counted(results.size(), "result") << " in "
                  << db.file().string() << "\n";
        for (const auto& line : summarise(results))
            std::cout << "  " << line << "\n";
        for (const auto& r : results)
            if (r.outcome == "harness-error")
                std::cout << "  harness-error " << r.test << " on " << r.target << ": " << r.detail
                          << "\n";
    }
    if (harness_errors)
        throw Error(counted(harness_errors, "test") + " could not be run by woa (above)");
    return exit_code::ok;
}

json result_json(const ResultRecord& r) {
    json samples = json::array();
    for (const auto& s : r.samples)
        samples.push_back({{"repeat", s.repeat},
                           {"outcome", s.outcome},
                           {"exit_code", s.exit_code ? json(*s.exit_code) : json()},
                           {"wall_s", s.wall_s},
                           {"user_s", s.user_s},
                           {"sys_s", s.sys_s},
                           {"max_rss_kb", s.max_rss_kb}});
    json subtests = json::array();
    for (const auto& t : r.subtests)
        subtests.push_back({{"name", t.name}, {"outcome", t.outcome}, {"message", t.message}});
    return {{"test", r.test},           {"target", r.target},
            {"outcome", r.outcome},     {"exit_code", r.exit_code ? json(*r.exit_code) : json()},
            {"detail", r.detail},       {"started", r.started},
            {"wall_s", r.wall_s},       {"user_s", r.user_s},
            {"sys_s", r.sys_s},         {"max_rss_kb", r.max_rss_kb},
            {"artifacts", r.artifacts}, {"files", r.files},
            {"wine", r.wine},           {"counts", r.counts},
            {"samples", samples},       {"subtests", subtests}};
}

json run_json(const RunRecord& run, const std::vector<TargetRecord>& targets) {
    json t = json::object();
    for (const auto& target : targets)
        t[target.name] = target.identity;
    return {{"id", run.id},
            {"started", run.started},
            {"finished", run.finished},
            {"state", run.state},
            {"host", run.host},
            {"woa_version", run.woa_version},
            {"corpus_rev", run.corpus_rev},
            {"args", run.args},
            {"results", run.result_count},
            {"targets", t}};
}

int runs_list(const Options& o) {
    const ResultsDb db = ResultsDb::open_read_only(db_path(o));
    const auto runs = db.list_runs();
    if (o.json) {
        json doc = json::array();
        for (const auto& r : runs)
            doc.push_back(run_json(r, db.targets(r.id)));
        std::cout << doc.dump(2) << "\n";
        return exit_code::ok;
    }
    if (runs.empty()) note() << "woa: no runs in " << db.file().string() << " (woa run)\n";
    TextTable table({"run", "started", "state", "results", "targets", "corpus"});
    for (const auto& r : runs) {
        std::string targets;
        for (const auto& t : db.targets(r.id))
            targets += (targets.empty() ? "" : ",") + t.name;
        table.add({std::to_string(r.id), r.started, r.state,
                   counted(static_cast<std::size_t>(r.result_count), "result"), targets,
                   r.corpus_rev.substr(0, 12)});
    }
    std::cout << table.str();
    return exit_code::ok;
}

std::string field_text(const json& doc, const char* field) {
    return doc.is_object() && doc.contains(field) && doc[field].is_string()
               ? doc[field].get<std::string>()
               : "?";
}

// "wine-10.0 (...), qemu 10.0.2, -cpu neoverse-n1" for an emulation target; "native x86_64,
// Linux 6.1.0" for the host baselines, which have no wine or qemu.
std::string identity_line(const json& identity) {
    if (!identity.is_object() || !identity.contains("wine")) {
        const std::string sandbox = identity.is_object() ? identity.value("sandbox", "") : "";
        return "native " + field_text(identity, "machine") + ", " + field_text(identity, "kernel") +
               (sandbox.empty() ? "" : ", sandbox: " + sandbox);
    }
    return field_text(identity["wine"], "version") + ", qemu " +
           field_text(identity.value("qemu", json()), "version") + ", -cpu " +
           field_text(identity, "cpu");
}

// wine's summary counters of a wine test, summed over its processes: "4412 checks, 2 failures,
// 1 todo, 3 skipped"; "" for other tests.
std::string counts_text(const json& counts) {
    if (!counts.is_object()) return "";
    const auto n = [&](const char* key) { return counts.value(key, std::uint64_t{0}); };
    std::string text = counted(n("executed"), "check") + ", " + counted(n("failures"), "failure");
    if (n("todo")) text += ", " + std::to_string(n("todo")) + " todo";
    if (n("flaky")) text += ", " + std::to_string(n("flaky")) + " flaky";
    if (n("skipped")) text += ", " + std::to_string(n("skipped")) + " skipped";
    return text;
}

int runs_show(const Options& o) {
    const ResultsDb db = ResultsDb::open_read_only(db_path(o));
    const auto run = db.require_run(o.run_id);
    const auto results = db.results(o.run_id);
    if (o.json) {
        json doc = run_json(run, db.targets(o.run_id));
        doc["results"] = json::array();
        for (const auto& r : results)
            doc["results"].push_back(result_json(r));
        std::cout << doc.dump(2) << "\n";
        return exit_code::ok;
    }
    std::cout << "run " << run.id << " (" << run.state << "), started " << run.started << " on "
              << run.host << ", woa " << run.woa_version << ", corpus "
              << run.corpus_rev.substr(0, 12) << "\n";
    for (const auto& t : db.targets(o.run_id))
        std::cout << "  target " << t.name << ": " << identity_line(t.identity) << "\n";
    TextTable table({"outcome", "time", "test", "target", "detail"}, "  ");
    for (const auto& r : results) {
        char timing[64];
        std::snprintf(timing, sizeof timing, "%.2f s", r.wall_s);
        std::string when = timing;
        if (r.samples.size() > 1) when += " (median of " + std::to_string(r.samples.size()) + ")";
        const std::string counts = counts_text(r.counts);
        const std::string detail =
            r.detail.empty() ? counts : counts.empty() ? r.detail : r.detail + "; " + counts;
        table.add({r.outcome, when, r.test, r.target, detail});
    }
    std::cout << table.str();
    for (const auto& line : summarise(results))
        std::cout << "  " << line << "\n";
    return exit_code::ok;
}

int runs_rm(const Options& o) {
    ResultsDb db = ResultsDb::open_existing(db_path(o));
    db.remove_run(o.run_id);
    std::cout << "removed run " << o.run_id << "\n";
    return exit_code::ok;
}

// One run of an input of `woa merge`, read whole before anything is written.
struct MergeSource {
    std::string input; // the database as the user named it
    fs::path artifacts_root;
    RunRecord run;
    std::vector<ResultRecord> results;
};

struct MergePlan {
    RunRecord merged;
    std::vector<TargetRecord> targets;
    std::vector<MergeSource> sources;
    std::size_t results = 0;
};

// Each input once, and never the output.
void check_merge_inputs(const Options& o) {
    for (std::size_t i = 0; i < o.inputs.size(); i++) {
        if (!fs::exists(o.inputs[i])) continue; // named as missing when opened
        if (fs::exists(o.out) && fs::equivalent(o.inputs[i], o.out))
            throw UsageError("merge: --out must not be one of the inputs");
        for (std::size_t j = 0; j < i; j++)
            if (fs::exists(o.inputs[j]) && fs::equivalent(o.inputs[i], o.inputs[j]))
                throw UsageError("merge: " + o.inputs[i] + " is given twice");
    }
}

// Adds `run` of `input` to the plan: one corpus revision, one identity per target.
void add_to_merge(MergePlan& plan, const std::string& input, const ResultsDb& db,
                  const RunRecord& run) {
    RunRecord& merged = plan.merged;
    if (merged.corpus_rev.empty()) merged = run;
    if (run.corpus_rev != merged.corpus_rev)
        throw InputError(input, "run " + std::to_string(run.id) +
                                    " is of another corpus revision than the first run");
    merged.started = std::min(merged.started, run.started);
    merged.finished = std::max(merged.finished, run.finished);
    if (run.state != "complete") merged.state = run.state;
    for (const auto& t : db.targets(run.id)) {
        auto same = std::find_if(plan.targets.begin(), plan.targets.end(),
                                 [&](const TargetRecord& known) { return known.name == t.name; });
        if (same == plan.targets.end())
            plan.targets.push_back(t);
        else if (same->identity != t.identity)
            throw InputError(input,
                             "target " + t.name + " has another identity than in the other runs");
    }
    plan.sources.push_back({input, db.artifacts_root(), run, db.results(run.id)});
    plan.results += plan.sources.back().results.size();
}

// Every (test, target) in one run only: shards that overlap are not one run.
void check_no_overlap(const MergePlan& plan) {
    std::map<std::pair<std::string, std::string>, std::string> seen; // -> "run N of FILE"
    for (const auto& source : plan.sources)
        for (const auto& r : source.results) {
            const std::string here = "run " + std::to_string(source.run.id) + " of " + source.input;
            auto [it, fresh] = seen.emplace(std::make_pair(r.test, r.target), here);
            if (!fresh)
                throw Error(r.test + " on " + r.target + " is in " + it->second + " and in " +
                            here + ": merge shards that do not overlap");
        }
}

MergePlan plan_merge(const Options& o) {
    MergePlan plan;
    for (const auto& input : o.inputs) {
        const ResultsDb db = ResultsDb::open_read_only(input);
        for (const auto& run : db.list_runs())
            add_to_merge(plan, input, db, run);
    }
    if (plan.sources.empty()) throw UsageError("merge: the inputs hold no runs");
    check_no_overlap(plan);
    plan.merged.args = {{"merged_from", o.inputs}};
    if (plan.merged.state.empty()) plan.merged.state = "complete";
    return plan;
}

// The merged run, its results and their logs, into the store `db`; returns the run's id.
std::int64_t write_merged_run(const MergePlan& plan, ResultsDb& db) {
    RunRecord started = plan.merged;
    started.state = "running"; // until its last result is in
    const std::int64_t id = db.begin_run(started, plan.targets);
    for (const auto& source : plan.sources)
        for (auto r : source.results) {
            if (!r.artifacts.empty()) {
                const fs::path relative =
                    fs::path(std::to_string(id)) /
                    fs::path(r.artifacts).lexically_relative(std::to_string(source.run.id));
                std::error_code ec;
                fs::create_directories((db.artifacts_root() / relative).parent_path());
                fs::copy(source.artifacts_root / r.artifacts, db.artifacts_root() / relative,
                         fs::copy_options::recursive, ec);
                r.artifacts = relative.string();
            }
            db.add_result(id, r);
        }
    db.finish_run(id, plan.merged.state);
    return id;
}

void remove_store(const fs::path& file) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(file.string() + suffix, ignored);
    fs::remove_all(file.string() + ".artifacts", ignored);
}

// Built beside --out (a copy of it, when it exists) and renamed over it at the end: a merge
// that fails writes nothing. Returns the merged run's id.
std::int64_t write_merged_store(const MergePlan& plan, const fs::path& out) {
    const fs::path partial = out.string() + ".partial";
    remove_store(partial); // what an earlier merge left when it was killed
    try {
        // Through a writer: its close leaves no -wal file beside --out.
        if (fs::exists(out)) ResultsDb::open_existing(out).copy_to(partial);
        // SQLite would replay a journal left beside --out onto the new file.
        if (fs::exists(out.string() + "-wal"))
            throw Error(out.string() + " is open in another woa (its -wal file is there): merge "
                                       "again when that is done");
        std::int64_t id = 0;
        {
            ResultsDb db(partial);
            id = write_merged_run(plan, db);
        } // closed: everything is in the file itself
        const fs::path logs = fs::path(partial.string() + ".artifacts") / std::to_string(id);
        const fs::path placed = fs::path(out.string() + ".artifacts") / std::to_string(id);
        if (fs::exists(logs)) {
            fs::remove_all(placed); // of an earlier run with this id, removed since
            fs::create_directories(placed.parent_path());
            fs::rename(logs, placed);
        }
        fs::rename(partial, out);
        remove_store(partial);
        return id;
    } catch (...) {
        remove_store(partial);
        throw;
    }
}

// Shards of one run (or any runs of one corpus revision) become one run in --out.
int merge(const Options& o) {
    if (o.out.empty()) throw UsageError("merge: --out FILE is required");
    check_merge_inputs(o);
    const MergePlan plan = plan_merge(o);
    const std::int64_t id = write_merged_store(plan, o.out);
    std::cout << "merged " << counted(plan.sources.size(), "run") << " ("
              << counted(plan.results, "result") << ") into run " << id << " of " << o.out << "\n";
    return exit_code::ok;
}

} // namespace

Command run_command() {
    return {"run", "Run the corpus's tests on targets, in parallel, into the results database",
            [](CLI::App& app, Context&) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("-t,--target", o->targets,
                               "Target (repeatable; default: $WOA_TARGET, else trixie)");
                app.add_option("-f,--filter", o->filters,
                               "Only tests matching this glob on entry/test or entry (repeatable)");
                app.add_option("-j,--jobs", o->jobs, "Workers (default: the number of cores)")
                    ->check(CLI::Range(1, 64));
                app.add_option("--repeat", o->repeat, "Run each test K times (default: its own)")
                    ->check(CLI::Range(1, 50));
                app.add_option("--shard", o->shard, "Run part I of N (CI matrices), e.g. 2/4");
                app.add_option("--db", o->db,
                               "Results database (default: " + default_results_db().string() + ")");
                app.add_option("--resume", o->resume, "Finish an interrupted run")
                    ->check(CLI::PositiveNumber);
                app.add_flag("--no-host-baseline", o->no_host_baseline,
                             "Do not run the tests' linux-x64 builds natively (target 'host'), "
                             "which give the emulation overhead");
                app.add_flag("--no-sandbox", o->no_sandbox,
                             "Run the host baselines without bubblewrap's sandbox (for machines "
                             "that forbid namespaces): they can then reach this machine's files "
                             "and network; recorded with the run");
                app.add_flag("--keep-artifacts", o->keep_artifacts,
                             "Keep the logs of passing tests and the working folders too");
                app.add_option("--corpus", o->corpus, "Corpus folder (default: the bundled one)");
                app.add_flag("--json", o->json, "Print the summary as JSON");
                return [o] { return run(*o); };
            }};
}

Command runs_command() {
    return {
        "runs", "List, show and remove runs in the results database",
        [](CLI::App& app, Context&) -> Action {
            auto o = std::make_shared<Options>();
            app.require_subcommand(1);
            app.add_option("--db", o->db, "Results database");
            CLI::App* list = app.add_subcommand("list", "One line per run");
            list->add_flag("--json", o->json, "JSON output");
            CLI::App* show = app.add_subcommand("show", "Per-test outcomes and timings");
            show->add_option("run", o->run_id, "Run id")->required()->check(CLI::PositiveNumber);
            show->add_flag("--json", o->json, "JSON output");
            CLI::App* rm = app.add_subcommand("rm", "Remove a run and its logs");
            rm->add_option("run", o->run_id, "Run id")->required()->check(CLI::PositiveNumber);
            for (CLI::App* sub : {list, show, rm})
                sub->fallthrough(); // `woa runs show 3 --db FILE` as well as before `show`
            return [=]() -> int {
                if (list->parsed()) return runs_list(*o);
                if (show->parsed()) return runs_show(*o);
                if (rm->parsed()) return runs_rm(*o);
                return exit_code::usage;
            };
        }};
}

Command merge_command() {
    return {
        "merge", "Combine the runs of several databases (shards) into one run",
        [](CLI::App& app, Context&) -> Action {
            auto o = std::make_shared<Options>();
            app.add_option("inputs", o->inputs, "Databases to merge")->required();
            app.add_option("--out", o->out, "The database to write the merged run to")->required();
            return [o] { return merge(*o); };
        }};
}

} // namespace woa::cli
