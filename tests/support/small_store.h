// Small results databases written by the real store, for tests of the commands that read one.
#pragma once

#include "runner/results_db.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace woa::test {

// One result of one sample, as `woa run` stores it.
inline ResultRecord stored_result(const std::string& test, const std::string& target,
                                  const std::string& outcome) {
    ResultRecord r;
    r.test = test;
    r.target = target;
    r.outcome = outcome;
    r.exit_code = outcome == "ok" ? 0 : 1;
    r.started = "2026-11-01T00:00:00Z";
    r.wall_s = 1.0;
    r.samples.push_back({1, outcome, r.exit_code, 1.0, 0.5, 0.1, 1000});
    r.files = nlohmann::json::object();
    r.wine = nlohmann::json::object();
    return r;
}

inline TargetRecord stored_target(const std::string& name) {
    return {name,
            {{"name", name},
             {"wine", {{"version", "wine-10.0 (Debian 10.0~repack-6)"}}},
             {"qemu", {{"version", "10.0.13"}}},
             {"cpu", "neoverse-n1"}}};
}

// Adds one complete run of `results` (on the targets they name) to `file`; returns its id.
inline std::int64_t add_stored_run(const std::filesystem::path& file,
                                   const std::vector<ResultRecord>& results,
                                   const std::string& corpus_rev = "rev-1") {
    ResultsDb db(file);
    RunRecord run;
    run.started = "2026-11-01T00:00:00Z";
    run.host = "test";
    run.woa_version = "test";
    run.corpus_rev = corpus_rev;
    run.args = nlohmann::json::object();
    std::vector<TargetRecord> targets;
    for (const auto& r : results)
        if (std::none_of(targets.begin(), targets.end(),
                         [&](const TargetRecord& t) { return t.name == r.target; }))
            targets.push_back(stored_target(r.target));
    const std::int64_t id = db.begin_run(run, targets);
    for (const auto& r : results)
        db.add_result(id, r);
    db.finish_run(id, "complete");
    return id;
}

} // namespace woa::test
