// Inline SVG charts for the site: timings of a test per target, and a target's slowdown
// distribution. Plain strings: every label is escaped here (core/markup.h), numbers are formatted.
#pragma once

#include <string>
#include <vector>

namespace woa::web {

// "0.42 s", "12.3 s", "2 min 5 s".
std::string format_seconds(double seconds);

struct TimingRow {
    std::string label;           // a target, "host", "reference"
    std::vector<double> samples; // wall seconds of each repeat (may be empty)
    double median = 0;           // 0: none
};

// One row per label: a dot per repeat and a bar at the median, on one shared linear scale.
// "" when no row has a sample or a median (the page then says there are no timings).
std::string timing_chart(const std::vector<TimingRow>& rows);

// A histogram of slowdown ratios in doubling bins (< 1x, 1-2x, 2-4x, ... >= 64x). "" when empty.
std::string slowdown_chart(const std::vector<double>& ratios);

} // namespace woa::web
