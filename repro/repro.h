// Reproducer bundles for upstream maintainers: one failing test on one target, told in a README
// written for the person who will fix it, a run.sh that needs nothing but qemu-user and a
// wine-arm64 tree, the program and its inputs, and traces cut to the failure.
//
// This library is pure: it models a case and renders its files from evidence the caller
// gathered (the results store, references, known issues, one traced re-run that `cli/` starts,
// as `woa bisect` does). It never starts a process, so every word it writes is unit-tested.
#pragma once

#include "core/folder_swap.h"
#include "differ/compare.h"
#include "runner/results_db.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace woa {

// What the results store says about the same test on another target (the newest result).
struct OtherTarget {
    std::string target;
    bool provisioned = false;
    std::string outcome; // "" when the store has no result for it
    std::string detail, wine_version, qemu_version;
    std::int64_t run = 0;
};

// Where the program comes from, and whether the bundle may carry it.
struct ProgramOrigin {
    bool bundled = false;  // program/ holds it (the manifest says it is redistributable)
    std::string source;    // "npm:@sentry/cli-win32-arm64@2.0.0", "probe:control"
    std::string licence;   // SPDX
    std::string project;   // upstream home
    std::string url;       // when not bundled: what run.sh downloads ...
    std::string algorithm; // ... checked with sha256 or sha512 ...
    std::string digest;    // ... against this hex digest
    std::string format;    // tgz, tar.xz, zip or raw: how run.sh unpacks it
    std::string why_not;   // when neither bundled nor fetchable: what the maintainer must do
};

// The failing run re-executed with wine's debug channels.
struct TraceRun {
    std::string channels;  // WINEDEBUG
    std::string why;       // why these channels for this outcome
    std::string relay_dll; // +relay lines kept only for this DLL ("" when no relay)
    std::string outcome;   // what the traced run ended with (classify_sample)
    std::string detail;    // ... and why
    std::string excerpt;   // wine's log cut to the part around the failure
    std::string full_log;  // its file in the bundle: traces/wine.log or traces/wine.log.gz
    std::string module;    // faulting module of a crash, from +loaddll ("" when unknown)
};

// A failing check of wine's tests and the source around it, for the wine developer.
struct SourceExcerpt {
    std::string signature, message; // "path.c:89", what the check printed
    std::string url;                // the line at the exact version, "" when unknown
    std::string bundled;            // the whole file in the bundle ("sources/path.c"), or ""
    std::string text;               // numbered lines around it, the failing one marked (or "")
};

// Lines [line - before, line + after] of `source` (1-based), each "  123 | text", the failing
// one "> 123 | text"; "" when `line` is not in the file. Lines are cut at 200 bytes.
std::string excerpt_around(const std::string& source, long line, long before = 8, long after = 3);

struct ReproCase {
    std::string entry, test_name, description, target;
    std::int64_t run = 0;
    std::string run_started;
    ResultRecord result;
    nlohmann::json identity; // the target as it was at the run (target.json)
    nlohmann::json host;     // host_identity(): machine, cpu, kernel of this machine
    // The test, as woa runs it.
    std::string executable; // relative to program/
    std::vector<std::string> args, inputs;
    std::map<std::string, std::string> env;
    std::string stdin_file, cwd; // cwd below the work folder ("" for the work folder)
    double timeout_s = 60;
    long long expect_exit = 0;
    ProgramOrigin program;
    // A test that runs under another entry's program (node.exe for an npm package): that
    // entry's id, and the test entry's own package, which goes into the working folder.
    std::string runtime;
    std::optional<ProgramOrigin> package;
    // Judged against the reference results.
    std::string reference_origin;      // recorded, spec, cross-platform; "" when none
    std::string reference_text;        // its provenance
    std::string verdict_detail;        // what differs from it
    std::string output_diff;           // unified diff of the normalised outputs
    std::vector<Verdict::Known> known; // known issues whose signature matches
    std::vector<OtherTarget> others;
    std::optional<TraceRun> trace;
    std::vector<SourceExcerpt> sources; // wine's tests: the failing checks' source lines
    std::string woa_version;

    std::string test() const { return entry + "/" + test_name; }
};

// A test is worth a bundle when its outcome is not ok or its reference verdict failed.
bool is_failing(const ResultRecord& result, const std::string& reference_verdict);

// "kernelbase.dll" for a result whose wine log named an unimplemented kernelbase.dll function.
std::string failing_dll(const ResultRecord& result);

// The WINEDEBUG channels for an outcome, and why. +relay (kept for `failing dll` only) when the
// program is small enough to trace every call: its recorded run took under `relay_budget_s`.
TraceRun trace_plan(const ResultRecord& result, double relay_budget_s = 5.0);

// Wine's log cut to the part around the failure: up to `before` lines before the first line
// that shows it (the unhandled exception, the unimplemented function, the loader's error) and
// `after` lines after; relay lines of other DLLs dropped; each line at most 400 bytes, the
// whole at most `max_bytes`. The end of the log when no line shows the failure.
std::string cut_trace(const std::string& log, const std::string& outcome,
                      const std::string& relay_dll, std::size_t before = 60, std::size_t after = 20,
                      std::size_t max_bytes = 32 * 1024);

// The module a crash happened in: the one +loaddll says was loaded at the highest base at or
// below the faulting address of wine's "Unhandled ... at address X" line. "" when unknown.
std::string faulting_module(const std::string& log);

// What the evidence says about other targets: one sentence a line, each naming its runs.
std::vector<std::string> cross_target_findings(const ReproCase& c);

// "0xC0000005 (STATUS_ACCESS_VIOLATION)" or "3"; "none" when there is no exit code.
std::string exit_code_text(const std::optional<std::int64_t>& code);

// The bundle's README.md, for the upstream maintainer. Reproducible: nothing in it depends on
// when or where it was rendered, beyond the run's own date and the host's identity.
std::string render_readme(const ReproCase& c);

// A report to paste into WineHQ Bugzilla or a GitLab/GitHub issue: summary, steps, expected and
// actual, versions, evidence, trace excerpt.
std::string render_markdown(const ReproCase& c);

// Defaults run.sh uses when the maintainer passes nothing: the target's own wine tree and qemu.
struct ScriptDefaults {
    std::filesystem::path wine_root, qemu;
    std::string cpu, loader, server; // loader, server: paths inside the wine root
};

// run.sh: recreates woa's wiring without woa (own prefix made by wineboot, shims of its own,
// drives D: and E:), runs the test's command as woa did, prints what happened and whether it
// is the failure recorded, and exits with the program's status.
std::string render_run_script(const ReproCase& c, const ScriptDefaults& defaults);

// 'text' quoted for sh.
std::string shell_quote(const std::string& text);

// The bundle's default folder name, "repro-ENTRY-TEST-TARGET" (`--tar` adds .tar.gz): where
// `woa publish --bundles` looks for it.
std::string bundle_name(const std::string& entry, const std::string& test,
                        const std::string& target);
// The registry's conventional tarball URL, https://registry.npmjs.org/@scope/name/-/name-1.0.0.tgz
// (what the registry's dist.tarball says for packages published by npm).
std::string npm_conventional_url(const std::string& registry, const std::string& package,
                                 const std::string& version);

// One file of a bundle: its text, or a file to copy.
struct BundleFile {
    std::string path; // relative, with '/'
    std::string content;
    std::filesystem::path copy_from; // when not empty, the bytes come from here
    bool executable = false;

    static BundleFile text(std::string path, std::string content, bool executable = false) {
        return {std::move(path), std::move(content), {}, executable};
    }
    static BundleFile copy(std::string path, std::filesystem::path from, bool executable = false) {
        return {std::move(path), {}, std::move(from), executable};
    }
};

// What marks a bundle folder as woa repro's own (core/folder_swap.h): the only folder it
// replaces, and only while it holds nothing else (run.sh's state/, a user's notes).
inline const FolderMark bundle_mark{".woa-bundle", "bundle made by woa repro"};

// Writes `files` into `<out>.partial` (sorted, fixed permissions) and swaps it into `out`; an
// `out` already there is replaced only when check_replaceable(out, bundle_mark) allows, and only
// after the new bundle is complete.
void write_bundle(const std::vector<BundleFile>& files, const std::filesystem::path& out);

// A gzip'd tar of the folder `dir` (entries sorted, mtime 0, owner root:root, modes 0644/0755)
// written to `tar_file` atomically: the same folder gives the same bytes.
void write_reproducible_tar(const std::filesystem::path& dir, const std::filesystem::path& tar_file,
                            const std::string& top_folder);

// `bytes` gzip'd without a timestamp (the same input gives the same output).
std::string gzip_bytes(const std::string& bytes);

} // namespace woa
