#include "web/model.h"

#include "core/error.h"
#include "runner/run.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace woa::web {

namespace {

std::string lower_case(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void add_once(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

using TestVerdicts = std::map<std::string, Verdict>; // test id -> verdict

std::vector<ResultRecord> results_of(const RunResults& run, const std::string& target) {
    std::vector<ResultRecord> out;
    for (const auto& r : run.results)
        if (r.target == target) out.push_back(r);
    return out;
}

TestVerdicts by_test(std::vector<Verdict> verdicts) {
    TestVerdicts out;
    for (auto& v : verdicts)
        out.emplace(v.test, std::move(v));
    return out;
}

std::string first_line(const std::string& text, std::size_t limit = 160) {
    std::string line = text.substr(0, text.find('\n'));
    if (line.size() > limit) line = line.substr(0, limit - 3) + "...";
    return line;
}

std::string reason_of(const Verdict& v) {
    std::string reason = v.detail.empty() ? v.verdict : first_line(v.detail);
    for (const auto& k : v.known)
        reason += " (known issue " + k.id + ")";
    return reason;
}

std::string qemu_release(const nlohmann::json& identity) {
    const std::string version = identity.value("/qemu/version"_json_pointer, std::string());
    return version.substr(0, version.find(' '));
}

std::string wine_of(const nlohmann::json& identity) {
    return identity.value("/wine/version"_json_pointer, std::string());
}

// Run-against-run and target-against-target verdicts as the regressions page names them.
std::string change_kind(const Verdict& v) {
    if (v.verdict == "regression") return "regressed";
    if (v.verdict == "fix") return "fixed";
    if (v.verdict == "new") return "new";
    if (v.verdict == "flaky") return "flaky";
    return "";
}

int change_rank(const std::string& kind) {
    return kind == "regressed" ? 0 : kind == "new" ? 1 : kind == "flaky" ? 2 : 3;
}

ChangeGroup change_group(const std::string& title, const std::string& from, const std::string& to,
                         const std::vector<Verdict>& verdicts) {
    ChangeGroup group{title, from, to, {}};
    for (const auto& v : verdicts) {
        const std::string kind = change_kind(v);
        if (kind.empty()) continue;
        group.changes.push_back({v.test, kind,
                                 v.baseline_outcome.empty() ? "-" : v.baseline_outcome,
                                 v.outcome.empty() ? "-" : v.outcome, first_line(v.detail)});
    }
    std::stable_sort(group.changes.begin(), group.changes.end(),
                     [](const Change& a, const Change& b) {
                         return std::make_pair(change_rank(a.kind), a.test) <
                                std::make_pair(change_rank(b.kind), b.test);
                     });
    return group;
}

} // namespace

bool is_failing_status(const std::string& status) {
    return status != "pass" && status != "no-reference" && status != "not-run";
}

std::vector<std::string> order_targets(const std::map<std::string, nlohmann::json>& identities) {
    std::vector<std::string> names;
    for (const auto& [name, identity] : identities)
        names.push_back(name);
    std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
        const auto& ia = identities.at(a);
        const auto& ib = identities.at(b);
        if (int c = compare_versions(wine_release(wine_of(ia)), wine_release(wine_of(ib))))
            return c < 0;
        if (int c = compare_versions(qemu_release(ia), qemu_release(ib))) return c < 0;
        return a < b;
    });
    return names;
}

const TestModel* Site::find_test(const std::string& id) const {
    for (const auto& t : tests)
        if (t.id == id) return &t;
    return nullptr;
}

Site build_site(const SiteInput& input) {
    if (input.runs.empty())
        throw Error("no runs to publish: the results store is empty (woa run first)");
    Site site;
    site.generated = input.generated;
    site.base_url = input.base_url;
    site.run_count = input.runs.size();
    site.latest_run = input.runs.back().run.id;

    // Per run and target: verdicts against the references, known issues marked.
    std::map<std::string, nlohmann::json> identities;
    std::map<std::string, std::vector<std::size_t>> runs_of_target; // target -> run indices
    std::vector<std::map<std::string, TestVerdicts>> verdicts(input.runs.size());
    std::optional<std::size_t> host_run;
    for (std::size_t i = 0; i < input.runs.size(); i++) {
        const RunResults& run = input.runs[i];
        std::set<std::string> names;
        for (const auto& r : run.results)
            names.insert(r.target);
        const auto wine = wine_versions(run.targets);
        for (const auto& name : names) {
            if (name == host_target) {
                host_run = i;
                continue;
            }
            auto v = compare_with_references(results_of(run, name), input.references);
            mark_known(v, input.known_issues, wine);
            verdicts[i][name] = by_test(std::move(v));
            runs_of_target[name].push_back(i);
            identities[name] = nlohmann::json::object();
            for (const auto& t : run.targets)
                if (t.name == name) identities[name] = t.identity;
        }
    }
    site.targets = order_targets(identities);

    // Per target: the latest run against the previous one (the differ's outcome verdicts).
    for (const auto& target : site.targets) {
        const auto& indices = runs_of_target[target];
        const std::size_t last = indices.back();
        if (indices.size() < 2) continue;
        const std::size_t previous = indices[indices.size() - 2];
        const auto v = compare(results_of(input.runs[last], target),
                               results_of(input.runs[previous], target), false);
        site.changes.push_back(change_group(target + ": run " +
                                                std::to_string(input.runs[previous].run.id) +
                                                " → run " + std::to_string(input.runs[last].run.id),
                                            "run " + std::to_string(input.runs[previous].run.id),
                                            "run " + std::to_string(input.runs[last].run.id), v));
    }
    // Between targets, each against the one before it (older wine/qemu first).
    for (std::size_t i = 1; i < site.targets.size(); i++) {
        const std::string& older = site.targets[i - 1];
        const std::string& newer = site.targets[i];
        const std::size_t older_run = runs_of_target[older].back();
        const std::size_t newer_run = runs_of_target[newer].back();
        const auto v = compare(results_of(input.runs[newer_run], newer),
                               results_of(input.runs[older_run], older), true);
        site.changes.push_back(change_group(older + " → " + newer, older, newer, v));
    }

    std::map<std::string, ResultRecord> host;
    if (host_run)
        for (const auto& r : results_of(input.runs[*host_run], host_target))
            host.emplace(r.test, r);

    std::map<std::tuple<std::size_t, std::string, std::string>, const ResultRecord*>
        results_by_key; // (run index, target, test)
    for (std::size_t i = 0; i < input.runs.size(); i++)
        for (const auto& r : input.runs[i].results)
            results_by_key.emplace(std::make_tuple(i, r.target, r.test), &r);

    std::set<std::string> tags;
    for (const auto& entry : input.entries) {
        ProgramModel program;
        program.entry = &entry;
        if (auto it = input.inspections.find(entry.id); it != input.inspections.end())
            program.inspection = it->second;
        else
            program.inspection.note = "not inspected";
        for (const auto& tag : entry.tags)
            tags.insert(tag);
        if (!entry.toolchain.empty()) tags.insert(entry.toolchain);
        for (const auto& spec : entry.tests) {
            TestModel test;
            test.entry = entry.id;
            test.name = spec.name;
            test.id = entry.id + "/" + spec.name;
            test.spec = &spec;
            test.reference = input.references.find(test.id);
            if (auto h = host.find(test.id); h != host.end()) test.host = h->second;
            for (const auto& target : site.targets) {
                TestOnTarget cell;
                cell.target = target;
                if (auto b = input.bundles.find(test.id + "@" + target); b != input.bundles.end())
                    cell.bundle = b->second;
                for (std::size_t i : runs_of_target[target]) {
                    HistoryCell h{input.runs[i].run.id, input.runs[i].run.started, "not-run",
                                  "not run", std::nullopt};
                    const auto& of_run = verdicts[i][target];
                    if (auto v = of_run.find(test.id); v != of_run.end()) {
                        h.status = v->second.verdict;
                        h.reason = reason_of(v->second);
                    }
                    if (auto r = results_by_key.find({i, target, test.id});
                        r != results_by_key.end() && r->second->counts.is_object())
                        h.failures = r->second->counts.value("failures", std::uint64_t{0});
                    cell.history.push_back(h);
                }
                const std::size_t last = runs_of_target[target].back();
                cell.run = input.runs[last].run.id;
                const auto& latest = verdicts[last][target];
                if (auto v = latest.find(test.id); v != latest.end()) {
                    cell.verdict = v->second;
                    cell.status = v->second.verdict;
                    cell.reason = reason_of(v->second);
                    if (auto r = results_by_key.find({last, target, test.id});
                        r != results_by_key.end())
                        cell.result = *r->second;
                    cell.new_failure = is_failing_status(cell.status) && v->second.known.empty();
                } else {
                    cell.reason = "not run on " + target;
                }
                // Against the target's previous run, as the cells show it (the verdicts
                // against the references), so a marker never contradicts its cell.
                if (cell.history.size() >= 2) {
                    const std::string& before = cell.history[cell.history.size() - 2].status;
                    if (before != "not-run" && cell.status != "not-run" &&
                        is_failing_status(before) != is_failing_status(cell.status))
                        cell.change = is_failing_status(cell.status) ? "regression" : "fix";
                }
                test.targets.push_back(std::move(cell));
            }
            // Regressions first, then new failures, known failures, flaky, not run, the rest.
            test.rank = 5;
            for (const auto& cell : test.targets) {
                int r = 5;
                if (cell.change == "regression")
                    r = 0;
                else if (cell.status == "flaky")
                    r = 3;
                else if (cell.new_failure)
                    r = 1;
                else if (is_failing_status(cell.status))
                    r = 2;
                else if (cell.status == "not-run")
                    r = 4;
                test.rank = std::min(test.rank, r);
            }
            program.tests.push_back(site.tests.size());
            site.tests.push_back(std::move(test));
        }
        std::stable_sort(
            program.tests.begin(), program.tests.end(),
            [&](std::size_t a, std::size_t b) { return site.tests[a].rank < site.tests[b].rank; });
        program.rank = program.tests.empty() ? 5 : site.tests[program.tests.front()].rank;
        site.programs.push_back(std::move(program));
    }
    std::stable_sort(site.programs.begin(), site.programs.end(),
                     [](const ProgramModel& a, const ProgramModel& b) { return a.rank < b.rank; });
    site.tags.assign(tags.begin(), tags.end());

    // Target pages.
    for (std::size_t t = 0; t < site.targets.size(); t++) {
        TargetModel page;
        page.name = site.targets[t];
        page.identity = identities[page.name];
        const std::size_t last = runs_of_target[page.name].back();
        page.run = input.runs[last].run.id;
        page.run_started = input.runs[last].run.started;
        std::vector<std::pair<std::string, double>> ratios;
        for (std::size_t i = 0; i < site.tests.size(); i++) {
            const TestModel& test = site.tests[i];
            const TestOnTarget& cell = test.targets[t];
            page.counts[cell.status]++;
            if (cell.result && cell.result->outcome == "ok" && test.host &&
                test.host->outcome == "ok" && test.host->wall_s > 0 && cell.result->wall_s > 0) {
                page.slowdowns.push_back(cell.result->wall_s / test.host->wall_s);
                ratios.emplace_back(page.name, page.slowdowns.back());
            }
            if (cell.status == "not-run") continue;
            for (const auto& other : test.targets)
                if (other.status != "not-run" && other.status != cell.status) {
                    page.differing.push_back(i);
                    break;
                }
        }
        const auto means = geometric_means(ratios);
        if (!means.empty()) page.geomean = means.front().geomean;
        site.target_pages.push_back(std::move(page));
    }

    // API coverage: imported functions the targets' wine lacks, by how many programs need them,
    // and the functions wine said were unimplemented when a test called them.
    std::map<std::pair<std::string, std::string>, ApiGap> gaps;
    std::set<std::string> unchecked;
    auto gap_of = [&](const std::string& dll, const std::string& function, const std::string& entry,
                      const std::string& target) -> ApiGap& {
        ApiGap& gap = gaps[{lower_case(dll), function}];
        gap.dll = lower_case(dll);
        gap.function = function;
        add_once(gap.programs, entry);
        add_once(gap.targets, target);
        return gap;
    };
    for (const auto& [entry, inspection] : input.inspections)
        for (const auto& [target, missing] : inspection.missing)
            for (const auto& m : missing) {
                if (m.effect == "not checked") {
                    unchecked.insert(target);
                    continue;
                }
                ApiGap& gap = gap_of(m.dll, m.function, entry, target);
                if (gap.effect.empty() || gap.why == "seen at run time" ||
                    m.effect == "will not load")
                    gap.effect = m.effect, gap.why = m.why;
            }
    // From every published run: a test the latest run did not repeat still showed the gap.
    for (const auto& published : input.runs)
        for (const auto& result : published.results) {
            const TestModel* test = site.find_test(result.test);
            if (!test || result.target == host_target || !result.wine.is_object()) continue;
            const auto called = result.wine.find("unimplemented");
            if (called == result.wine.end() || !called->is_array()) continue;
            for (const auto& name : *called) {
                // wine's "DLL.NAME": the function's name has no dot, a DLL's has one.
                const std::string text = name.is_string() ? name.get<std::string>() : "";
                const std::size_t dot = text.rfind('.');
                if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) continue;
                ApiGap& gap =
                    gap_of(text.substr(0, dot), text.substr(dot + 1), test->entry, result.target);
                if (gap.effect.empty())
                    gap.effect = "failed when called", gap.why = "seen at run time";
                const std::pair<std::string, std::string> seen{test->entry, test->name};
                if (std::find(gap.seen_in.begin(), gap.seen_in.end(), seen) == gap.seen_in.end())
                    gap.seen_in.push_back(seen);
            }
        }
    for (auto& [key, gap] : gaps)
        site.api.push_back(std::move(gap));
    std::stable_sort(site.api.begin(), site.api.end(), [](const ApiGap& a, const ApiGap& b) {
        if (a.programs.size() != b.programs.size()) return a.programs.size() > b.programs.size();
        return a.targets.size() > b.targets.size();
    });
    site.unchecked_targets.assign(unchecked.begin(), unchecked.end());
    return site;
}

} // namespace woa::web
