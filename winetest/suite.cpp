#include "winetest/suite.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "fetcher/debian.h"

namespace woa::winetest {

namespace fs = std::filesystem;

namespace {

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string source_id(const Entry& entry) {
    return source_integrity(entry.source, entry.id).hex;
}

} // namespace

fs::path Toolchains::sdk(const std::string& suite, const std::string& debian_arch) {
    const fs::path dir = home_ / "sdk" / ("wine-" + suite + "-" + debian_arch);
    if (fs::exists(dir / ".woa-sdk-ready")) return dir;
    const fs::path script = shipped_path("provision-wine-sdk.sh");
    ProcessSpec p;
    p.argv = {"bash", script.string(), suite, dir.string(), debian_arch};
    p.contained = false;
    p.timeout_s = 1800;
    run_and_capture(processes_, p);
    return dir;
}

const Toolchain& Toolchains::get(const std::string& suite, const std::string& arch) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string key = suite + "/" + arch;
    if (auto it = made_.find(key); it != made_.end()) return it->second;
    if (arch != "aarch64" && arch != "x86_64")
        throw Error("wine's tests are built for aarch64 or x86_64, not '" + arch + "'");
    Toolchain tc;
    tc.arch = arch;
    tc.cc = "clang";
    tc.sdk = sdk(suite, arch == "x86_64" ? "amd64" : "arm64");
    tc.tools = sdk(suite, "amd64") / "tools";
    ProcessSpec resources;
    resources.argv = {"clang", "-print-resource-dir"};
    resources.contained = false;
    tc.cc_resources = first_line(run_and_capture(processes_, resources));
    ProcessSpec version = resources;
    version.argv = {"clang", "--version"};
    tc.identity = first_line(run_and_capture(processes_, version)) + "\n" +
                  read_file(tc.sdk / ".woa-sdk-ready") +
                  read_file(tc.tools.parent_path() / ".woa-sdk-ready");
    return made_.emplace(key, tc).first->second;
}

std::vector<FetchOutcome> fetch_unit(HttpClient& http, const Cache& cache, const Entry& entry,
                                     const FetchSettings& settings, Toolchains& toolchains,
                                     const fs::path& builds) {
    std::vector<FetchOutcome> out = fetch_entry(http, cache, entry, settings);
    if (out.empty() || out.front().state == "failed") return out;
    const fs::path tree = cache.tree(entry.source);
    try {
        const TestUnit unit = read_test_unit(tree, entry.source.dir);
        const Builder builder(*settings.processes, builds, source_id(entry));
        for (const char* arch : architectures) {
            const std::string what = entry.id + " (" + arch + " build)";
            const Toolchain& tc = toolchains.get(entry.source.suite, arch);
            const bool cached = cached_build(builds, source_id(entry), tc, unit.name).has_value();
            const UnitBuild b = builder.build(tree, unit, tc);
            if (b.state != "built") {
                out.push_back({what, "failed", b.error, {}});
                continue;
            }
            FetchOutcome o{what, cached ? "cached" : "built", b.program.string(), {}};
            for (const auto& [test, why] : b.not_built)
                o.warnings.push_back(test + " not built: " + why);
            out.push_back(o);
        }
    } catch (const Error& e) {
        out.push_back({entry.id + " (build)", "failed", e.what(), {}});
    }
    return out;
}

fs::path test_program(const Cache& cache, const Entry& entry, const TestSpec& test,
                      const std::string& arch, Toolchains& toolchains, const fs::path& builds,
                      std::string& why_not, bool& not_built) {
    if (!fs::is_directory(cache.tree(entry.source))) {
        why_not = entry.id + " is not fetched: woa fetch " + entry.id;
        return {};
    }
    const auto b = cached_build(builds, source_id(entry), toolchains.get(entry.source.suite, arch),
                                entry.source.name);
    if (!b) {
        why_not = entry.id + " is not built for " + arch + ": woa fetch " + entry.id;
        return {};
    }
    not_built = true;
    if (b->state != "built") {
        why_not = entry.id + " did not build for " + arch + ": " + b->error;
        return {};
    }
    if (auto it = b->not_built.find(test.name); it != b->not_built.end()) {
        why_not = it->second;
        return {};
    }
    not_built = false;
    return b->program;
}

EntrySource pin_source(HttpClient& http, const FetchSettings& settings, const std::string& suite,
                       const std::string& package, const std::string& version) {
    ScratchDir scratch(fs::temp_directory_path(), "woa-pin-");
    const DebianSource found = find_debian_source(http, settings.debian_mirror, suite, package,
                                                  version, scratch.path(), settings.http);
    EntrySource source;
    source.kind = "wine-test";
    source.suite = suite;
    source.package = found.package;
    source.version = found.version;
    source.files = found.files;
    if (source.dsc().empty()) throw Error(package + " " + found.version + " has no .dsc");
    return source;
}

nlohmann::ordered_json index_document(const EntrySource& source, const std::vector<TestUnit>& units,
                                      const std::vector<std::string>& default_units,
                                      double timeout_s) {
    nlohmann::ordered_json doc;
    doc["$schema"] = "../schema/wine-tests.schema.json";
    doc["description"] = "Wine's conformance tests of Debian's " + source.package + " " +
                         source.version + " (" + source.suite +
                         "), as `woa corpus wine-tests` read them from the unpacked source.";
    doc["source"] = {{"suite", source.suite},
                     {"package", source.package},
                     {"version", source.version},
                     {"files", source.files}};
    doc["default_units"] = default_units;
    doc["timeout_s"] = timeout_s;
    doc["units"] = nlohmann::ordered_json::array();
    for (const auto& u : units) {
        nlohmann::ordered_json unit = {{"id", u.entry_id()},
                                       {"name", u.name},
                                       {"dir", u.dir.string()},
                                       {"program", u.program()},
                                       {"tests", u.tests}};
        if (!u.missing.empty()) unit["missing"] = u.missing;
        doc["units"].push_back(unit);
    }
    return doc;
}

} // namespace woa::winetest
