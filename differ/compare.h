// Verdicts of one set of results against a baseline set: an earlier run (`--against run:ID`) or
// another target of the same run (`--against target:NAME`). Pure logic on result records: the
// differ never runs a program and never writes the results store.
#pragma once

#include "runner/results_db.h"

#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace woa {

struct TimingCheck {
    double min_ratio = 1.25; // slower than this many times the baseline, and
                             // outside the repeats' own spread: a timing regression
};

struct Verdict {
    std::string test, target;    // the current result's
    std::string baseline_target; // the baseline's (differs for target comparisons)
    // pass, regression, fix, still-failing, new, removed, flaky; against the native builds,
    // no-native-build (for new) and native-failed (for fix); wrong-arch or not-built for a
    // test that was not run.
    std::string verdict;
    std::string outcome, baseline_outcome;
    std::string detail;
    double ratio = 0;        // current median wall time / baseline's; 0 when unknown
    bool slower = false;     // a timing regression: both sides repeated, and the ratio above
                             // min_ratio and the band of the repeats' spread
    std::string evidence;    // failing sub-tests' messages: what known issues also match
    std::string output_diff; // unified diff of the normalised outputs, when they differ
    std::vector<std::string> normalisation; // rules applied before comparing: "line-endings (3)"
    // The known issues that together explain every failing part of this verdict (empty: new).
    struct Known {
        std::string id, title, link;
    };
    std::vector<Known> known;
    std::map<std::string, Known> known_lines; // evidence line -> the issue that explains it
    // Against an x86-64 control (differ/control.h): arm64-only, also-on-x86-64, x86-64-only, or
    // "" when the baseline is no control; the failing sub-tests the control does not have.
    std::string control;
    std::vector<std::string> arm64_only_failures;
    // Both sides failing: the failing sub-tests (failure signatures, "file.c:12") that are new
    // here, and those that failed in the baseline and no longer do. A new one makes the verdict
    // a regression.
    std::vector<std::string> new_failures, fixed_failures;
};

// The names of a result's failing sub-tests (wine's flaky marks are not failures).
std::set<std::string> failing_subtests(const ResultRecord& result);

// A failing result's sub-test messages, one "name: message" a line, at most `limit` of them.
// Known issues see every line (a new failure may be the 21st of a wine test file); a report
// for people shows the first few.
std::string evidence_of(const ResultRecord& result,
                        std::size_t limit = std::numeric_limits<std::size_t>::max());

// Timing summarised per target: geometric_mean_ratios is the geometric mean of each test's
// median wall time over `baseline_target`'s, over the tests where both ended ok.
struct TimingSummary {
    std::string target;
    double geomean = 0;
    std::size_t tests = 0;
};
// Per target, the geometric mean of (target, ratio) pairs (each ratio > 0).
std::vector<TimingSummary>
geometric_means(const std::vector<std::pair<std::string, double>>& ratios);
std::vector<TimingSummary> geometric_mean_ratios(const std::vector<ResultRecord>& results,
                                                 const std::string& baseline_target);

// True when the repeats of a result did not all end the same way.
bool is_flaky(const ResultRecord& result);
// "repeats differ: ok, crash, ok"
std::string repeats_text(const ResultRecord& result);

// The spread of a result's repeats: (max - min) / median wall time, 0 for one sample.
double spread(const ResultRecord& result);

// `current` and `baseline` are paired by test and target (run against run), or by test alone
// when `pair_by_test` (target against target: baseline holds the other target's results).
// `against_native`: the baseline is the native linux-x64 builds (target host), where a test
// without one is no-native-build, not new, and a native build that failed makes no fix.
std::vector<Verdict> compare(const std::vector<ResultRecord>& current,
                             const std::vector<ResultRecord>& baseline, bool pair_by_test,
                             const TimingCheck& timing = {}, bool against_native = false);

// What a reader must see first (regressions, then failures of every kind), then the rest.
void sort_verdicts(std::vector<Verdict>& verdicts);

// Per target ("" for removed tests of no current target), the number of each verdict, and of
// timing regressions under the key "slower" (0 when none).
struct VerdictCounts {
    std::map<std::string, int> verdicts;
    int slower = 0;
};
std::map<std::string, VerdictCounts> verdict_counts(const std::vector<Verdict>& verdicts);

// Per target: "trixie: 40 pass, 2 regression, 1 fix".
std::vector<std::string> verdict_summary(const std::vector<Verdict>& verdicts);

// JUnit XML for CI: one testsuite per target; a failure per regression (or, against references,
// per result that is wrong: fail, crash, timeout, ...); still-failing, flaky, removed and
// no-reference tests are skipped; the rest pass.
std::string to_junit(const std::vector<Verdict>& verdicts, const std::string& suite_name);

// A verdict that says something is wrong (what known issues must explain): not a pass, fix,
// removal, missing reference or new test that ended ok.
bool is_failure(const Verdict& v);

// A Markdown table, regressions first, for a pull-request comment; failures name their known
// issues (linked) or say "new". The baseline's column is "was" (its outcome) against a run or
// a target; against reference results it is "reference" and holds the reference's origin.
std::string to_markdown(const std::vector<Verdict>& verdicts, bool against_references = false);

} // namespace woa
