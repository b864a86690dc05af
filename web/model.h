// The website's page model: what every page shows, computed from records (runs and their
// results, the corpus, reference results, known issues, inspections) with no I/O, so that it is
// unit-testable. `cli/publish_command.cpp` loads the records; render.h turns the model into HTML.
#pragma once

#include "differ/compare.h"
#include "differ/known_issues.h"
#include "differ/reference.h"
#include "fetcher/inspect.h"
#include "fetcher/manifest.h"
#include "runner/results_db.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace woa::web {

// One published run: its record, the identities of its targets and its results.
struct RunResults {
    RunRecord run;
    std::vector<TargetRecord> targets;
    std::vector<ResultRecord> results;
};

// What the inspector said about a program's executables (only for programs in the cache).
struct ProgramInspection {
    bool inspected = false;
    std::string note;                  // why not inspected ("not fetched", the inspector's error)
    std::vector<std::string> machines; // per executable, e.g. "ARM64"
    std::vector<std::pair<std::string, std::size_t>> imports;    // "KERNEL32.dll" -> functions
    std::map<std::string, std::vector<MissingFunction>> missing; // target -> what it lacks
};

struct SiteInput {
    std::vector<RunResults> runs; // oldest first
    std::vector<Entry> entries;   // the corpus, in its order
    ReferenceSet references;
    KnownIssues known_issues;
    std::map<std::string, ProgramInspection> inspections; // by entry id
    std::string generated;                                // ISO 8601 UTC
    std::string base_url;                                 // "" or "https://host/path"
    // Reproducer bundles to publish beside their tests (`woa repro --tar`): "entry/test@target"
    // -> the .tar.gz.
    std::map<std::string, std::filesystem::path> bundles;
};

// Status shown in a cell: a verdict against the references, or "not-run".
bool is_failing_status(const std::string& status);

struct HistoryCell {
    std::int64_t run = 0;
    std::string started, status, reason;
    std::optional<std::uint64_t> failures; // failed assertions, from wine's summary counters
};

// One test on one target, as of the target's latest published run.
struct TestOnTarget {
    std::string target;
    std::string status = "not-run"; // the verdict against the references, or not-run
    std::string reason;             // one line for the tooltip
    std::int64_t run = 0;
    std::optional<ResultRecord> result;
    Verdict verdict;          // against the references (when run)
    std::string change;       // against the target's previous run's cell: regression, fix or ""
    bool new_failure = false; // failing and not explained by a known issue
    std::vector<HistoryCell> history; // one per published run that had this target, oldest first
    std::filesystem::path bundle;     // its reproducer bundle (a .tar.gz), or empty
};

struct TestModel {
    std::string id, entry, name;
    const TestSpec* spec = nullptr;
    const Reference* reference = nullptr;
    std::vector<TestOnTarget> targets; // in the site's target order
    std::optional<ResultRecord> host;  // the native baseline, from the latest run that has it
    int rank = 0; // 0 regression, 1 new failure, 2 known failure, 3 flaky, 4 not run, 5 ok
};

struct ProgramModel {
    const Entry* entry = nullptr;
    std::vector<std::size_t> tests; // indices into Site::tests, in display order
    int rank = 0;                   // its tests' best (lowest) rank
    ProgramInspection inspection;
};

struct TargetModel {
    std::string name;
    nlohmann::json identity; // target.json as stored with its latest run
    std::int64_t run = 0;
    std::string run_started;
    std::map<std::string, std::size_t> counts; // status -> cells
    std::vector<double> slowdowns;             // per test: median / host median, both ok
    double geomean = 0;
    // Tests whose status here differs from another target's: test id.
    std::vector<std::size_t> differing;
};

struct Change {
    std::string test, kind; // kind: regressed, fixed, new, flaky
    std::string before, after, detail;
};
struct ChangeGroup {
    std::string title; // "trixie: run 4 → run 5", "bookworm → trixie (run 5)"
    std::string from, to;
    std::vector<Change> changes; // regressed first
};

struct ApiGap {
    std::string dll, function, effect, why; // dll in lower case: Windows ignores its case
    std::vector<std::string> programs;      // entry ids that import it (or called it)
    std::vector<std::string> targets;  // targets whose wine lacks it
    // Runtime evidence: the tests (entry/test) whose latest result on a target had wine say
    // "unimplemented function DLL.NAME", beside what the import tables say.
    std::vector<std::pair<std::string, std::string>> seen_in; // (entry, test name)
};

struct Site {
    std::vector<std::string> targets;   // matrix columns, oldest wine/qemu first (no host)
    std::vector<TestModel> tests;       // every corpus test, corpus order
    std::vector<ProgramModel> programs; // matrix order: regressions and new failures first
    std::vector<TargetModel> target_pages;
    std::vector<ChangeGroup> changes;
    std::vector<ApiGap> api;                    // ranked: most programs first
    std::vector<std::string> unchecked_targets; // whose DLL exports cannot be read (wine 8)
    std::vector<std::string> tags;
    std::int64_t latest_run = 0;
    std::string generated, base_url;
    std::size_t run_count = 0;
    const TestModel* find_test(const std::string& id) const;
};

// Throws Error when there is nothing to publish (no runs).
Site build_site(const SiteInput& input);

// The matrix order of targets: by wine release, then qemu version, then name.
std::vector<std::string> order_targets(const std::map<std::string, nlohmann::json>& identities);

} // namespace woa::web
