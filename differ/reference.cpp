#include "differ/reference.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "fetcher/json_schema.h"

#include <cstdlib>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Reference read_reference(const json& doc, const fs::path& file) {
    Reference r;
    r.file = file;
    r.test = doc.at("test");
    const json& origin = doc.at("origin");
    r.origin = origin.at("kind");
    if (r.origin == "recorded")
        r.origin_text = "recorded on " + origin.at("device").get<std::string>() + ", Windows " +
                        origin.at("windows_build").get<std::string>() + ", " +
                        origin.at("cpu").get<std::string>() + ", " +
                        origin.at("date").get<std::string>();
    else
        r.origin_text = r.origin + ": " + origin.at("basis").get<std::string>();
    r.exit_code = doc.at("exit_code");
    if (doc.contains("subtests"))
        r.subtests = doc["subtests"].get<std::map<std::string, std::string>>();
    if (doc.contains("files")) r.files = doc["files"].get<std::map<std::string, std::string>>();
    return r;
}

} // namespace

ReferenceSet ReferenceSet::load(const fs::path& dir) {
    const fs::path schema_file = dir / "schema" / "reference.schema.json";
    json schema_doc;
    try {
        schema_doc = json::parse(read_file(schema_file, 1u << 20));
    } catch (const json::parse_error& e) {
        throw InputError(schema_file, std::string("not valid JSON: ") + e.what());
    }
    const JsonSchema schema(schema_doc, schema_file.string());
    ReferenceSet set;
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".json" &&
            it->path().parent_path().filename() != "schema")
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        json doc;
        try {
            doc = json::parse(read_file(file, 4u << 20));
        } catch (const json::parse_error& e) {
            throw InputError(file, std::string("not valid JSON: ") + e.what());
        }
        const auto violations = schema.validate(doc);
        if (!violations.empty())
            throw InputError(file, (violations[0].path.empty() ? "/" : violations[0].path) + ": " +
                                       violations[0].message);
        Reference r = read_reference(doc, file);
        const std::string where =
            file.parent_path().filename().string() + "/" + file.stem().string();
        if (where != r.test)
            throw InputError(file, "/test: is '" + r.test + "' but the file says " + where);
        set.by_test_.emplace(r.test, std::move(r));
    }
    return set;
}

const Reference* ReferenceSet::find(const std::string& test) const {
    const auto it = by_test_.find(test);
    return it == by_test_.end() ? nullptr : &it->second;
}

fs::path default_references_dir() {
    if (const char* env = std::getenv("WOA_REFERENCES"); env && *env) return env;
    const fs::path installed = executable_dir() / ".." / "share" / "woa" / "reference-results";
    if (fs::exists(installed / "schema")) return installed.lexically_normal();
    return WOA_SOURCE_REFERENCES;
}

std::vector<Verdict> compare_with_references(const std::vector<ResultRecord>& results,
                                             const ReferenceSet& references) {
    std::vector<Verdict> out;
    for (const auto& r : results) {
        Verdict v;
        v.test = r.test;
        v.target = r.target;
        v.outcome = r.outcome;
        const Reference* ref = references.find(r.test);
        if (!ref) {
            v.verdict = "no-reference";
            out.push_back(v);
            continue;
        }
        v.baseline_outcome = ref->origin;
        std::vector<std::string> differences;
        // A crash the test did not expect (an expected one is `ok` already) is a crash, even
        // when what it printed matches.
        const bool ran = r.outcome == "ok" || r.outcome == "exit-code";
        if (!ran) {
            v.verdict = r.outcome; // it did not get as far as producing something to compare
            v.detail = r.detail;
        } else {
            if (r.exit_code.value_or(-1) != ref->exit_code)
                differences.push_back("exit code " +
                                      (r.exit_code ? std::to_string(*r.exit_code) : "none") +
                                      ", expected " + std::to_string(ref->exit_code));
            std::map<std::string, std::string> got;
            for (const auto& s : r.subtests)
                got[s.name] = s.outcome;
            for (const auto& [name, expected] : ref->subtests) {
                const auto it = got.find(name);
                const std::string actual = it == got.end() ? "missing" : it->second;
                if (actual != expected)
                    differences.push_back("sub-test " + name + ": " + actual + ", expected " +
                                          expected);
            }
            for (const auto& [name, outcome] : got)
                if (outcome == "fail" && !ref->subtests.count(name))
                    differences.push_back("sub-test " + name + " fails");
            for (const auto& [path, sha] : ref->files) {
                const auto produced = r.files.find(path);
                if (produced == r.files.end() || !produced->is_string())
                    differences.push_back(path + " not produced");
                else if (produced->get<std::string>() != sha)
                    differences.push_back(path + " differs");
            }
            if (differences.empty()) {
                v.verdict = "pass";
            } else {
                v.verdict = "fail";
                for (std::size_t i = 0; i < differences.size() && i < 5; i++)
                    v.detail += (i ? "; " : "") + differences[i];
                if (differences.size() > 5)
                    v.detail += "; and " + std::to_string(differences.size() - 5) + " more";
            }
        }
        if (is_flaky(r) && v.verdict != "pass") {
            v.detail = "repeats differ: " + (v.detail.empty() ? r.detail : v.detail);
            v.verdict = "flaky";
        }
        v.baseline_target = ref->origin_text;
        out.push_back(v);
    }
    sort_verdicts(out);
    return out;
}

} // namespace woa
