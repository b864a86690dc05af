// Building wine's conformance tests outside wine's build system: each test unit becomes one
// <unit>_test.exe for aarch64-windows or x86_64-windows, with Debian's clang and lld against
// wine's own headers and import libraries (libwine-dev of that architecture), and wine's own
// tools (wine64-tools: wrc, widl, winebuild) for resources, IDL and helper DLLs. Builds are
// cached by (sources, toolchain, architecture) and made aside, so one is complete or absent.
#pragma once

#include "core/process.h"
#include "winetest/units.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace woa::winetest {

inline constexpr const char* architectures[] = {"aarch64", "x86_64"};

struct Toolchain {
    std::string arch;                    // "aarch64" or "x86_64"
    std::filesystem::path cc;            // clang
    std::filesystem::path cc_resources;  // clang's own headers (stddef.h, arm_neon.h, ...)
    std::filesystem::path sdk;           // libwine-dev of `arch`, extracted
    std::filesystem::path tools;         // wrc, widl, winebuild (scripts/provision-wine-sdk.sh)
    std::string identity;                // what a build depends on besides the sources

    std::filesystem::path include_dir() const { return sdk / "usr/include/wine/wine"; }
    std::filesystem::path lib_dir() const;
};

// One command of a unit's build. A failed test object leaves that test file out of the unit;
// any other failed step fails the whole unit.
struct BuildStep {
    enum class Kind { support, test_object, link };
    Kind kind = Kind::support;
    std::string label;                   // the source it makes: "path.c", "resource.rc"
    std::string test;                    // for test objects: the test file's name ("path")
    std::vector<std::string> argv;
    std::filesystem::path output;        // in the build folder
    bool into_program = false;           // the output is linked into the test program
    std::filesystem::path write_path;    // written with write_text before the step runs
    std::string write_text;
};

// Every step before the link, in order: IDL, helper DLLs, resources, then the test files.
// Pure: names files, starts nothing.
std::vector<BuildStep> plan_unit(const std::filesystem::path& tree, const TestUnit& unit,
                                 const Toolchain& toolchain, const std::filesystem::path& out);
// The generated testlist.c for the tests that compiled (as wine's makedep writes it).
std::string testlist_source(const std::vector<std::string>& tests);
// Compiling testlist.c and linking the program from `objects`.
std::vector<BuildStep> link_steps(const TestUnit& unit, const Toolchain& toolchain,
                                  const std::filesystem::path& out,
                                  const std::vector<std::filesystem::path>& objects);

// The first line of a compiler's or tool's output that says what went wrong.
std::string first_error(const std::string& log);

struct UnitBuild {
    std::string unit, arch;
    std::string state;                   // built, failed
    std::string error;                   // a failed unit: the step and its first error
    std::vector<std::string> tests;      // the test files the program runs
    std::map<std::string, std::string> not_built; // test file -> why it is not in the program
    std::filesystem::path program;       // for a built unit
    double seconds = 0;
};
nlohmann::json to_json(const UnitBuild& build);
UnitBuild unit_build_from_json(const nlohmann::json& doc, const std::filesystem::path& file);

// Where a unit's build lies: <builds>/<key>/<arch>/<unit>/ with build.json and the program,
// where <key> names the sources (`source_id`) and the toolchain.
std::filesystem::path unit_build_dir(const std::filesystem::path& builds,
                                     const std::string& source_id, const Toolchain& toolchain,
                                     const std::string& unit);
// The recorded build (built or failed), if there is one.
std::optional<UnitBuild> cached_build(const std::filesystem::path& builds,
                                      const std::string& source_id, const Toolchain& toolchain,
                                      const std::string& unit);

// Builds units into unit_build_dir. Cached: a unit already built (or failed) there is read
// back, not rebuilt.
class Builder {
public:
    Builder(ProcessRunner& processes, std::filesystem::path builds, std::string source_id)
        : processes_(processes), builds_(std::move(builds)), source_id_(std::move(source_id)) {}

    UnitBuild build(const std::filesystem::path& tree, const TestUnit& unit,
                    const Toolchain& toolchain) const;

private:
    UnitBuild run_steps(const std::filesystem::path& tree, const TestUnit& unit,
                        const Toolchain& toolchain, const std::filesystem::path& out) const;
    bool run_step(const BuildStep& step, const std::filesystem::path& out,
                  std::string& error) const;

    ProcessRunner& processes_;
    std::filesystem::path builds_;
    std::string source_id_;
};

} // namespace woa::winetest
