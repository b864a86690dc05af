#include "differ/known_issues.h"

#include "core/error.h"
#include "core/regex.h"
#include "fetcher/json_schema.h"
#include "fetcher/manifest.h"

#include <algorithm>
#include <fnmatch.h>
#include <sstream>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

std::string failure_signature(const std::string& text) {
    // Order matters: paths and addresses before plain numbers.
    static const std::vector<std::pair<Regex, std::string>> volatile_parts = [] {
        std::vector<std::pair<Regex, std::string>> parts;
        parts.emplace_back(Regex(R"((^|\n)[0-9a-f]{4,8}:)"), "$1"); // wine's pid/tid prefix
        parts.emplace_back(Regex(R"(/tmp/[^\s:'"]+)"), "<tmp>");    // scratch folders
        parts.emplace_back(Regex(R"(\b(0x)?[0-9A-Fa-f]{8,16}\b)"), "<address>"); // with or without 0x
        parts.emplace_back(Regex(R"(\b0x[0-9A-Fa-f]{5,7}\b)"), "<address>");
        parts.emplace_back(Regex(R"(\b[0-9]+(\.[0-9]+)? ?(ms|s|µs)\b)"), "<duration>"); // timings
        return parts;
    }();
    std::string out = text;
    for (const auto& [re, with] : volatile_parts)
        re.replace_all(out, with);
    return out;
}

std::string wine_release(const std::string& wine_version) {
    static const Regex number(R"(([0-9]+(\.[0-9]+)+))");
    Regex::Groups m;
    return number.search(wine_version, &m) ? m[1] : "";
}

namespace {

// The dotted parts of a version as digit strings without leading zeros ("" for 0): compared
// by length, then by digits, any number of digits is ordered without a conversion to overflow.
std::vector<std::string> version_parts(const std::string& version) {
    std::vector<std::string> out;
    std::istringstream in(version);
    for (std::string part; std::getline(in, part, '.');) {
        const std::size_t digits = part.find_first_not_of('0');
        out.push_back(digits == std::string::npos ? "" : part.substr(digits));
    }
    return out;
}

// The evidence's failing lines, without the wine-test summary line ("N tests executed ...").
std::vector<std::string> failing_lines(const Verdict& v) {
    std::vector<std::string> lines;
    std::istringstream evidence(v.evidence);
    for (std::string line; std::getline(evidence, line);)
        if (line.find("tests executed") == std::string::npos) lines.push_back(line);
    return lines;
}

} // namespace

int compare_versions(const std::string& a, const std::string& b) {
    auto x = version_parts(a), y = version_parts(b);
    x.resize(std::max(x.size(), y.size()));
    y.resize(x.size());
    for (std::size_t i = 0; i < x.size(); i++)
        if (x[i] != y[i])
            return std::make_pair(x[i].size(), x[i]) < std::make_pair(y[i].size(), y[i]) ? -1 : 1;
    return 0;
}

KnownIssues KnownIssues::load(const fs::path& file) {
    KnownIssues set;
    if (!fs::exists(file)) return set;
    const JsonSchema schema =
        load_schema(corpus_schema(file.parent_path(), "known-issues.schema.json"));
    const json doc = read_valid_json_file(file, schema);
    const json& issues = doc.at("issues");
    for (std::size_t i = 0; i < issues.size(); i++) {
        const json& j = issues[i];
        const std::string at = "/issues/" + std::to_string(i);
        KnownIssue k;
        k.id = j.at("id");
        k.title = j.at("title");
        k.link = j.value("link", "");
        k.report = j.at("report");
        const json& m = j.at("match");
        k.tests = m.at("tests").get<std::vector<std::string>>();
        k.statuses = m.at("statuses").get<std::vector<std::string>>();
        k.pattern = m.value("pattern", "");
        if (m.contains("wine")) {
            k.wine_from = m["wine"].value("from", "");
            k.wine_before = m["wine"].value("before", "");
        }
        try {
            k.compiled = std::make_shared<const Regex>(k.pattern);
        } catch (const Error& e) {
            throw InputError(file, at + "/match/pattern: " + e.what());
        }
        // A pattern that relies on what changes every run would never match twice.
        if (failure_signature(k.pattern) != k.pattern)
            throw InputError(file, at + "/match/pattern: depends on values that change from run "
                                        "to run (an address, a process id, a duration or a "
                                        "temporary path)");
        for (const auto& known : set.issues_)
            if (known.id == k.id) throw InputError(file, at + "/id: '" + k.id + "' is used twice");
        set.issues_.push_back(std::move(k));
    }
    return set;
}

const KnownIssue* KnownIssues::match(const Verdict& v, const std::string& part,
                                     const std::string& release) const {
    const std::string signature = failure_signature(part);
    for (const auto& k : issues_) {
        bool test = false, status = false;
        for (const auto& glob : k.tests)
            test |= ::fnmatch(glob.c_str(), v.test.c_str(), 0) == 0;
        for (const auto& s : k.statuses)
            status |= s == v.verdict || s == v.outcome;
        if (!test || !status) continue;
        if (!k.wine_from.empty() || !k.wine_before.empty()) {
            if (release.empty()) continue;
            if (!k.wine_from.empty() && compare_versions(release, k.wine_from) < 0) continue;
            if (!k.wine_before.empty() && compare_versions(release, k.wine_before) >= 0) continue;
        }
        if (!k.pattern.empty() && !k.compiled->search(signature)) continue;
        return &k;
    }
    return nullptr;
}

std::map<std::string, const KnownIssue*>
KnownIssues::explain_lines(const Verdict& v, const std::string& wine_version) const {
    std::map<std::string, const KnownIssue*> out;
    const std::string release = wine_release(wine_version);
    for (const std::string& line : failing_lines(v))
        if (const KnownIssue* k = match(v, line, release)) out.emplace(line, k);
    return out;
}

std::vector<const KnownIssue*> KnownIssues::explain(const Verdict& v,
                                                    const std::string& wine_version) const {
    std::vector<std::string> parts = failing_lines(v);
    // No failing lines: the detail is the failure. A crash or a timeout after failing lines is
    // a failure of its own, which an issue must explain too.
    if (parts.empty() || v.outcome == "crash" || v.outcome == "timeout") parts.push_back(v.detail);
    const std::string release = wine_release(wine_version);
    std::vector<const KnownIssue*> out;
    for (const auto& part : parts) {
        const KnownIssue* found = match(v, part, release);
        if (!found) return {};
        if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(found);
    }
    return out;
}

void mark_known(std::vector<Verdict>& verdicts, const KnownIssues& issues,
                const std::map<std::string, std::string>& wine_version_by_target) {
    for (auto& v : verdicts) {
        if (!is_failure(v)) continue;
        const auto wine = wine_version_by_target.find(v.target);
        const std::string& version = wine == wine_version_by_target.end() ? "" : wine->second;
        for (const KnownIssue* k : issues.explain(v, version))
            v.known.push_back({k->id, k->title, k->link});
        for (const auto& [line, k] : issues.explain_lines(v, version))
            v.known_lines[line] = {k->id, k->title, k->link};
    }
}

} // namespace woa
