// woa-contain's report (core/process.cpp parse_contain_report) on any bytes: nothing thrown,
// and what it accepts is exactly what woa-contain would write for the same values.
#include "core/process.h"
#include "tests/fuzz/fuzz_support.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(woa::fuzz::text_of(data, size));
    const auto report = woa::parse_contain_report(text);
    if (!report) return 0;
    const std::string written =
        report->started ? std::string(report->exited ? "exited " : "signal ") +
                              std::to_string(report->value) + " " +
                              std::to_string(report->leftovers) + " " +
                              std::to_string(report->crashed) + " " +
                              std::to_string(report->crash_signal) + " " +
                              std::to_string(report->user_ms) + " " +
                              std::to_string(report->sys_ms) + " " +
                              std::to_string(report->max_rss_kb) + "\n"
                        : "exec-failed " + std::to_string(report->value) + "\n";
    woa::fuzz::require(written == text, "only the helper's own lines are accepted, whole");
    return 0;
}
