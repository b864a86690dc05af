#include "fetcher/manifest.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "core/regex.h"
#include "fetcher/json_schema.h"

#include <algorithm>
#include <cstdlib>
#include <fnmatch.h>
#include <set>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

std::string EntrySource::text() const {
    if (kind == "npm") return "npm:" + package + "@" + version;
    if (kind == "url") return "url:" + url;
    if (kind == "deb") return "deb:" + suite + "/" + arch + "/" + package + "=" + version;
    if (kind == "wine-test") return "wine-test:" + package + "=" + version + "/" + dir;
    return "probe:" + name;
}

std::string EntrySource::dsc() const {
    for (const auto& [file, sha256] : files)
        if (fs::path(file).extension() == ".dsc") return file;
    return {};
}

std::string CorpusProblem::text() const {
    return file.string() + ": " + (where.empty() ? "" : where + ": ") + what;
}

namespace {

EntrySource read_source(const json& s) {
    EntrySource out;
    out.kind = s.at("kind");
    for (auto [key, field] :
         std::initializer_list<std::pair<const char*, std::string*>>{{"package", &out.package},
                                                                     {"version", &out.version},
                                                                     {"integrity", &out.integrity},
                                                                     {"url", &out.url},
                                                                     {"sha256", &out.sha256},
                                                                     {"format", &out.format},
                                                                     {"suite", &out.suite},
                                                                     {"arch", &out.arch},
                                                                     {"name", &out.name}})
        if (s.contains(key)) *field = s.at(key).get<std::string>();
    return out;
}

std::vector<std::string> strings(const json& doc, const char* key) {
    return doc.contains(key) ? doc.at(key).get<std::vector<std::string>>()
                             : std::vector<std::string>{};
}

// Only called on documents the schema accepted: fields have their types.
Entry read_entry(const json& doc, const fs::path& file) {
    Entry e;
    e.file = file;
    e.document = doc;
    e.id = doc.at("id");
    e.title = doc.at("title");
    e.description = doc.value("description", "");
    e.project = doc.at("upstream").at("project");
    e.licence = doc.at("upstream").at("licence");
    e.redistributable = doc.at("upstream").value("redistributable", false);
    e.source = read_source(doc.at("source"));
    e.executables = strings(doc, "executables");
    e.toolchain = doc.at("toolchain");
    e.tags = strings(doc, "tags");
    if (doc.contains("host_baseline"))
        e.host_baseline = HostBaseline{read_source(doc["host_baseline"]["source"]),
                                       doc["host_baseline"]["executable"]};
    if (doc.contains("runtime")) e.runtime = doc["runtime"]["entry"];
    for (const auto& t : doc.at("tests")) {
        TestSpec test;
        test.name = t.at("name");
        test.description = t.value("description", "");
        test.cross_platform = t.value("cross_platform", "");
        test.self_checking = t.value("self_checking", "");
        // With a runtime the default is the runtime's program, known only once all entries are
        // read (resolve_runtimes).
        test.executable = t.value("executable", e.executables.empty() ? "" : e.executables.front());
        test.args = strings(t, "args");
        test.stdin_file = t.value("stdin", "");
        test.inputs = strings(t, "inputs");
        test.cwd = t.value("cwd", "");
        test.env = t.value("env", std::map<std::string, std::string>{});
        test.timeout_s = t.value("timeout_s", 60.0);
        test.repeat = t.value("repeat", 1);
        test.expect_exit = t.value("expect_exit", 0LL);
        test.produces = strings(t, "produces");
        test.output = t.value("output", "plain");
        for (const auto& n : t.value("normalise", json::array()))
            test.normalise.push_back({n.at("regex"), n.at("replace"), n.value("why", "")});
        e.tests.push_back(test);
    }
    return e;
}

// A self-checking test's reference is its sub-tests, measured on the host baseline.
template <typename Problem>
void self_checking_problems(const Entry& e, const TestSpec& t, const std::string& at,
                            Problem problem) {
    if (t.output == "plain")
        problem(at + "/self_checking", "needs sub-tests: set output to tap, junit or wine-test");
    if (!t.cross_platform.empty())
        problem(at + "/self_checking", "is set beside cross_platform: a test has one kind of reference");
    if (!e.host_baseline)
        problem(at + "/self_checking", "needs a host_baseline, on which its checks are measured");
}

// What the schema cannot say.
void check_entry(const Entry& e, const fs::path& dir, std::vector<CorpusProblem>& problems) {
    auto problem = [&](const std::string& where, const std::string& what) {
        problems.push_back({e.file, where, what});
    };
    if (e.file.stem().string() != e.id)
        problem("/id", "is '" + e.id + "' but the file is " + e.file.filename().string());
    if (e.source.kind == "probe" && !fs::exists(dir / "probes" / (e.source.name + ".c")) &&
        !fs::exists(dir / "probes" / (e.source.name + ".exe")))
        problem("/source/name",
                "no probe probes/" + e.source.name + ".c or probes/" + e.source.name + ".exe");
    if (e.executables.empty() && e.runtime.empty())
        problem("/executables", "is empty, and the entry has no runtime to run its tests");
    std::set<std::string> names;
    for (std::size_t i = 0; i < e.tests.size(); i++) {
        const TestSpec& t = e.tests[i];
        const std::string at = "/tests/" + std::to_string(i);
        if (!names.insert(t.name).second)
            problem(at + "/name", "repeats test name '" + t.name + "'");
        if (e.runtime.empty() && std::find(e.executables.begin(), e.executables.end(),
                                           t.executable) == e.executables.end())
            problem(at + "/executable",
                    "'" + t.executable + "' is not one of the entry's executables");
        for (std::size_t k = 0; k < t.inputs.size(); k++)
            if (!fs::is_regular_file(dir / "inputs" / t.inputs[k]))
                problem(at + "/inputs/" + std::to_string(k), "no file inputs/" + t.inputs[k]);
        if (!t.stdin_file.empty() && !fs::is_regular_file(dir / "inputs" / t.stdin_file))
            problem(at + "/stdin", "no file inputs/" + t.stdin_file);
        for (std::size_t k = 0; k < t.normalise.size(); k++)
            if (const std::string error = Regex::check(t.normalise[k].regex); !error.empty())
                problem(at + "/normalise/" + std::to_string(k) + "/regex",
                        "is not a valid regex (RE2 syntax): " + error);
        if (!t.self_checking.empty()) self_checking_problems(e, t, at, problem);
    }
}

// A runtime must be an entry that runs programs itself; tests default to its first executable.
void resolve_runtimes(std::vector<Entry>& entries, std::vector<CorpusProblem>& problems) {
    std::map<std::string, const Entry*> by_id;
    for (const auto& e : entries)
        by_id.emplace(e.id, &e);
    for (auto& e : entries) {
        if (e.runtime.empty()) continue;
        auto it = by_id.find(e.runtime);
        if (it == by_id.end()) {
            problems.push_back({e.file, "/runtime/entry", "no entry '" + e.runtime + "'"});
            continue;
        }
        const Entry& runtime = *it->second;
        if (!runtime.runtime.empty() || runtime.executables.empty()) {
            problems.push_back(
                {e.file, "/runtime/entry", "'" + e.runtime + "' does not run programs itself"});
            continue;
        }
        for (std::size_t i = 0; i < e.tests.size(); i++) {
            TestSpec& t = e.tests[i];
            if (!e.document["tests"][i].contains("executable"))
                t.executable = runtime.executables.front();
            else if (std::find(runtime.executables.begin(), runtime.executables.end(),
                               t.executable) == runtime.executables.end())
                problems.push_back(
                    {e.file, "/tests/" + std::to_string(i) + "/executable",
                     "'" + t.executable + "' is not one of " + e.runtime + "'s executables"});
        }
    }
}

// corpus/wine-tests/<version>.json: one entry per unit of wine's conformance tests.
std::vector<Entry> read_wine_tests(const json& doc, const fs::path& file) {
    EntrySource source;
    source.kind = "wine-test";
    source.suite = doc["source"]["suite"];
    source.package = doc["source"]["package"];
    source.version = doc["source"]["version"];
    source.files = doc["source"]["files"].get<std::map<std::string, std::string>>();
    const auto defaults = doc["default_units"].get<std::vector<std::string>>();
    std::vector<Entry> entries;
    for (const auto& u : doc["units"]) {
        Entry e;
        e.file = file;
        e.id = u["id"];
        e.title = "Wine's conformance tests: " + u["name"].get<std::string>();
        e.description = "wine " + source.version + " " + u["dir"].get<std::string>() +
                        ", built here for arm64 and x86-64 Windows";
        e.project = "https://www.winehq.org";
        e.licence = "LGPL-2.1-or-later";
        e.redistributable = true;
        e.source = source;
        e.source.name = u["name"];
        e.source.dir = u["dir"];
        e.executables = {u["program"]};
        e.toolchain = "c";
        e.on_request = std::find(defaults.begin(), defaults.end(), e.source.name) == defaults.end();
        e.tags = {"wine-test", e.on_request ? "on-request" : "default"};
        for (const auto& name : u["tests"]) {
            TestSpec t;
            t.name = name;
            t.description = "wine's " + e.source.dir + "/" + t.name + ".c";
            t.executable = e.executables.front();
            t.args = {t.name};
            t.output = "wine-test";
            t.timeout_s = doc["timeout_s"];
            e.tests.push_back(t);
        }
        e.document = {{"id", e.id},           {"title", e.title},
                      {"source", {{"kind", "wine-test"}, {"suite", source.suite},
                                  {"package", source.package}, {"version", source.version},
                                  {"dir", e.source.dir}}},
                      {"executables", e.executables}, {"tags", e.tags}, {"tests", u["tests"]}};
        entries.push_back(std::move(e));
    }
    return entries;
}

// Sorted .json files of `dir`; a missing folder has none.
std::vector<fs::path> json_files(const fs::path& dir, bool required) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(dir, ec))
        if (item.path().extension() == ".json") files.push_back(item.path());
    if (ec && (required || ec != std::errc::no_such_file_or_directory))
        throw InputError(dir, "cannot list: " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

bool test_chosen(const std::vector<std::string>& filters, const Entry& entry,
                 const TestSpec& test) {
    const std::string id = entry.id + "/" + test.name;
    bool chosen = filters.empty() && !entry.on_request;
    for (const auto& glob : filters)
        chosen |= ::fnmatch(glob.c_str(), id.c_str(), 0) == 0 ||
                  ::fnmatch(glob.c_str(), entry.id.c_str(), 0) == 0;
    return chosen;
}

Corpus Corpus::load(const fs::path& dir) {
    Corpus corpus;
    corpus.dir_ = dir;
    const JsonSchema schema = load_schema(corpus_schema(dir, "entry.schema.json"));

    std::map<std::string, fs::path> seen;
    auto add = [&](Entry entry) {
        if (auto [it, fresh] = seen.emplace(entry.id, entry.file); !fresh)
            corpus.problems_.push_back({entry.file, "/id",
                                        "'" + entry.id + "' is also the id of " +
                                            it->second.string()});
        corpus.entries_.push_back(std::move(entry));
    };
    // A document the schema accepts, or nothing (its problems recorded).
    auto valid_document = [&](const fs::path& file, const JsonSchema& with,
                              std::uintmax_t limit) -> std::optional<json> {
        json doc;
        try {
            doc = read_json_file(file, limit);
        } catch (const InputError& e) {
            corpus.problems_.push_back({file, "", e.problem()});
            return std::nullopt;
        }
        const auto violations = with.validate(doc);
        for (const auto& v : violations)
            corpus.problems_.push_back({file, v.path.empty() ? "/" : v.path, v.message});
        if (!violations.empty()) return std::nullopt;
        return doc;
    };
    for (const auto& file : json_files(dir / "entries", true)) {
        auto doc = valid_document(file, schema, 1u << 20);
        if (!doc) continue;
        Entry entry = read_entry(*doc, file);
        check_entry(entry, dir, corpus.problems_);
        add(std::move(entry));
    }
    const auto wine_files = json_files(dir / "wine-tests", false);
    if (!wine_files.empty()) {
        const JsonSchema wine_schema = load_schema(corpus_schema(dir, "wine-tests.schema.json"));
        for (const auto& file : wine_files)
            if (auto doc = valid_document(file, wine_schema, 8u << 20))
                for (auto& entry : read_wine_tests(*doc, file))
                    add(std::move(entry));
    }
    resolve_runtimes(corpus.entries_, corpus.problems_);
    return corpus;
}

Corpus Corpus::load_valid(const fs::path& dir) {
    Corpus corpus = load(dir);
    if (!corpus.problems_.empty()) {
        const CorpusProblem& p = corpus.problems_.front();
        throw InputError(p.file, (p.where.empty() ? "" : p.where + ": ") + p.what +
                                     (corpus.problems_.size() > 1
                                          ? " (and " + std::to_string(corpus.problems_.size() - 1) +
                                                " more problems: woa corpus validate)"
                                          : ""));
    }
    return corpus;
}

const Entry& Corpus::get(const std::string& id) const {
    for (const auto& e : entries_)
        if (e.id == id) return e;
    std::string similar;
    for (const auto& e : entries_)
        if (e.id.find(id) != std::string::npos || id.find(e.id) != std::string::npos)
            similar += (similar.empty() ? "" : ", ") + e.id;
    throw Error("no corpus entry '" + id + "' in " + dir_.string() +
                (similar.empty() ? "" : " (similar: " + similar + ")"));
}

std::pair<const Entry*, const TestSpec*> Corpus::find_test(const std::string& id) const {
    for (const auto& e : entries_)
        for (const auto& t : e.tests)
            if (e.id + "/" + t.name == id) return {&e, &t};
    throw Error("no test '" + id + "' in " + dir_.string() + " (woa corpus list)");
}

std::string Corpus::revision() const {
    std::vector<std::string> lines;
    for (const char* part : {"entries", "inputs", "wine-tests"}) {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(dir_ / part, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file())
                lines.push_back(it->path().lexically_relative(dir_).string() + " " +
                                sha256_file(it->path()));
    }
    std::sort(lines.begin(), lines.end());
    std::string all;
    for (const auto& line : lines)
        all += line + "\n";
    return sha256_text(all);
}

fs::path default_corpus_dir() {
    if (const char* env = std::getenv("WOA_CORPUS"); env && *env) return env;
    return bundled_corpus_dir();
}

fs::path bundled_corpus_dir() {
    const fs::path installed = executable_dir() / ".." / "share" / "woa" / "corpus";
    if (fs::exists(installed / "schema")) return installed.lexically_normal();
    return WOA_SOURCE_CORPUS;
}

fs::path corpus_schema(const fs::path& corpus_dir, const std::string& name) {
    const fs::path own = corpus_dir / "schema" / name;
    return fs::exists(own) ? own : bundled_corpus_dir() / "schema" / name;
}

fs::path probe_program(const fs::path& corpus_dir, const fs::path& built_probes,
                       const std::string& executable) {
    const fs::path own = corpus_dir / "probes" / executable;
    return fs::is_regular_file(own) ? own : built_probes / executable;
}

} // namespace woa
