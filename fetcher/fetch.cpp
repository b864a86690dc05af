#include "fetcher/fetch.h"

#include "core/error.h"
#include "core/fs.h"
#include "fetcher/archive.h"
#include "fetcher/debian.h"
#include "fetcher/inspect.h"

namespace woa {

namespace fs = std::filesystem;

namespace {

// The file name a URL names: its last path segment, without query or fragment.
std::string url_file_name(const std::string& url) {
    const std::string path = url.substr(0, url.find_first_of("?#"));
    const std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.empty() || name == "." || name == "..") throw Error(url + ": no file name in the URL");
    return name;
}

// How a source's blob becomes a tree. npm tarballs and the url formats are archives; a bare
// .exe is a tree of one file.
std::string source_format(const EntrySource& source) {
    if (source.kind == "npm") return "tar.gz";
    if (source.kind == "deb") return "deb";
    if (!source.format.empty()) return source.format;
    const std::string name = url_file_name(source.url);
    for (const std::string suffix : {".zip", ".tar.gz", ".tgz", ".tar.xz", ".exe"})
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return suffix == ".tgz" ? "tar.gz" : suffix.substr(1);
    throw Error("cannot tell the format of " + source.url + " from its name: set source.format");
}

// Unpacks a verified blob into its tree, atomically: a half-made tree is never visible, and two
// entries sharing a source (fetched by two workers at once) each build their own aside.
void unpack(const fs::path& blob, const EntrySource& source, const fs::path& tree) {
    fs::create_directories(tree.parent_path());
    ScratchDir aside(tree.parent_path(),
                     ".partial-" + tree.filename().string().substr(0, 16) + "-");
    const fs::path partial = aside.path() / "tree";
    const std::string format = source_format(source);
    if (format == "deb") {
        extract_deb(blob, partial);
    } else if (format == "exe") {
        fs::create_directories(partial);
        fs::copy_file(blob, partial / url_file_name(source.url));
        fs::permissions(partial / url_file_name(source.url), fs::perms(0755));
    } else {
        extract_archive(blob, partial);
    }
    std::error_code taken;
    fs::rename(partial, tree, taken);
    // Another worker finished the same tree first; its copy is as good as ours.
    if (taken && !fs::is_directory(tree))
        throw Error("cannot move the unpacked tree to " + tree.string() + ": " + taken.message());
}

std::string resolve_url(HttpClient& http, const EntrySource& source, const Integrity& integrity,
                        const FetchSettings& settings, const fs::path& scratch) {
    if (source.kind == "npm")
        return npm_tarball_url(http, settings.registry, source.package, source.version, integrity,
                               scratch, settings.http);
    if (source.kind == "deb")
        return debian_package_url(http, settings.debian_mirror, source.suite, source.arch,
                                  source.package, source.version, integrity, scratch,
                                  settings.http);
    return source.url;
}

// The manifest's executables must be in the tree; Windows ones should be arm64 PE files.
void check_executables(const fs::path& tree, const std::vector<std::string>& executables,
                       bool windows, FetchOutcome& outcome) {
    for (const auto& name : executables) {
        const fs::path file = tree / name;
        if (!fs::is_regular_file(file)) {
            outcome.state = "failed";
            outcome.detail = "'" + name + "' is not in the unpacked source (" + tree.string() + ")";
            return;
        }
        if (!windows) continue;
        try {
            const std::string machine = pe_machine(file);
            if (machine != "ARM64" && machine != "ARM64X")
                outcome.warnings.push_back(name + " is " + machine +
                                           ", not ARM64: it will not be run as arm64");
        } catch (const Error& e) {
            outcome.warnings.push_back(std::string(e.what()));
        }
    }
}

FetchOutcome fetch_source(HttpClient& http, const Cache& cache, const EntrySource& source,
                          const std::vector<std::string>& executables, bool windows,
                          const std::string& what, const FetchSettings& settings) {
    if (source.kind == "probe") return {what, "built", "build/probes/" + source.name + ".exe", {}};
    try {
        const Integrity integrity = source_integrity(source, what);
        const fs::path tree = cache.tree(source);
        FetchOutcome outcome{what, "cached", tree.string(), {}};
        if (!fs::is_directory(tree)) {
            fs::path blob = cache.blobs.path(integrity);
            if (!cache.blobs.has(integrity)) {
                if (settings.offline) return {what, "failed", "not cached, and --offline", {}};
                ScratchDir scratch(fs::temp_directory_path(), "woa-fetch-");
                const std::string url =
                    resolve_url(http, source, integrity, settings, scratch.path());
                blob = cache.blobs.fetch(http, url, integrity, settings.http);
                outcome.state = "fetched";
            }
            unpack(blob, source, tree);
        }
        check_executables(tree, executables, windows, outcome);
        return outcome;
    } catch (const Error& e) {
        return {what, "failed", e.what(), {}};
    } catch (const fs::filesystem_error& e) {
        return {what, "failed", e.what(), {}};
    }
}

} // namespace

FetchSettings FetchSettings::from_environment() {
    FetchSettings settings;
    settings.registry = npm_registry();
    settings.debian_mirror = woa::debian_mirror();
    return settings;
}

fs::path Cache::tree(const EntrySource& source) const {
    if (source.kind == "probe") return {};
    const Integrity integrity = source_integrity(source, source.text());
    return trees / integrity.algorithm / integrity.hex;
}

Integrity source_integrity(const EntrySource& source, const std::string& what) {
    return Integrity::parse(source.kind == "npm" ? source.integrity : source.sha256, what);
}

std::vector<FetchOutcome> fetch_entry(HttpClient& http, const Cache& cache, const Entry& entry,
                                      const FetchSettings& settings) {
    // A probe the corpus brings prebuilt (a project's own program) is used where it lies.
    const fs::path own_probe =
        entry.file.parent_path().parent_path() / "probes" / (entry.source.name + ".exe");
    std::vector<FetchOutcome> out{
        entry.source.kind == "probe" && fs::is_regular_file(own_probe)
            ? FetchOutcome{entry.id, "local", own_probe.string(), {}}
            : fetch_source(http, cache, entry.source, entry.executables, true, entry.id, settings)};
    if (entry.host_baseline)
        out.push_back(fetch_source(http, cache, entry.host_baseline->source,
                                   {entry.host_baseline->executable}, false,
                                   entry.id + " (host baseline)", settings));
    return out;
}

} // namespace woa
