// The launcher's report (runner/exec.cpp parse_launch_report) on any bytes: nothing thrown, and
// what it accepts is what woa-launch.exe writes for the same value.
#include "runner/exec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto report = woa::parse_launch_report(woa::fuzz::text_of(data, size));
    if (!report) return 0;
    char written[48];
    std::snprintf(written, sizeof written, report->created ? "exit 0x%08x" : "create-failed %u",
                  static_cast<unsigned>(report->value));
    const auto again = woa::parse_launch_report(written);
    woa::fuzz::require(again && again->created == report->created && again->value == report->value,
                       "the launcher's own report of the value reads back the same");
    return 0;
}
