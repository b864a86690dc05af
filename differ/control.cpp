#include "differ/control.h"

#include <map>
#include <set>

namespace woa {

namespace {

bool failed(const std::string& outcome) {
    return !outcome.empty() && outcome != "ok";
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

void split_against_control(std::vector<Verdict>& verdicts, const std::vector<ResultRecord>& current,
                           const std::vector<ResultRecord>& control) {
    std::map<std::string, const ResultRecord*> here, there;
    for (const auto& r : current)
        here[r.test + "@" + r.target] = &r;
    for (const auto& r : control)
        there[r.test] = &r;
    for (auto& v : verdicts) {
        if (v.verdict == "removed" || v.verdict == "new") continue;
        const auto c = here.find(v.test + "@" + v.target);
        const auto b = there.find(v.test);
        if (c == here.end() || b == there.end()) continue;
        const bool fails_here = failed(c->second->outcome) || v.verdict == "regression";
        const bool fails_there = failed(b->second->outcome);
        if (!fails_here) {
            if (fails_there) v.control = x86_64_only;
            continue;
        }
        const auto mine = failing_subtests(*c->second), theirs = failing_subtests(*b->second);
        for (const auto& name : mine)
            if (!theirs.count(name)) v.arm64_only_failures.push_back(name);
        // The test file fails on both: arm64-only when some of its failures are.
        v.control = !fails_there || !v.arm64_only_failures.empty() ? arm64_only : also_on_x86_64;
    }
}

std::vector<std::string> control_summary(const std::vector<Verdict>& verdicts) {
    struct Counts {
        std::string control;
        std::size_t arm64_files = 0, arm64_failures = 0, both = 0, x86_64 = 0;
    };
    std::map<std::string, Counts> by_target;
    for (const auto& v : verdicts) {
        if (v.control.empty()) continue;
        Counts& c = by_target[v.target];
        c.control = v.baseline_target;
        if (v.control == arm64_only) {
            c.arm64_files++;
            c.arm64_failures += v.arm64_only_failures.size();
        }
        c.both += v.control == also_on_x86_64;
        c.x86_64 += v.control == x86_64_only;
    }
    std::vector<std::string> out;
    for (const auto& [target, c] : by_target)
        out.push_back(target + " against the x86-64 control " + c.control + ": " +
                      plural(c.arm64_files, "test with arm64-only failures",
                             "tests with arm64-only failures") +
                      " (" + plural(c.arm64_failures, "failing sub-test", "failing sub-tests") + "), " +
                      std::to_string(c.both) + " failing on x86-64 too, " +
                      std::to_string(c.x86_64) + " failing only on x86-64");
    return out;
}

} // namespace woa
