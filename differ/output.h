// Comparing normalised standard output: the same or not, and if not, a unified diff a reader
// can act on, with the normalisation rules that were applied named beside it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace woa {

struct OutputComparison {
    bool comparable = false; // both sides have output (hashes at least)
    bool same = true;
    std::string diff;               // unified diff of the normalised texts, when both are kept
    std::vector<std::string> rules; // "line-endings (12)", the rules that changed something
};

// `current` and `baseline` are output records (runner/normalise.h: output_record).
OutputComparison compare_output(const nlohmann::json& current, const nlohmann::json& baseline);

// A reference's recorded output ({"text"|"sha256", "working_folder"}) turned into an output
// record by the rules `current` (a result's output record) was normalised with.
nlohmann::json reference_output_record(const nlohmann::json& reference_output,
                                       const nlohmann::json& current);

// A unified diff (---/+++ and @@ hunks, 3 lines of context) of two texts, line by line; at most
// `max_lines` lines, then "... N more lines".
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_name, const std::string& after_name,
                         std::size_t max_lines = 60);

} // namespace woa
