// `woa target doctor`: checks each piece of a target's wiring and says what is wrong in words.
#pragma once

#include "core/process.h"
#include "runner/target.h"

#include <string>
#include <vector>

namespace woa {

struct DoctorCheck {
    std::string name;
    bool ok = false;
    std::string message; // what was found; when not ok, what it breaks and how to fix it
};

std::vector<DoctorCheck> doctor(ProcessRunner& runner, const TargetStore& store,
                                const std::string& name);

} // namespace woa
