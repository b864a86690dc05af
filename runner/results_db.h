// The results store: one SQLite file with every run, its targets' identities, and per test and
// target the outcome, timings of each repeat, sub-tests and the artifacts' folder. A versioned
// schema with migrations, WAL, and one transaction per finished test: a killed run loses at
// most the tests in flight, and `woa run --resume` finishes it without duplicates.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace woa {

struct RunRecord {
    std::int64_t id = 0;
    std::string started, finished; // ISO 8601 UTC; finished "" while running or cut short
    std::string state;             // running, complete, interrupted
    std::string host, woa_version, corpus_rev;
    nlohmann::json args;           // how it was started (targets, filters, jobs, repeat, shard)
    std::int64_t result_count = 0; // filled by list_runs/get_run
};

struct TargetRecord {
    std::string name;
    nlohmann::json identity; // target.json as it was at the run
};

struct SampleRecord {
    int repeat = 0;
    std::string outcome;
    std::optional<std::int64_t> exit_code;
    double wall_s = 0, user_s = 0, sys_s = 0;
    long max_rss_kb = 0;
};

struct SubtestRecord {
    std::string name, outcome, message;
};

struct ResultRecord {
    std::string test, target; // "esbuild/bundle", "trixie"
    std::string outcome;      // ok, exit-code, crash, timeout, unimplemented, ...
    std::optional<std::int64_t> exit_code;
    std::string detail;
    std::string started;
    double wall_s = 0, user_s = 0, sys_s = 0; // median of the repeats
    long max_rss_kb = 0;
    std::string artifacts; // folder of logs, relative to the database's artifacts root
    nlohmann::json files;  // produced files: {path: sha256 or null when missing}
    nlohmann::json wine;   // {err_lines, fixme_lines, unimplemented: [...], ...}
    nlohmann::json output; // standard output, normalised (normalise.h: output_record); null
                           // for results stored before it was kept
    nlohmann::json counts; // wine's conformance-test counters {executed, todo, flaky, failures,
                           // skipped, processes}; null for other tests and older results
    std::vector<SampleRecord> samples;
    std::vector<SubtestRecord> subtests;
};

class ResultsDb {
public:
    // Opens (creating when absent) and migrates. A file that is not a woa database, or is
    // corrupt, gives InputError naming it; nothing is written to it then.
    explicit ResultsDb(const std::filesystem::path& file);
    // For the commands that only read a store: one that does not exist is an InputError naming
    // it ("no such results database"), and nothing is created or written (but for migrating an
    // older schema, once).
    static ResultsDb open_read_only(const std::filesystem::path& file);
    // For the commands that change a store that must exist (runs rm, run --resume): the same
    // refusal of a missing file, then as the constructor.
    static ResultsDb open_existing(const std::filesystem::path& file);
    ~ResultsDb();
    ResultsDb(const ResultsDb&) = delete;
    ResultsDb& operator=(const ResultsDb&) = delete;

    static constexpr int schema_version = 3;
    const std::filesystem::path& file() const { return file_; }
    // Logs of run N live in <db>.artifacts/N/.
    std::filesystem::path artifacts_root() const;

    std::int64_t begin_run(const RunRecord& run, const std::vector<TargetRecord>& targets);
    void finish_run(std::int64_t run, const std::string& state);
    // One transaction: the result, its samples and sub-tests, or nothing. A result already
    // stored for (run, test, target) is kept and false returned (resume never duplicates).
    bool add_result(std::int64_t run, const ResultRecord& result);

    std::vector<RunRecord> list_runs() const;
    std::optional<RunRecord> get_run(std::int64_t run) const;
    // The run, or an Error "no run N in FILE": a missing run is bad input to every command.
    RunRecord require_run(std::int64_t run) const;
    std::vector<TargetRecord> targets(std::int64_t run) const;
    std::vector<ResultRecord> results(std::int64_t run) const;
    bool has_result(std::int64_t run, const std::string& test, const std::string& target) const;
    // A consistent copy of the whole store into `file`, which must not exist (artifacts aside).
    void copy_to(const std::filesystem::path& file) const;
    // Removes the run, its results and its artifacts folder.
    void remove_run(std::int64_t run);

private:
    enum class Access { create, existing, read_only };
    ResultsDb(const std::filesystem::path& file, Access access);
    void open(Access access);
    int stored_version();
    void exec(const char* sql);
    void migrate();
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
};

// Target name -> its wine version as stored ("wine-10.0 (Debian 10.0~repack-6)"); the host has
// none.
std::map<std::string, std::string> wine_versions(const std::vector<TargetRecord>& targets);

// $XDG_DATA_HOME/woa/results.db, else ~/.local/share/woa/results.db.
std::filesystem::path default_results_db();

} // namespace woa
