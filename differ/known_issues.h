// Known issues (corpus/known-issues.json): failure signatures mapped to upstream bug reports, so
// that a failure already reported upstream is shown as known, with its link, and any other
// failure as new. Read and checked against corpus/schema/known-issues.schema.json here, once.
#pragma once

#include "core/regex.h"
#include "differ/compare.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace woa {

struct KnownIssue {
    std::string id, title, link;        // link: the upstream report ("" when not filed yet)
    std::string report;                 // what the link is, or why there is none
    std::vector<std::string> tests;     // globs on "entry/test"
    std::vector<std::string> statuses;  // verdicts or outcomes: fail, crash, unimplemented, ...
    std::string wine_from, wine_before; // wine versions the issue is seen in: [from, before)
    std::string pattern;                // RE2 regex searched in the failure's signature
    std::shared_ptr<const Regex> compiled;
};

// The part of a failure's text that does not change from run to run: process ids, addresses,
// durations and temporary paths replaced by placeholders. Known issues match against this.
std::string failure_signature(const std::string& text);

// "wine-10.0 (Debian 10.0~repack-6)" -> "10.0"; "" when there is no version.
std::string wine_release(const std::string& wine_version);

// -1, 0, 1 comparing dotted numeric versions ("9.22" < "10.0").
int compare_versions(const std::string& a, const std::string& b);

class KnownIssues {
public:
    // An absent file is an empty set; a malformed one is an InputError naming file and place.
    static KnownIssues load(const std::filesystem::path& file);
    // The issues that explain a failing verdict: each failing sub-test's message (or the
    // verdict's detail when there are none) must match one issue's test globs, statuses, wine
    // range (`wine_version` as the results store has it) and pattern. Empty when any part is
    // unexplained: a new failure hiding among known ones is still new.
    std::vector<const KnownIssue*> explain(const Verdict& verdict,
                                           const std::string& wine_version) const;
    // Line by line: the issue explaining each failing line of the evidence that one explains,
    // whether or not the others are (a wine test file with some lines known, some new).
    std::map<std::string, const KnownIssue*> explain_lines(const Verdict& verdict,
                                                           const std::string& wine_version) const;
    std::size_t size() const { return issues_.size(); }

private:
    // The first issue that explains one part of a verdict (`release`: "10.0", or "").
    const KnownIssue* match(const Verdict& verdict, const std::string& part,
                            const std::string& release) const;
    std::vector<KnownIssue> issues_;
};

// Fills `known` of each failing verdict that known issues explain, and `known_lines` with
// the lines they explain one by one.
void mark_known(std::vector<Verdict>& verdicts, const KnownIssues& issues,
                const std::map<std::string, std::string>& wine_version_by_target);

} // namespace woa
