#include "differ/output.h"

#include "core/fs.h"
#include "runner/normalise.h"

#include <dtl/dtl.hpp>
#include <sstream>

namespace woa {

using nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string text_of(const json& record, const char* key) {
    return record.is_object() && record.contains(key) && record[key].is_string()
               ? record[key].get<std::string>()
               : std::string();
}

} // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_name, const std::string& after_name,
                         std::size_t max_lines) {
    const auto a = lines_of(before), b = lines_of(after);
    dtl::Diff<std::string> diff(a, b);
    diff.onHuge(); // long outputs: bounded memory rather than the shortest script
    diff.compose();
    diff.composeUnifiedHunks();
    std::ostringstream hunks;
    diff.printUnifiedFormat(hunks);
    std::ostringstream out;
    out << "--- " << before_name << "\n+++ " << after_name << "\n";
    std::size_t shown = 2, hidden = 0;
    std::istringstream in(hunks.str());
    for (std::string line; std::getline(in, line);) {
        if (shown < max_lines) {
            out << line << "\n";
            shown++;
        } else {
            hidden++;
        }
    }
    if (hidden) out << "... " << hidden << " more lines\n";
    return out.str();
}

OutputComparison compare_output(const json& current, const json& baseline) {
    OutputComparison c;
    const std::string now = text_of(current, "sha256"), then = text_of(baseline, "sha256");
    if (now.empty() || then.empty()) return c;
    c.comparable = true;
    // A side too large to normalise is compared by its raw bytes.
    const bool raw =
        current.value("normalised", true) == false || baseline.value("normalised", true) == false;
    c.same = raw ? text_of(current, "raw_sha256") == text_of(baseline, "raw_sha256") : now == then;
    if (current.contains("applied") && current["applied"].is_object())
        for (const auto& [name, count] : current["applied"].items())
            c.rules.push_back(name + " (" + std::to_string(count.get<long long>()) + ")");
    if (!c.same && current.contains("text") && baseline.contains("text"))
        c.diff = unified_diff(baseline["text"].get<std::string>(),
                              current["text"].get<std::string>(), "expected", "actual");
    return c;
}

json reference_output_record(const json& reference_output, const json& current) {
    json record;
    if (reference_output.contains("text")) {
        const Normalised n =
            normalise(reference_output["text"].get<std::string>(),
                      reference_output.value("working_folder", ""), rules_of(current));
        record["sha256"] = sha256_text(n.text);
        record["raw_sha256"] = sha256_text(reference_output["text"].get<std::string>());
        if (n.text.size() <= max_output_text) record["text"] = n.text;
    } else if (reference_output.contains("sha256")) {
        // Only a hash was recorded: it can match the raw bytes, never a normalised text.
        record["sha256"] = record["raw_sha256"] = reference_output["sha256"];
        record["normalised"] = false;
    }
    return record;
}

} // namespace woa
