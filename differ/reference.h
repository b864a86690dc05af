// Reference results (reference-results/<entry>/<test>.json): what a test should produce and
// where that knowledge comes from (recorded on a device, the specification, or the same
// program on another OS). Read and checked against reference-results/schema/ here, once.
#pragma once

#include "differ/compare.h"
#include "fetcher/manifest.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace woa {

struct Reference {
    std::filesystem::path file;
    std::string test;
    std::string origin;      // recorded, spec, cross-platform, self-checking
    std::string origin_text; // "spec: <basis>", "recorded on <device>, Windows <build>, ..."
    std::int64_t exit_code = 0;
    std::map<std::string, std::string> subtests; // name -> expected outcome
    std::map<std::string, std::string> files;    // path -> sha256
    nlohmann::json output;                       // {"text"|"sha256", "working_folder"} or null
    double median_s = 0, spread = 0;             // timing.median_s and spread; 0: none
};

class ReferenceSet {
public:
    // Every reference under `dir`; throws InputError naming the file and JSON path of the first
    // one that is malformed, misplaced (test differs from its path) or duplicated, and naming
    // `dir` when it is not a folder. Besides <entry>/<test>.json, patterns/*.json hold one
    // reference for every test a glob matches (`"tests": "wine-*/*"`: wine's conformance
    // tests, which check themselves).
    static ReferenceSet load(const std::filesystem::path& dir);
    // The test's own reference, else the first pattern that matches it (its `test` is the glob).
    const Reference* find(const std::string& test) const;
    std::size_t size() const { return by_test_.size(); }

private:
    std::map<std::string, Reference> by_test_;
    std::vector<Reference> patterns_;
};

// Which reference `woa record from-host` writes for a test: "cross-platform", "self-checking",
// or "" (its manifest claims neither).
std::string host_reference_kind(const TestSpec& test);

// Why a host baseline's result cannot become a reference of this kind; "" when it can.
std::string unfit_for_reference(const ResultRecord& host_result, const std::string& kind);

// The reference `woa record from-host` writes (reference-results/<entry>/<test>.json) from a host
// baseline's ok result, of the kind host_reference_kind names; null when it names none.
// - cross-platform: exit code, normalised output, produced files and sub-tests; the basis is the
//   test's `cross_platform`.
// - self-checking: exit code and every sub-test (no output: the checks judge it); the basis is
//   the test's `self_checking`.
// The basis also names what ran (the package, and for an entry with a runtime the runtime's
// linux-x64 build), the machine and the date. `runtime` is that entry, or null.
nlohmann::json host_reference_for(const ResultRecord& host_result, const Entry& entry,
                                  const Entry* runtime, const TestSpec& test,
                                  const nlohmann::json& host_identity, const RunRecord& run);

// The references woa uses without --references: $WOA_REFERENCES, the installed ones, or the
// source tree's.
std::filesystem::path default_references_dir();

// Verdicts against references: pass, fail (exit code, sub-tests or files differ; the detail
// says which), the run's own outcome when it did not get as far as a comparison (crash,
// timeout, unimplemented, missing-dll, wrong-arch, loader-error, output-limit, harness-error),
// or no-reference. `flaky` when the repeats disagree. The outputs are compared after the
// result's normalisation rules are applied to the reference's too. Against a `recorded`
// reference with timings, `ratio` is the slowdown against the device.
std::vector<Verdict> compare_with_references(const std::vector<ResultRecord>& results,
                                             const ReferenceSet& references);

} // namespace woa
