// Wine's conformance tests as corpus entries (kind wine-test, from corpus/wine-tests/*.json):
// fetching one means its Debian source package (once for all units) and building its unit for
// both architectures; running one means finding the program built for the target's
// architecture, or saying why there is none (`not_built`: the build could not make it).
#pragma once

#include "core/process.h"
#include "fetcher/fetch.h"
#include "fetcher/manifest.h"
#include "winetest/build.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace woa::winetest {

// The toolchains for wine's tests of one Debian suite: Debian's clang, and libwine-dev of that
// suite for each architecture (extracted into <home>/sdk by scripts/provision-wine-sdk.sh on
// first use, as the build does for the probes). Thread-safe.
class Toolchains {
public:
    Toolchains(ProcessRunner& processes, std::filesystem::path home)
        : processes_(processes), home_(std::move(home)) {}
    const Toolchain& get(const std::string& suite, const std::string& arch);

private:
    std::filesystem::path sdk(const std::string& suite, const std::string& debian_arch);
    ProcessRunner& processes_;
    std::filesystem::path home_;
    std::mutex mutex_;
    std::map<std::string, Toolchain> made_;
};

// `woa fetch` of a wine-test entry: the source package, then the unit built for each
// architecture ("wine-kernel32 (aarch64 build): built, 34 of 35 test files").
std::vector<FetchOutcome> fetch_unit(HttpClient& http, const Cache& cache, const Entry& entry,
                                     const FetchSettings& settings, Toolchains& toolchains,
                                     const std::filesystem::path& builds);

// The program that runs `test` of a wine-test entry on a target of `arch`; empty, with
// `why_not`, when the unit is not fetched or built, or the test file did not compile.
std::filesystem::path test_program(const Cache& cache, const Entry& entry, const TestSpec& test,
                                   const std::string& arch, Toolchains& toolchains,
                                   const std::filesystem::path& builds, std::string& why_not,
                                   bool& not_built);

// `woa corpus wine-tests`: the source package `package` of `suite` as the suite's Sources index
// gives it now (its current version when `version` is ""), pinned file by file.
EntrySource pin_source(HttpClient& http, const FetchSettings& settings, const std::string& suite,
                       const std::string& package, const std::string& version);

// The corpus index of a source package's test units (corpus/wine-tests/<version>.json).
nlohmann::ordered_json index_document(const EntrySource& source, const std::vector<TestUnit>& units,
                                      const std::vector<std::string>& default_units,
                                      double timeout_s);

} // namespace woa::winetest
