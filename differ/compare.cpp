#include "differ/compare.h"

#include "core/markup.h"
#include "differ/output.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>

namespace woa {

namespace {

// Regressions first: what a reader must see; then the rest in a stable order.
int rank(const std::string& verdict) {
    static const std::vector<std::string> order = {"regression",    "fail",
                                                   "crash",         "timeout",
                                                   "unimplemented", "missing-dll",
                                                   "loader-error",  "output-limit",
                                                   "wrong-arch",    "not-built",
                                                   "harness-error", "flaky",
                                                   "new",           "no-native-build",
                                                   "native-failed", "removed",
                                                   "still-failing", "no-reference",
                                                   "fix",           "pass"};
    return static_cast<int>(std::find(order.begin(), order.end(), verdict) - order.begin());
}

// In JUnit: what is wrong now is a failure; what was already wrong, or is not known, skipped.
bool is_skipped(const std::string& verdict) {
    return verdict == "still-failing" || verdict == "removed" || verdict == "no-reference" ||
           verdict == "flaky" || verdict == "no-native-build" || verdict == "native-failed";
}
bool is_failure(const std::string& verdict) {
    return !is_skipped(verdict) && verdict != "pass" && verdict != "fix" && verdict != "new";
}

// A result of a test that was not run (the binary is not the target's, or did not build): what
// it says is its own outcome, never a regression or a fix.
bool not_run(const std::string& outcome) {
    return outcome == "wrong-arch" || outcome == "not-built";
}

// Program output reaches these cells: every character Markdown gives a meaning to is escaped
// (CommonMark's backslash escapes), so a detail cannot open a link, a tag or a new row.
std::string escape_markdown(const std::string& text) {
    static const std::string special = "\\`*_[]<>|#!~&";
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r')
            out += ' ';
        else if (special.find(c) != std::string::npos)
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

std::vector<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::vector<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

std::string count_of(std::size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// Still failing as a whole, but judged by failure signature too: a sub-test that fails now and
// did not is a regression of its own (wine's tests fail by the dozen; one more is news).
// The failing assertions of a result. A wine test's per-process summary ("path") fails with
// any of them, or is absent after a crash: it is no signature of its own.
std::set<std::string> failure_signatures(const ResultRecord& r) {
    std::set<std::string> out = failing_subtests(r);
    if (!r.counts.is_null())
        for (auto it = out.begin(); it != out.end();)
            it = it->find(':') == std::string::npos ? out.erase(it) : std::next(it);
    return out;
}

void judge_both_failing(Verdict& v, const ResultRecord& c, const ResultRecord& b) {
    const auto now = failure_signatures(c), then = failure_signatures(b);
    v.new_failures = minus(now, then);
    v.fixed_failures = minus(then, now);
    const std::string outcomes = c.outcome == b.outcome ? c.outcome : b.outcome + " -> " + c.outcome;
    if (!v.new_failures.empty()) {
        v.verdict = "regression";
        v.detail = count_of(v.new_failures.size(), "new failing sub-test") + ": " +
                   v.new_failures.front() + (v.new_failures.size() > 1 ? ", ..." : "") + " (" +
                   outcomes + ")";
        return;
    }
    v.verdict = "still-failing";
    v.detail = outcomes + (c.detail.empty() ? "" : ": " + c.detail);
    if (!v.fixed_failures.empty())
        v.detail += " (" + count_of(v.fixed_failures.size(), "sub-test") + " fixed)";
}

} // namespace

std::set<std::string> failing_subtests(const ResultRecord& result) {
    std::set<std::string> out;
    for (const auto& s : result.subtests)
        if (s.outcome == "fail") out.insert(s.name);
    return out;
}

std::string repeats_text(const ResultRecord& result) {
    std::string out = "repeats differ:";
    for (std::size_t i = 0; i < result.samples.size(); i++)
        out += (i ? ", " : " ") + result.samples[i].outcome;
    return out;
}

bool is_flaky(const ResultRecord& result) {
    std::set<std::string> outcomes;
    for (const auto& s : result.samples)
        outcomes.insert(s.outcome);
    return outcomes.size() > 1;
}

double spread(const ResultRecord& result) {
    if (result.samples.size() < 2) return 0;
    double low = result.samples[0].wall_s, high = low;
    for (const auto& s : result.samples) {
        low = std::min(low, s.wall_s);
        high = std::max(high, s.wall_s);
    }
    const double m = result.wall_s; // the runner stores the median of the repeats
    return m > 0 ? (high - low) / m : 0;
}

std::vector<Verdict> compare(const std::vector<ResultRecord>& current,
                             const std::vector<ResultRecord>& baseline, bool pair_by_test,
                             const TimingCheck& timing, bool against_native) {
    auto key = [&](const ResultRecord& r) {
        return pair_by_test ? r.test : r.test + "@" + r.target;
    };
    std::map<std::string, const ResultRecord*> base;
    for (const auto& r : baseline)
        base[key(r)] = &r;
    std::set<std::string> seen; // test@target of every current result
    std::set<std::string> current_targets;
    std::vector<Verdict> out;
    for (const auto& c : current) {
        Verdict v;
        v.test = c.test;
        v.target = c.target;
        v.outcome = c.outcome;
        seen.insert(c.test + "@" + c.target);
        current_targets.insert(c.target);
        const auto it = base.find(key(c));
        if (it != base.end()) {
            v.baseline_target = it->second->target;
            v.baseline_outcome = it->second->outcome;
        }
        if (not_run(c.outcome)) {
            v.verdict = c.outcome;
            v.detail = c.detail;
            out.push_back(v);
            continue;
        }
        if (it == base.end()) {
            v.verdict = against_native ? "no-native-build" : "new";
            v.detail = c.outcome == "ok" ? "" : c.detail;
            out.push_back(v);
            continue;
        }
        const ResultRecord& b = *it->second;
        v.evidence = evidence_of(c);
        // Both ended well but printed something else (after normalisation): not a pass. Not
        // for wine's tests (they carry counters): their output is timings, handles and
        // addresses, and their verdict is their own failure count and failing lines.
        bool output_differs = false;
        // A wine test that exits 0 without its summary line ended early (ExitProcess from a
        // failing thread, say): not a pass, whatever the other side printed.
        const bool wine_tests = !c.counts.is_null() || !b.counts.is_null();
        bool summary_missing = false;
        if (c.outcome == "ok" && b.outcome == "ok" && !wine_tests) {
            const OutputComparison o = compare_output(c.output, b.output);
            output_differs = o.comparable && !o.same;
            v.output_diff = o.diff;
            v.normalisation = o.rules;
        } else if (c.outcome == "ok" && b.outcome == "ok") {
            summary_missing = c.counts.is_null() && !b.counts.is_null();
            output_differs = summary_missing;
        }
        const bool now_ok = c.outcome == "ok" && !output_differs, was_ok = b.outcome == "ok";
        if (is_flaky(c) || (is_flaky(b) && now_ok != was_ok)) {
            // A test that does not always end the same way is neither a pass nor, on one
            // observation, a regression or a fix.
            v.verdict = "flaky";
            v.detail = is_flaky(c) ? repeats_text(c) : "the baseline's " + repeats_text(b);
        } else if (was_ok && now_ok) {
            v.verdict = "pass";
        } else if (was_ok) {
            v.verdict = "regression";
            v.detail = summary_missing ? "ended without wine's summary line (the test stopped early)"
                       : output_differs ? "output differs"
                                      : c.outcome + (c.detail.empty() ? "" : ": " + c.detail);
            if (output_differs && !summary_missing && v.output_diff.empty())
                v.detail += " (a side's text was not kept, too large or not text: only the "
                            "hashes differ)";
        } else if (now_ok && against_native) {
            // The native build failing says nothing good about the emulated one.
            v.verdict = "native-failed";
            v.detail =
                "the native build ended " + b.outcome + (b.detail.empty() ? "" : ": " + b.detail);
        } else if (now_ok) {
            v.verdict = "fix";
            v.detail = "was " + b.outcome + (b.detail.empty() ? "" : ": " + b.detail);
        } else {
            judge_both_failing(v, c, b);
        }
        const double now = c.wall_s, then = b.wall_s;
        if (now > 0 && then > 0 && c.outcome == "ok" && was_ok) {
            v.ratio = now / then;
            // The band: what the repeats themselves vary by, on either side. One sample has no
            // band to judge by: its ratio is shown, never called a regression.
            const double band = 1 + std::max(spread(c), spread(b));
            v.slower = c.samples.size() >= 2 && b.samples.size() >= 2 &&
                       v.ratio > std::max(timing.min_ratio, band);
            if (v.slower) {
                char text[96];
                std::snprintf(text, sizeof text, "%.2fx slower (%.2f s, was %.2f s)", v.ratio, now,
                              then);
                v.detail = text;
            }
        }
        out.push_back(v);
    }
    // Removed: in the baseline, but not on a current target (target against target: on each
    // of the targets compared with the baseline's).
    auto removed = [&](const ResultRecord& b, const std::string& target) {
        Verdict v;
        v.test = b.test;
        v.target = target;
        v.baseline_target = b.target;
        v.verdict = "removed";
        v.baseline_outcome = b.outcome;
        out.push_back(v);
    };
    for (const auto& b : baseline) {
        if (!pair_by_test) {
            if (!seen.count(b.test + "@" + b.target)) removed(b, b.target);
            continue;
        }
        for (const auto& target : current_targets)
            if (!seen.count(b.test + "@" + target)) removed(b, target);
    }
    sort_verdicts(out);
    return out;
}

std::string evidence_of(const ResultRecord& result, std::size_t limit) {
    std::string out;
    std::size_t n = 0;
    for (const auto& s : result.subtests)
        if (s.outcome == "fail" && n++ < limit) out += s.name + ": " + s.message + "\n";
    return out;
}

std::vector<TimingSummary>
geometric_means(const std::vector<std::pair<std::string, double>>& ratios) {
    std::map<std::string, std::pair<double, std::size_t>> sums; // target -> sum of logs, count
    for (const auto& [target, ratio] : ratios) {
        sums[target].first += std::log(ratio);
        sums[target].second++;
    }
    std::vector<TimingSummary> out;
    for (const auto& [target, s] : sums)
        out.push_back({target, std::exp(s.first / static_cast<double>(s.second)), s.second});
    return out;
}

std::vector<TimingSummary> geometric_mean_ratios(const std::vector<ResultRecord>& results,
                                                 const std::string& baseline_target) {
    std::map<std::string, const ResultRecord*> baseline;
    for (const auto& r : results)
        if (r.target == baseline_target && r.outcome == "ok" && r.wall_s > 0) baseline[r.test] = &r;
    std::vector<std::pair<std::string, double>> ratios;
    for (const auto& r : results) {
        if (r.target == baseline_target || r.outcome != "ok" || r.wall_s <= 0) continue;
        if (const auto b = baseline.find(r.test); b != baseline.end())
            ratios.emplace_back(r.target, r.wall_s / b->second->wall_s);
    }
    return geometric_means(ratios);
}

void sort_verdicts(std::vector<Verdict>& verdicts) {
    std::stable_sort(verdicts.begin(), verdicts.end(), [](const Verdict& a, const Verdict& b) {
        if (rank(a.verdict) != rank(b.verdict)) return rank(a.verdict) < rank(b.verdict);
        return std::tie(a.test, a.target) < std::tie(b.test, b.target);
    });
}

std::map<std::string, VerdictCounts> verdict_counts(const std::vector<Verdict>& verdicts) {
    std::map<std::string, VerdictCounts> counts;
    for (const auto& v : verdicts) {
        counts[v.target].verdicts[v.verdict]++;
        counts[v.target].slower += v.slower;
    }
    return counts;
}

std::vector<std::string> verdict_summary(const std::vector<Verdict>& verdicts) {
    std::vector<std::string> lines;
    for (const auto& [target, c] : verdict_counts(verdicts)) {
        std::vector<std::pair<std::string, int>> sorted(c.verdicts.begin(), c.verdicts.end());
        std::sort(sorted.begin(), sorted.end(),
                  [](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
        std::string line = (target.empty() ? "(removed)" : target) + ":";
        for (std::size_t i = 0; i < sorted.size(); i++)
            line += (i ? ", " : " ") + std::to_string(sorted[i].second) + " " + sorted[i].first;
        if (c.slower) line += "; " + std::to_string(c.slower) + " slower";
        lines.push_back(line);
    }
    return lines;
}

std::string to_junit(const std::vector<Verdict>& verdicts, const std::string& suite_name) {
    std::map<std::string, std::vector<const Verdict*>> by_target;
    for (const auto& v : verdicts)
        by_target[v.target.empty() ? v.baseline_target : v.target].push_back(&v);
    std::ostringstream xml;
    xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\""
        << escape_xml(suite_name) << "\">\n";
    for (const auto& [target, list] : by_target) {
        int failures = 0, skipped = 0;
        for (const Verdict* v : list) {
            failures += is_failure(v->verdict);
            skipped += is_skipped(v->verdict);
        }
        xml << "  <testsuite name=\"" << escape_xml(target) << "\" tests=\"" << list.size()
            << "\" failures=\"" << failures << "\" skipped=\"" << skipped << "\">\n";
        for (const Verdict* v : list) {
            xml << "    <testcase classname=\"" << escape_xml(target) << "\" name=\""
                << escape_xml(v->test) << "\"";
            const std::string message = v->verdict + (v->detail.empty() ? "" : ": " + v->detail);
            if (is_failure(v->verdict))
                xml << "><failure type=\"" << escape_xml(v->verdict) << "\" message=\""
                    << escape_xml(message) << "\"/></testcase>\n";
            else if (is_skipped(v->verdict))
                xml << "><skipped message=\"" << escape_xml(message) << "\"/></testcase>\n";
            else
                xml << "><system-out>" << escape_xml(message) << "</system-out></testcase>\n";
        }
        xml << "  </testsuite>\n";
    }
    xml << "</testsuites>\n";
    return xml.str();
}

bool is_failure(const Verdict& v) {
    return v.verdict != "pass" && v.verdict != "fix" && v.verdict != "no-reference" &&
           v.verdict != "removed" && v.verdict != "native-failed" &&
           !((v.verdict == "new" || v.verdict == "no-native-build") && v.outcome == "ok");
}

std::string to_markdown(const std::vector<Verdict>& verdicts, bool against_references) {
    std::ostringstream md;
    md << "| verdict | test | target | " << (against_references ? "reference" : "was")
       << " | now | detail | known issue |\n"
          "|---|---|---|---|---|---|---|\n";
    for (const auto& v : verdicts) {
        std::string known = is_failure(v) && v.known.empty() ? "new" : "";
        for (const auto& k : v.known)
            known += (known.empty() ? "" : ", ") +
                     (k.link.empty() ? escape_markdown(k.id)
                                     : "[" + escape_markdown(k.id) + "](" + k.link + ")");
        md << "| " << v.verdict << (v.slower ? " (slower)" : "") << " | " << escape_markdown(v.test)
           << " | " << escape_markdown(v.target) << " | " << escape_markdown(v.baseline_outcome)
           << " | " << escape_markdown(v.outcome) << " | " << escape_markdown(v.detail) << " | "
           << known << " |\n";
    }
    return md.str();
}

} // namespace woa
