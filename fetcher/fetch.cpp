#include "fetcher/fetch.h"

#include "core/error.h"
#include "core/fs.h"
#include "fetcher/archive.h"
#include "core/process.h"
#include "fetcher/debian.h"
#include "fetcher/inspect.h"
#include "fetcher/tree_record.h"

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
    record_tree(partial, tree);
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

// A Debian source package, pinned file by file: each file is checked against the suite's
// Sources index and downloaded into the blob store, then `dpkg-source -x` unpacks the .dsc with
// Debian's patches applied (they can change what a test does) into the tree, atomically; one
// unpacking at a time per tree, as every unit of wine's tests shares it.
void fetch_debian_source(HttpClient& http, const Cache& cache, const EntrySource& source,
                         const fs::path& tree, const FetchSettings& settings) {
    if (!settings.processes) throw Error("internal: no process runner to unpack " + source.text());
    fs::create_directories(tree.parent_path());
    FileLock lock(tree.parent_path() / (".unpack-" + tree.filename().string() + ".lock"));
    if (fs::is_directory(tree)) return;
    ScratchDir scratch(tree.parent_path(), ".partial-" + tree.filename().string().substr(0, 16) + "-");
    std::string directory;
    for (const auto& [name, sha256] : source.files) {
        const Integrity integrity = Integrity::parse(sha256, source.text() + " " + name);
        if (!cache.blobs.has(integrity)) {
            if (settings.offline) throw Error(name + " is not cached, and --offline");
            if (directory.empty()) {
                const DebianSource listed =
                    find_debian_source(http, settings.debian_mirror, source.suite, source.package,
                                       source.version, scratch.path(), settings.http);
                if (listed.files != source.files)
                    throw Error(source.text() + ": the files in " + source.suite +
                                "'s Sources index differ from the pinned ones (rebuilt?)");
                directory = listed.directory;
            }
            cache.blobs.fetch(http, settings.debian_mirror + "/" + directory + "/" + name,
                              integrity, settings.http);
        }
        fs::create_symlink(cache.blobs.path(integrity), scratch.path() / name);
    }
    ProcessSpec p;
    p.argv = {"dpkg-source", "--no-check", "-x", (scratch.path() / source.dsc()).string(),
              (scratch.path() / "tree").string()};
    p.cwd = scratch.path();
    p.contained = false;
    p.timeout_s = 900;
    run_and_capture(*settings.processes, p);
    record_tree(scratch.path() / "tree", tree);
    fs::rename(scratch.path() / "tree", tree);
}

// --verify: each cached blob of the source hashed again; one that does not match its name is
// removed with the tree, so that both are made again: a blob is downloaded only for a missing
// tree.
void verify_blobs(const Cache& cache, const EntrySource& source, const Integrity& integrity,
                  FetchOutcome& outcome) {
    std::vector<Integrity> blobs;
    if (source.kind == "wine-test")
        for (const auto& [name, sha256] : source.files)
            blobs.push_back(Integrity::parse(sha256, source.text() + " " + name));
    else
        blobs.push_back(integrity);
    for (const auto& blob : blobs) {
        if (!cache.blobs.has(blob)) continue;
        const fs::path file = cache.blobs.path(blob);
        const std::string digest = file_digest(file, blob.algorithm);
        if (digest == blob.hex) continue;
        fs::remove(file);
        outcome.state = "repaired";
        outcome.warnings.push_back("the cached blob " + file.string() + " was damaged (" +
                                   blob.algorithm + " " + digest + "): downloaded again");
        if (fs::is_directory(cache.tree(source))) remove_tree(cache.tree(source));
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
        // A tree that is not what was unpacked is made again (from its blob, checked again).
        if (fs::is_directory(tree)) {
            if (const std::string wrong = check_tree(tree, settings.verify); !wrong.empty()) {
                remove_tree(tree);
                outcome.state = "repaired";
                outcome.warnings.push_back("the unpacked tree failed verification (" + wrong +
                                           "): unpacked again");
            }
        }
        // Before a tree is made again from its blob, the blob is checked again too.
        if (settings.verify || outcome.state == "repaired")
            verify_blobs(cache, source, integrity, outcome);
        if (source.kind == "wine-test") {
            // Checked by digest file by file above; the executables are built, not fetched.
            if (!fs::is_directory(tree)) {
                fetch_debian_source(http, cache, source, tree, settings);
                if (outcome.state == "cached") outcome.state = "fetched";
            }
            return outcome;
        }
        if (!fs::is_directory(tree)) {
            fs::path blob = cache.blobs.path(integrity);
            if (!cache.blobs.has(integrity)) {
                if (settings.offline) return {what, "failed", "not cached, and --offline", {}};
                ScratchDir scratch(fs::temp_directory_path(), "woa-fetch-");
                const std::string url =
                    resolve_url(http, source, integrity, settings, scratch.path());
                blob = cache.blobs.fetch(http, url, integrity, settings.http);
                if (outcome.state == "cached") outcome.state = "fetched";
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
    if (source.kind == "wine-test") {
        const auto dsc = source.files.find(source.dsc());
        if (dsc == source.files.end()) throw Error(what + ": the source package has no .dsc");
        return Integrity::parse(dsc->second, what);
    }
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
