// `woa bisect`: given targets ordered oldest to newest, the first whose outcome of a test
// differs from the first target's, observing as few targets as a binary search needs. The
// search itself is pure: observing a target (running the test on it) is the caller's.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace woa {

struct BisectStep {
    std::size_t index = 0; // into the targets
    std::string outcome;
};

struct BisectResult {
    bool changed = false;          // the last target's outcome differs from the first's
    std::size_t first = 0;         // index of the first target that differs (when changed)
    std::vector<BisectStep> steps; // what was observed, in order
};

// Observes the first and the last target; when they agree, reports no change (a change that
// is undone by a later target is not looked for). Otherwise halves the range between the last
// target that agrees with the first and the first known to differ. Throws UsageError for
// fewer than two targets.
BisectResult bisect(std::size_t count, const std::function<std::string(std::size_t)>& observe);

} // namespace woa
