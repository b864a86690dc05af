// Corpus manifests: corpus/entries/<id>.json, validated against corpus/schema/entry.schema.json
// and then against what a schema cannot say (the id is the file name, inputs exist, ...).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace woa {

struct EntrySource {
    std::string kind; // npm, url, deb, probe, wine-test
    // npm: package, version, integrity; url: url, sha256, format;
    // deb: suite, arch, package, version, sha256; probe: name;
    // wine-test: a unit of wine's conformance tests, built here from a Debian source package:
    //   suite, package, version, files (name -> sha256), name (the unit), dir (its folder)
    std::string package, version, integrity, url, sha256, format, suite, arch, name, dir;
    std::map<std::string, std::string> files;
    std::string text() const; // "npm:@esbuild/win32-arm64@0.28.2", "probe:hello", ...
    // wine-test: the source package's .dsc, which pins the rest ("" when there is none).
    std::string dsc() const;
};

struct Normalisation {
    std::string regex, replace, why;
};

struct TestSpec {
    std::string name, description, executable, stdin_file, cwd, output = "plain";
    std::vector<std::string> args, inputs, produces;
    std::map<std::string, std::string> env;
    double timeout_s = 60;
    int repeat = 1;
    long long expect_exit = 0;
    std::vector<Normalisation> normalise;
    std::string cross_platform; // why its output is the same on every OS; "" when it is not
    std::string self_checking;  // where its checks' expected values come from; "" when none
};

struct HostBaseline {
    EntrySource source;
    std::string executable;
};

struct Entry {
    std::filesystem::path file;
    std::string id, title, description, project, licence, toolchain;
    bool redistributable = false;
    EntrySource source;
    std::vector<std::string> executables, tags;
    std::optional<HostBaseline> host_baseline;
    std::string runtime; // id of the entry whose program runs this one's tests; "" for none
    std::vector<TestSpec> tests;
    // Taken only when a filter or an id names it, never by default (wine's test units beyond
    // the default set: hundreds of them, hours of running).
    bool on_request = false;
    nlohmann::json document; // as written, for --json
};

struct CorpusProblem {
    std::filesystem::path file;
    std::string where; // JSON Pointer, or "" for the whole file
    std::string what;
    std::string text() const; // "<file>: <where>: <what>"
};

// True when a glob of `filters` matches "entry/test" or the entry's id, or when no filter is
// given and the entry is not on request: how every command chooses tests.
bool test_chosen(const std::vector<std::string>& filters, const Entry& entry, const TestSpec& test);

class Corpus {
public:
    // Reads every entry of `dir` (a corpus folder: schema/, entries/, inputs/, probes/).
    // Problems are collected, not thrown: `woa corpus validate` reports all of them.
    static Corpus load(const std::filesystem::path& dir);
    // Throws InputError for the first problem; for commands that need a sound corpus.
    static Corpus load_valid(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    const std::vector<Entry>& entries() const { return entries_; }
    const std::vector<CorpusProblem>& problems() const { return problems_; }
    const Entry& get(const std::string& id) const; // throws Error naming close ids
    // "entry/test" -> its entry and test (never null); throws Error "no test 'ID' in DIR".
    std::pair<const Entry*, const TestSpec*> find_test(const std::string& id) const;
    // sha256 over every manifest and input file (names and contents): what a run ran.
    std::string revision() const;

private:
    std::filesystem::path dir_;
    std::vector<Entry> entries_;
    std::vector<CorpusProblem> problems_;
};

// The corpus woa uses without --corpus: $WOA_CORPUS, the installed one, or the source tree's.
std::filesystem::path default_corpus_dir();
// The corpus shipped with woa: the installed one, or the source tree's ($WOA_CORPUS aside).
std::filesystem::path bundled_corpus_dir();
// The schema `name` of a corpus folder: its own schema/NAME, else the bundled corpus's, so that
// a project's own folder of manifests needs no copy of woa's schemas.
std::filesystem::path corpus_schema(const std::filesystem::path& corpus_dir,
                                    const std::string& name);
// A probe entry's program `executable` (NAME.exe): the corpus's own probes/NAME.exe when it has
// one (a project's own arm64 build, placed there by its CI), else the probe woa built from
// probes/NAME.c into `built_probes`.
std::filesystem::path probe_program(const std::filesystem::path& corpus_dir,
                                    const std::filesystem::path& built_probes,
                                    const std::string& executable);

} // namespace woa
