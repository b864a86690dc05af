// Against an x86-64 control: the same tests, built for x86-64 and run by Debian's amd64 wine of
// the same suite on the same machine (target arch x86_64). A failure on the arm64 target that
// the control does not have is arm64's own (wine-arm64 or qemu); one the control has too comes
// from the environment or from wine in general. Failure signatures (sub-tests such as
// "file.c:123") are compared one by one, so a test file failing on both can still hold
// arm64-only failures. Pure logic on verdicts and result records.
#pragma once

#include "differ/compare.h"
#include "runner/results_db.h"

#include <string>
#include <vector>

namespace woa {

inline constexpr const char* arm64_only = "arm64-only";
inline constexpr const char* also_on_x86_64 = "also-on-x86-64";
inline constexpr const char* x86_64_only = "x86-64-only";

// Sets Verdict::control (and arm64_only_failures) on the verdicts of a target-against-target
// comparison whose baseline (`control`) is an x86-64 target.
void split_against_control(std::vector<Verdict>& verdicts, const std::vector<ResultRecord>& current,
                           const std::vector<ResultRecord>& control);

// "trixie against the x86-64 control trixie-x64: 3 tests with arm64-only failures (7 failing
// sub-tests), 2 failing on x86-64 too, 1 failing only on x86-64", one line per arm64 target.
std::vector<std::string> control_summary(const std::vector<Verdict>& verdicts);

} // namespace woa
