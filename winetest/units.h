// Wine's conformance tests in a wine source tree: each test unit (dlls/NAME/tests,
// programs/NAME/tests) as its Makefile.in describes it. The tree comes from a download, so its
// Makefile.in files are read defensively: bounded, and only the few variables the build needs.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace woa::winetest {

// VAR = words ... with backslash-continued lines joined; '#' comments and rules ignored.
// Throws InputError(file, ...) for a file that is not plausibly a Makefile.in.
std::map<std::string, std::vector<std::string>> parse_makefile_in(std::string_view text,
                                                                  const std::filesystem::path& file);

struct TestUnit {
    std::string name;              // TESTDLL without ".dll": "kernel32", "cmd.exe"
    std::filesystem::path dir;     // in the tree: "dlls/kernel32/tests"
    std::string testdll;           // "kernel32.dll"
    std::vector<std::string> imports, sources, extradefs, extraidlflags;
    std::filesystem::path parentsrc; // relative to dir, "" for none
    std::vector<std::string> tests;   // one per test file: its START_TEST name ("path")
    std::vector<std::string> missing; // SOURCES not in the tree (Debian's repack drops some)

    std::string program() const;      // "kernel32_test.exe", "cmd.exe_test.exe"
    std::string entry_id() const;     // "wine-kernel32"
};

// The unit of `dir` (relative to `tree`).
TestUnit read_test_unit(const std::filesystem::path& tree, const std::filesystem::path& dir);

// Every unit of the tree, sorted by folder: dlls/*/tests and programs/*/tests.
std::vector<TestUnit> find_test_units(const std::filesystem::path& tree);

// Where a source file of the unit lies: its own folder, else PARENTSRC; "" when in neither.
std::filesystem::path unit_source(const std::filesystem::path& tree, const TestUnit& unit,
                                  const std::string& name);

} // namespace woa::winetest
