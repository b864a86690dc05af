// Output normalisation: the named rules applied to a program's standard output before it is
// compared, so that what differs by design (line endings, the working folder, timings a test
// declares) is not reported as a difference. The runner stores the normalised output with the
// rules it used; the differ applies the same rules to a reference's output and shows them.
#pragma once

#include "fetcher/manifest.h"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace woa {

struct NormaliseRule {
    std::string name;           // "line-endings", "working-folder", or the test's `why`
    std::string regex, replace; // empty regex: a built-in rule
};

struct Normalised {
    std::string text;
    // Rule name -> how many replacements it made (rules that changed nothing are left out).
    std::vector<std::pair<std::string, std::size_t>> applied;
};

// The pipeline for one test: line-endings, working-folder, what its output format implies
// ("wine-test thread ids"), then the test's own rules in order.
std::vector<NormaliseRule> normalise_rules(const std::vector<Normalisation>& test_rules,
                                           const std::string& output_format = "plain");

// Applies `rules` to `raw`. `working_folder` is the folder the program ran in as it saw it
// ("D:\\w" under wine, "C:\\Users\\...\\.work" on a device): the working-folder rule replaces it
// (with backslashes or forward slashes, any letter case) by "<cwd>". Throws InputError naming
// `origin` when a rule's regex cannot be compiled.
Normalised normalise(const std::string& raw, const std::string& working_folder,
                     const std::vector<NormaliseRule>& rules, const std::string& origin = "");

// Output kept as text up to this size; above it only hashes.
inline constexpr std::size_t max_output_text = 64 * 1024;
// Output above this size is hashed as it is, not normalised.
inline constexpr std::uintmax_t max_normalised_output = 16u << 20;

// What the results store keeps of a test's standard output:
// {"bytes", "raw_sha256", "sha256" (normalised), "text" (normalised, when small and UTF-8),
//  "working_folder", "rules": [{name, regex, replace}], "applied": {name: count},
//  "normalised": false when too large to normalise}.
nlohmann::json output_record(const std::filesystem::path& stdout_file,
                             const std::string& working_folder,
                             const std::vector<NormaliseRule>& rules);

// The rules stored in an output record, to apply to another output the same way.
std::vector<NormaliseRule> rules_of(const nlohmann::json& output_record);

// True when `text` is valid UTF-8 without NUL bytes: safe to keep as JSON text.
bool is_clean_utf8(const std::string& text);

// `text` with each byte that is not part of valid UTF-8 replaced by U+FFFD: what every string
// read from a program's output (sub-tests, wine's lines) becomes before woa keeps it, so that
// JSON can hold it (code-page bytes such as CP1252's 0xE9 would make nlohmann's dump throw).
std::string valid_utf8(std::string_view text);

} // namespace woa
