#include "differ/bisect.h"

#include "core/error.h"

namespace woa {

BisectResult bisect(std::size_t count, const std::function<std::string(std::size_t)>& observe) {
    if (count < 2) throw UsageError("bisect needs at least two targets, oldest first");
    BisectResult result;
    auto look = [&](std::size_t i) {
        std::string outcome = observe(i);
        result.steps.push_back({i, outcome});
        return outcome;
    };
    const std::string first = look(0);
    if (look(count - 1) == first) return result;
    result.changed = true;
    std::size_t same = 0, differs = count - 1; // invariant: same agrees, differs does not
    while (differs - same > 1) {
        const std::size_t middle = same + (differs - same) / 2;
        if (look(middle) == first)
            same = middle;
        else
            differs = middle;
    }
    result.first = differs;
    return result;
}

} // namespace woa
