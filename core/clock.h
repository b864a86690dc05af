// The wall clock behind a seam, so what records dates can be tested with a fixed one.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace woa {

using WallClock = std::function<std::chrono::system_clock::time_point()>;

inline WallClock system_wall_clock() {
    return [] { return std::chrono::system_clock::now(); };
}

// "2026-11-23T20:30:00Z"
std::string iso8601_utc(std::chrono::system_clock::time_point when);

} // namespace woa
