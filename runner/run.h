// `woa run`: every chosen test on every chosen target, on a pool of workers, each result in the
// results store as soon as it is known.
//
// Each execution is a `woa exec` child process (the same code path a person uses by hand), with
// the worker's own prefix and wineserver (`--prefix run-N`): a child woa contains its program's
// whole tree, which one process running several programs at once could not do (a subreaper
// adopts every orphan of the process). The parent only plans, waits and records.
#pragma once

#include "core/process.h"
#include "fetcher/fetch.h"
#include "fetcher/manifest.h"
#include "runner/results_db.h"
#include "runner/subtests.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace woa {

struct RunJob {
    const Entry* entry = nullptr;
    const TestSpec* test = nullptr;
    std::string target;
    std::string test_id() const { return entry->id + "/" + test->name; }
};

// Results of a test's host baseline (its linux-x64 build, run natively in the same run) are
// stored under this pseudo-target; no real target may have this name.
inline constexpr const char* host_target = "host";

// Tests x targets, in corpus order, with a `host` job first for each test whose entry has a
// host baseline when `host_baselines` (see has_host_baseline), kept when a glob of
// `filters` matches "entry/test" (all when none), then every N-th from the I-th (shard I of N,
// 1-based): shards never overlap and together cover everything, on any machine, because the order
// is the corpus's. A target whose `target_arch` is x86_64 (a control) runs only what woa builds
// for x86-64 itself: wine's tests; every other program of the corpus is arm64.
// Whether an entry's tests run natively too: it has a host baseline and, when another entry's
// program runs it (a node package), so does that runtime, whose linux-x64 build then loads the
// package's linux-x64 build.
bool has_host_baseline(const Corpus& corpus, const Entry& entry);

std::vector<RunJob> plan_jobs(const Corpus& corpus, const std::vector<std::string>& targets,
                              const std::vector<std::string>& filters, int shard_index = 1,
                              int shard_count = 1, bool host_baselines = false,
                              const std::map<std::string, std::string>& target_arch = {});

// A run of nothing is a mistake, not a success: throws Error when `jobs` (planned with
// `filters` and `shard`) is empty, naming the filters that match no test or the shard past the
// last one.
void require_jobs(const std::vector<RunJob>& jobs, const Corpus& corpus,
                  const std::vector<std::string>& filters, std::pair<int, int> shard);

// "2/5" -> {2, 5}; throws UsageError for anything else.
std::pair<int, int> parse_shard(const std::string& text);

struct RunSettings {
    std::vector<std::string> targets;
    std::vector<std::string> filters;
    int jobs = 2;
    int repeat = 0; // 0: each test's own repeat count
    std::pair<int, int> shard{1, 1};
    bool host_baselines = false; // also run each test's linux-x64 build natively (target "host")
    // Host baselines run in a bubblewrap sandbox (runner/sandbox.h); false: --no-sandbox, and
    // they can reach the host's files and network.
    bool sandbox = true;
    bool keep_artifacts = false; // also keep logs of tests that passed, and scratch
    std::uintmax_t max_output_bytes = default_max_output_bytes; // per execution
    std::filesystem::path woa_binary;   // the `woa` that runs each execution
    std::filesystem::path probes_dir;   // where the build put the probes
    std::filesystem::path scratch_root; // fresh working folders are made here
    // Worker slots: a worker holds lock run-K here for the whole run and uses prefix run-K,
    // so concurrent `woa run`s never share a prefix or a wineserver.
    std::filesystem::path lock_dir;
    // The whole environment of each execution (before the test's own env); see run_environment.
    std::map<std::string, std::string> environment;
    // The architecture of each target's wine ("aarch64" when absent): which PE machine its
    // programs must be, and which build of a wine-test entry runs there.
    std::map<std::string, std::string> target_arch;
    // Finds the program of entries the runner cannot place itself (kind wine-test: built by
    // woa, per architecture); empty with `why_not` when there is none, and `not_built` when
    // that is because the build could not make it (outcome not-built, not harness-error).
    std::function<std::filesystem::path(const Entry&, const TestSpec&, const std::string& arch,
                                        std::string& why_not, bool& not_built)>
        locate_program;
    // Called after each result (under a lock), e.g. for a progress line.
    std::function<void(const ResultRecord&, std::size_t done, std::size_t total)> on_result;
};

// Turns what one `woa exec --json` said, with the wine log, into a raw outcome: ok, exit-code,
// crash, timeout, output-limit, unimplemented, missing-dll, loader-error, harness-error.
// `expect_exit` decides between ok and exit-code.
SampleRecord classify_sample(const nlohmann::json& exec, const std::string& wine_log,
                             long long expect_exit, std::string& detail, nlohmann::json& wine);

// The outcome of all repeats: the same outcome everywhere, or the first that differs from ok
// (the detail says how the repeats differed).
std::string combined_outcome(const std::vector<SampleRecord>& samples, std::string& detail);
// A result's detail without the "repeats differ (crash x1, ok x2): " combined_outcome puts
// first, for those who say how the repeats differ in their own words.
std::string detail_without_repeats(const std::string& detail);

class Runner {
public:
    Runner(ProcessRunner& processes, ResultsDb& db, const Corpus& corpus, const Cache& cache,
           RunSettings settings);
    // Runs the plan's jobs that run `run_id` has no result for yet; returns how many ran.
    std::size_t run(std::int64_t run_id, const std::vector<RunJob>& jobs);

private:
    ResultRecord execute(std::int64_t run_id, const RunJob& job, int slot);
    // One repeat of a host baseline: the linux-x64 program, natively, in `cwd`.
    std::filesystem::path sandbox_etc() const; // written by run(), bound by execute_host()
    SampleRecord execute_host(const RunJob& job, const std::filesystem::path& program,
                              const std::filesystem::path& scratch,
                              const std::filesystem::path& cwd, const std::filesystem::path& log,
                              std::string& detail);
    std::filesystem::path program_of(const RunJob& job, std::string& why_not,
                                     bool& not_built) const;
    std::string arch_of(const std::string& target) const;
    // Why `tree` (fetched for `id`) must not run: "" when it is there and what its record says
    // (what stat tells, fetcher/tree_record.h), checked once per tree and run.
    std::string tree_problem(const std::filesystem::path& tree, const std::string& id) const;
    const Entry& host_program_entry(const Entry& entry) const; // the entry or its runtime
    std::filesystem::path package_tree(const RunJob& job) const;

    mutable std::mutex trees_mutex_;
    mutable std::map<std::filesystem::path, std::string> trees_checked_;
    ProcessRunner& processes_;
    ResultsDb& db_;
    const Corpus& corpus_;
    const Cache& cache_;
    RunSettings settings_;
};

// The host's identity for the results store: {"kind": "host", "machine", "cpu", "kernel"}.
nlohmann::json host_identity();

// The end of a `woa exec` command line for a test: its --stdin and --env, then `-- PROGRAM ARGS`.
void append_test_command(std::vector<std::string>& argv, const TestSpec& test,
                         const std::filesystem::path& corpus_dir,
                         const std::filesystem::path& program);

// What programs get from `woa run`: PATH, HOME, USER, LANG=C.UTF-8, TZ=UTC and woa's home;
// nothing else of the caller's environment.
std::map<std::string, std::string> run_environment(const std::filesystem::path& woa_home);

// Per target, the number of results of each outcome: {"trixie": {"ok": 40, "crash": 2}}.
std::map<std::string, std::map<std::string, int>>
outcome_counts(const std::vector<ResultRecord>& results);
// One line per target: "trixie: 40 ok, 2 crash, 1 timeout".
std::vector<std::string> summarise(const std::vector<ResultRecord>& results);

} // namespace woa
