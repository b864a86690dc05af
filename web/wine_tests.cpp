#include "web/wine_tests.h"

#include "differ/control.h"

#include <algorithm>
#include <tuple>

namespace woa::web {

namespace {

std::string arch_of(const nlohmann::json& identity) {
    return identity.value("arch", std::string("aarch64"));
}

std::string wine_version_of(const nlohmann::json& identity) {
    return identity.value("/wine/version"_json_pointer, std::string());
}

bool built(const ResultRecord& r) {
    return r.outcome != "not-built" && r.outcome != "harness-error";
}

// Per arm64 target and test: the failure signatures its control does not have (differ/control.h),
// or nothing for a test that has no arm64-only failure.
std::map<std::string, std::size_t> arm64_only_by_test(const Site& site, std::size_t target,
                                                      std::size_t control) {
    std::vector<ResultRecord> here, there;
    for (const auto& test : site.tests) {
        if (test.targets[target].result) here.push_back(*test.targets[target].result);
        if (test.targets[control].result) there.push_back(*test.targets[control].result);
    }
    auto verdicts = compare(here, there, true);
    split_against_control(verdicts, here, there);
    std::map<std::string, std::size_t> out;
    for (const auto& v : verdicts)
        if (v.control == arm64_only)
            out[v.test] = std::max<std::size_t>(1, v.arm64_only_failures.size());
    return out;
}

void add_file(WineUnitCell& cell, const TestOnTarget& on) {
    cell.files++;
    if (on.history.size() > cell.history.size()) cell.history.resize(on.history.size());
    for (std::size_t k = 0; k < on.history.size(); k++) {
        const HistoryCell& h = on.history[k];
        UnitRun& point = cell.history[k];
        point.run = h.run;
        point.started = h.started;
        if (h.status == "not-run" || h.status == "not-built" || h.status == "harness-error")
            continue; // as in the cell itself: only files that ran
        point.files_run++;
        const bool failing = is_failing_status(h.status);
        point.files_failing += failing;
        point.failures += h.failures.value_or(0);
        point.without_counters += failing && !h.failures;
    }
    if (!on.result) return;
    if (!built(*on.result)) {
        cell.not_built += on.result->outcome == "not-built";
        return;
    }
    cell.files_run++;
    cell.files_failing += is_failing_status(on.status);
    const auto& counts = on.result->counts;
    if (counts.is_object()) {
        cell.executed += counts.value("executed", std::uint64_t{0});
        cell.failures += counts.value("failures", std::uint64_t{0});
    }
}

std::string cell_status(const WineUnitCell& cell) {
    if (cell.files_failing) return "fail";
    if (cell.files_run) return "pass";
    if (cell.not_built) return "not-built";
    return "not-run";
}

} // namespace

std::string control_of(const std::string& target,
                       const std::map<std::string, nlohmann::json>& identities) {
    const auto it = identities.find(target);
    if (it == identities.end() || arch_of(it->second) == "x86_64") return "";
    for (const auto& [name, identity] : identities)
        if (arch_of(identity) == "x86_64" &&
            wine_version_of(identity) == wine_version_of(it->second))
            return name;
    return "";
}

WineTests build_wine_tests(const Site& site) {
    WineTests out;
    std::map<std::string, nlohmann::json> identities;
    for (const auto& page : site.target_pages)
        identities[page.name] = page.identity;
    const std::size_t n = site.targets.size();
    // Per target: its control's index, and the arm64-only failures of each test.
    std::vector<std::map<std::string, std::size_t>> arm64_only(n);
    for (std::size_t t = 0; t < n; t++) {
        WineTargetTotals totals;
        totals.target = site.targets[t];
        totals.arch = arch_of(identities[totals.target]);
        totals.control = control_of(totals.target, identities);
        const auto c = std::find(site.targets.begin(), site.targets.end(), totals.control);
        if (c != site.targets.end())
            arm64_only[t] = arm64_only_by_test(site, t, static_cast<std::size_t>(c - site.targets.begin()));
        out.totals.push_back(totals);
    }
    std::map<std::string, const TestModel*> tests;
    for (const auto& test : site.tests)
        tests[test.id] = &test;
    for (const auto& program : site.programs) {
        const Entry& entry = *program.entry;
        if (entry.source.kind != "wine-test") continue;
        WineUnitRow row{entry.id, entry.source.name, entry.source.dir, entry.source.version, {}, 0, 0};
        for (std::size_t t = 0; t < n; t++) {
            WineUnitCell cell;
            cell.target = site.targets[t];
            for (const auto& spec : entry.tests) {
                const auto it = tests.find(entry.id + "/" + spec.name);
                if (it == tests.end()) continue;
                add_file(cell, it->second->targets[t]);
                if (auto a = arm64_only[t].find(it->first); a != arm64_only[t].end())
                    cell.arm64_only += a->second;
            }
            cell.status = cell_status(cell);
            WineTargetTotals& totals = out.totals[t];
            totals.units++;
            totals.units_built += cell.files_run > 0;
            totals.files_run += cell.files_run;
            totals.files_failing += cell.files_failing;
            totals.executed += cell.executed;
            totals.failures += cell.failures;
            totals.arm64_only += cell.arm64_only;
            totals.arm64_only_files += cell.arm64_only > 0;
            row.arm64_only += cell.arm64_only;
            row.failures += cell.failures;
            row.cells.push_back(std::move(cell));
        }
        out.units.push_back(std::move(row));
    }
    std::stable_sort(out.units.begin(), out.units.end(), [](const WineUnitRow& a, const WineUnitRow& b) {
        return std::make_tuple(-static_cast<long long>(a.arm64_only), -static_cast<long long>(a.failures), a.unit) <
               std::make_tuple(-static_cast<long long>(b.arm64_only), -static_cast<long long>(b.failures), b.unit);
    });
    return out;
}

} // namespace woa::web
