// The site's wine-tests section: wine's own conformance tests (corpus entries of source kind
// wine-test) as test.winehq.org shows them, with what matters on arm64 first: per unit and
// target the files run and failing, the assertions executed and failed (the counters of wine's
// summary lines), and the failures that the target's x86-64 control does not have. Pure: built
// from the page model, no I/O.
#pragma once

#include "web/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace woa::web {

// One unit on one target in one run: a point of its history strip, as winetest's patterns
// page shows a report.
struct UnitRun {
    std::int64_t run = 0;
    std::string started;
    std::size_t files_run = 0, files_failing = 0;
    std::uint64_t failures = 0;       // failed assertions, summed over the files with counters
    std::size_t without_counters = 0; // failing files that printed no summary (crash, timeout)
    bool ran() const { return files_run > 0; }
};

// One unit on one target, as of the target's latest run.
struct WineUnitCell {
    std::string target;
    std::size_t files = 0, files_run = 0, files_failing = 0, not_built = 0;
    std::uint64_t executed = 0, failures = 0;
    std::size_t arm64_only = 0; // failure signatures the target's control does not have
    std::string status = "not-run"; // the worst of its files' statuses, or not-run
    std::vector<UnitRun> history; // per published run of the target, oldest first
};

struct WineUnitRow {
    std::string entry, unit, dir, version; // "wine-kernel32", "kernel32", "dlls/kernel32/tests"
    std::vector<WineUnitCell> cells;        // in the site's target order
    std::size_t arm64_only = 0;             // summed over the arm64 targets
    std::uint64_t failures = 0;             // summed over every target
};

struct WineTargetTotals {
    std::string target, arch; // "aarch64" or "x86_64"
    std::string control;      // the x86-64 target an arm64 one is judged against, or ""
    std::size_t units = 0, units_built = 0, files_run = 0, files_failing = 0;
    std::uint64_t executed = 0, failures = 0;
    std::size_t arm64_only = 0, arm64_only_files = 0;
};

struct WineTests {
    std::vector<WineTargetTotals> totals; // in the site's target order
    std::vector<WineUnitRow> units;       // arm64-only failures first, then failures, then name
    bool empty() const { return units.empty(); }
};

// The x86-64 target whose wine is the arm64 target's own version (the same suite's amd64
// wine), or "" when the site has none.
std::string control_of(const std::string& target,
                       const std::map<std::string, nlohmann::json>& identities);

WineTests build_wine_tests(const Site& site);

} // namespace woa::web
