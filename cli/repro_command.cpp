// woa repro TEST --target NAME: a reproducer bundle for one failing test on one target. The
// evidence comes from the results store, the references and the known issues; the traces from
// one re-run through a child `woa exec` (the code path `woa run` uses), started here as
// `woa bisect` starts its runs: woa_repro itself only models and renders.
#include "cli/command.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "core/version.h"
#include "differ/known_issues.h"
#include "differ/reference.h"
#include "fetcher/blob_store.h"
#include "fetcher/fetch.h"
#include "repro/repro.h"
#include "runner/exec.h"
#include "runner/run.h"
#include "runner/target.h"
#include "winetest/sources.h"
#include "winetest/suite.h"

#include <iostream>
#include <memory>
#include <set>
#include <unistd.h>

namespace woa::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    std::string test, target = default_target, out, db, corpus, references;
    std::int64_t run = 0;
    bool tar = false, markdown = false, force = false, no_trace = false;
};

// The newest result of `test` on `target` (in run `only_run` when not 0), with its run.
std::optional<std::pair<std::int64_t, ResultRecord>> find_result(const ResultsDb& db,
                                                                 const std::string& test,
                                                                 const std::string& target,
                                                                 std::int64_t only_run) {
    auto runs = db.list_runs();
    std::sort(runs.begin(), runs.end(),
              [](const RunRecord& a, const RunRecord& b) { return a.id > b.id; });
    for (const auto& run : runs) {
        if (only_run && run.id != only_run) continue;
        for (auto& r : db.results(run.id))
            if (r.test == test && r.target == target) return std::make_pair(run.id, r);
    }
    return std::nullopt;
}

json identity_at(const ResultsDb& db, std::int64_t run, const std::string& target) {
    for (const auto& t : db.targets(run))
        if (t.name == target) return t.identity;
    return json::object();
}

std::string version_in(const json& identity, const char* part) {
    return identity.contains(part) && identity.at(part).contains("version") &&
                   identity.at(part).at("version").is_string()
               ? identity.at(part).at("version").get<std::string>()
               : "";
}

// Every other target the evidence could speak for: provisioned ones and any with a result.
std::vector<OtherTarget> other_targets(const ResultsDb& db, const std::string& test,
                                       const std::string& target) {
    std::map<std::string, OtherTarget> by_name;
    for (const auto& identity : TargetStore(woa_home() / "targets").list())
        if (identity.name != target) {
            OtherTarget& o = by_name[identity.name];
            o.target = identity.name;
            o.provisioned = true;
        }
    auto runs = db.list_runs();
    std::sort(runs.begin(), runs.end(),
              [](const RunRecord& a, const RunRecord& b) { return a.id > b.id; });
    for (const auto& run : runs)
        for (const auto& r : db.results(run.id)) {
            if (r.test != test || r.target == target || r.target == host_target) continue;
            OtherTarget& o = by_name[r.target];
            if (o.target.empty()) o.target = r.target;
            if (!o.outcome.empty()) continue; // a newer run already spoke
            const json identity = identity_at(db, run.id, r.target);
            o.outcome = r.outcome;
            o.detail = r.detail;
            o.run = run.id;
            o.wine_version = version_in(identity, "wine");
            o.qemu_version = version_in(identity, "qemu");
        }
    std::vector<OtherTarget> out;
    for (auto& [name, o] : by_name)
        out.push_back(o);
    return out;
}

json result_json(const ResultRecord& r, std::int64_t run) {
    json subtests = json::array();
    for (const auto& s : r.subtests)
        subtests.push_back({{"name", s.name}, {"outcome", s.outcome}, {"message", s.message}});
    json samples = json::array();
    for (const auto& s : r.samples)
        samples.push_back({{"repeat", s.repeat},
                           {"outcome", s.outcome},
                           {"exit_code", s.exit_code ? json(*s.exit_code) : json()}});
    return {{"run", run},           {"test", r.test},
            {"target", r.target},   {"outcome", r.outcome},
            {"detail", r.detail},   {"exit_code", r.exit_code ? json(*r.exit_code) : json()},
            {"started", r.started}, {"wine", r.wine},
            {"output", r.output},   {"files", r.files},
            {"subtests", subtests}, {"samples", samples}};
}

// The program the test runs on a target of `arch`, or an Error saying how to get it.
fs::path program_of(const Entry& entry, const TestSpec& test, const Cache& cache,
                    const std::string& arch) {
    fs::path program;
    if (entry.source.kind == "probe") {
        program = executable_dir() / "probes" / test.executable;
        if (!fs::is_regular_file(program))
            throw Error(program.string() + " is not built (cmake --build build)");
        return program;
    }
    if (entry.source.kind == "wine-test") {
        SystemProcessRunner processes;
        winetest::Toolchains toolchains(processes, woa_home());
        std::string why_not;
        bool not_built = false;
        program = winetest::test_program(cache, entry, test, arch, toolchains, winetest_builds(),
                                         why_not, not_built);
        if (program.empty()) throw Error(why_not);
        return program;
    }
    program = cache.tree(entry.source) / test.executable;
    if (!fs::is_regular_file(program))
        throw Error(program.string() + " is not there (woa fetch " + entry.id + ")");
    return program;
}

// wine's tests: each failing check ("file.c:123", at most 20) with its source lines, and the
// source files that hold them, from the unpacked source package.
std::vector<SourceExcerpt> failing_checks(const Entry& entry, const ResultRecord& result,
                                          const Cache& cache, std::vector<BundleFile>& files) {
    std::vector<SourceExcerpt> out;
    if (entry.source.kind != "wine-test") return out;
    const fs::path tree = cache.tree(entry.source);
    std::set<std::string> bundled;
    for (const auto& s : result.subtests) {
        if (s.outcome != "fail" || out.size() >= 20) continue;
        const auto at = winetest::failure_location(s.name);
        if (!at) continue;
        SourceExcerpt e{s.name, s.message, winetest::source_line_url(entry, s.name), "", ""};
        const fs::path file = winetest::source_file(tree, entry, *at);
        if (fs::is_regular_file(file)) {
            e.bundled = "sources/" + at->file;
            e.text = excerpt_around(read_file(file, 16u << 20), at->line);
            if (bundled.insert(at->file).second) files.push_back(BundleFile::copy(e.bundled, file));
        }
        out.push_back(std::move(e));
    }
    return out;
}

// An entry's unpacked package for the bundle, in `folder`/ when its licence allows, or where
// run.sh downloads it from (`needed`: what must exist once it is there, for the message).
ProgramOrigin package_files(const Entry& entry, const Cache& cache, const std::string& folder,
                            const std::string& needed, std::vector<BundleFile>& files) {
    ProgramOrigin p;
    p.source = entry.source.text();
    p.licence = entry.licence;
    p.project = entry.project;
    if (entry.redistributable) {
        p.bundled = true;
        const fs::path tree = cache.tree(entry.source);
        if (!fs::is_directory(tree))
            throw Error(entry.id + " is not fetched: woa fetch " + entry.id);
        // The whole unpacked package: programs load DLLs and data from beside themselves.
        std::uintmax_t total = 0;
        for (auto it = fs::recursive_directory_iterator(tree); it != fs::end(it); ++it) {
            if (!it->is_regular_file() || it->is_symlink()) continue;
            total += it->file_size();
            files.push_back(BundleFile::copy(
                folder + "/" + fs::relative(it->path(), tree).generic_string(), it->path(),
                (it->status().permissions() & fs::perms::owner_exec) != fs::perms::none));
        }
        if (total > (512ull << 20))
            throw Error(entry.id + "'s package is " + std::to_string(total >> 20) +
                        " MiB: too big for a bundle");
        return p;
    }
    const EntrySource& s = entry.source;
    if (s.kind == "npm" || s.kind == "url") {
        const Integrity integrity = source_integrity(s, entry.id);
        p.url =
            s.kind == "npm" ? npm_conventional_url(npm_registry(), s.package, s.version) : s.url;
        p.algorithm = integrity.algorithm;
        p.digest = integrity.hex;
        p.format = s.kind == "npm" ? "tgz" : s.format.empty() ? "raw" : s.format;
    }
    if (p.digest.empty()) {
        p.url.clear();
        p.why_not = "get " + s.text() + " (" + entry.project + ") and unpack it into " + folder +
                    "/" + needed;
    }
    return p;
}

// The program's files for the bundle (relative path in program/ -> file), and where it is from.
ProgramOrigin program_files(const Entry& entry, const TestSpec& test, const Cache& cache,
                            const fs::path& program, std::vector<BundleFile>& files) {
    if (entry.redistributable && (entry.source.kind == "probe" || entry.source.kind == "wine-test")) {
        // One program, built here (a wine test's unit holds its helper DLLs inside it).
        ProgramOrigin p;
        p.source = entry.source.text();
        p.licence = entry.licence;
        p.project = entry.project;
        p.bundled = true;
        files.push_back(BundleFile::copy("program/" + test.executable, program));
        return p;
    }
    return package_files(entry, cache, "program", " so that program/" + test.executable + " exists",
                         files);
}

// Re-runs the test as `woa run` does (fresh working folder, known environment, a child
// `woa exec`), with wine's debug channels on, in a prefix of its own.
TraceRun traced_run(Context& context, const TestSpec& test, const std::string& target,
                    const ResultRecord& recorded, const fs::path& program,
                    const fs::path& corpus_dir, const fs::path& package, const fs::path& logs) {
    TraceRun t = trace_plan(recorded);
    ScratchDir scratch(woa_home() / "scratch", "repro-");
    const fs::path work = scratch.path() / "drive" / "work";
    fs::create_directories(work);
    for (const auto& input : test.inputs)
        fs::copy_file(corpus_dir / "inputs" / input, work / fs::path(input).filename());
    if (!package.empty()) // a runtime's test: its package in the working folder, as woa run does
        fs::copy(package, work, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    const fs::path cwd = test.cwd.empty() ? work : work / test.cwd;
    fs::create_directories(cwd);
    fs::create_directories(logs);
    ProcessSpec p;
    p.argv = {fs::read_symlink("/proc/self/exe").string(),
              "exec",
              "--json",
              "--target",
              target,
              "--prefix",
              "repro",
              "--log-dir",
              logs.string(),
              "--timeout",
              std::to_string(test.timeout_s),
              "--drive-root",
              (scratch.path() / "drive").string(),
              "--cwd",
              cwd.string(),
              "--winedebug",
              t.channels,
              "--warm-seconds",
              "30"};
    append_test_command(p.argv, test, corpus_dir, program);
    p.stdout_path = logs / "exec.json";
    p.stderr_path = logs / "exec.err";
    p.timeout_s = test.timeout_s + 120;
    p.contained = false; // the child woa contains its program
    p.inherit_env = false;
    p.env = run_environment(woa_home());
    const ProcessResult child = context.runner.run(p);
    if (child.interrupted) throw Error("interrupted", exit_code::interrupted);
    const json exec = json::parse(read_file(logs / "exec.json", 1u << 20), nullptr, false);
    if (!exec.is_object() || !exec.contains("status"))
        throw Error("the traced run failed (woa exec " + describe(child) + "): see " +
                    (logs / "exec.err").string());
    const std::string log = read_file(logs / "wine.log", 1ull << 31);
    json wine = json::object();
    const SampleRecord sample = classify_sample(exec, log, test.expect_exit, t.detail, wine);
    t.outcome = sample.outcome;
    t.excerpt = cut_trace(log, recorded.outcome, t.relay_dll);
    if (recorded.outcome == "crash" || t.outcome == "crash") t.module = faulting_module(log);
    return t;
}

int repro_run(Context& context, const Options& o) {
    const Corpus corpus = Corpus::load_valid(chosen_corpus(o.corpus));
    const auto [found_entry, test] = corpus.find_test(o.test);
    const Entry& entry = *found_entry;
    // A test of an npm package for node (bun, deno) runs the runtime entry's program.
    const Entry& program_entry = entry.runtime.empty() ? entry : corpus.get(entry.runtime);
    check_target_name(o.target);

    const fs::path db_file = o.db.empty() ? default_results_db() : fs::path(o.db);
    const ResultsDb db = ResultsDb::open_read_only(db_file);
    if (o.run) db.require_run(o.run);
    const auto found = find_result(db, o.test, o.target, o.run);
    if (!found)
        throw Error("repro: no result for " + o.test + " on " + o.target +
                    (o.run ? " in run " + std::to_string(o.run) : std::string()) + " in " +
                    db_file.string() + " (woa run -t " + o.target + " --filter " + o.test + ")");
    const auto& [run_id, result] = *found;

    ReproCase c;
    c.entry = entry.id;
    c.test_name = test->name;
    c.description = test->description;
    c.target = o.target;
    c.run = run_id;
    c.run_started = db.get_run(run_id) ? db.get_run(run_id)->started : "";
    c.result = result;
    c.identity = identity_at(db, run_id, o.target);
    c.host = host_identity();
    c.executable = test->executable;
    c.args = test->args;
    c.inputs = test->inputs;
    c.env = test->env;
    c.stdin_file = test->stdin_file;
    c.cwd = test->cwd;
    c.timeout_s = test->timeout_s;
    c.expect_exit = test->expect_exit;
    c.woa_version = WOA_VERSION;

    const ReferenceSet references = ReferenceSet::load(
        o.references.empty() ? default_references_dir() : fs::path(o.references));
    std::vector<Verdict> verdicts = compare_with_references({result}, references);
    mark_known(verdicts, KnownIssues::load(corpus.dir() / "known-issues.json"),
               wine_versions(db.targets(run_id)));
    const Verdict& verdict = verdicts.at(0);
    if (const Reference* ref = references.find(o.test)) {
        c.reference_origin = ref->origin;
        c.reference_text = ref->origin_text;
    }
    c.verdict_detail =
        verdict.verdict == "pass"
            ? ""
            : verdict.verdict + (verdict.detail.empty() ? "" : ": " + verdict.detail);
    c.output_diff = verdict.output_diff;
    c.known = verdict.known;
    if (!is_failing(result, verdict.verdict) && !o.force)
        throw Error("repro: " + o.test + " does not fail on " + o.target + " in run " +
                    std::to_string(run_id) + " (" + result.outcome + ", verdict " +
                    verdict.verdict + "): nothing to reproduce (--force makes a bundle anyway)");
    c.others = other_targets(db, o.test, o.target);

    std::vector<BundleFile> files;
    const Cache cache(woa_home());
    const TargetStore store(woa_home() / "targets");
    const TargetIdentity target = store.get(o.target);
    const TargetLayout layout = store.layout(o.target);
    const fs::path program = program_of(program_entry, *test, cache, target.arch);
    c.program = program_files(program_entry, *test, cache, program, files);
    fs::path package;
    if (!entry.runtime.empty()) {
        package = cache.tree(entry.source);
        if (!fs::is_directory(package)) throw Error(entry.id + " is not fetched: woa fetch " + entry.id);
        c.runtime = entry.runtime;
        c.package = package_files(entry, cache, "package", "", files);
    }
    c.sources = failing_checks(entry, result, cache, files);
    for (const auto& input : test->inputs)
        files.push_back(BundleFile::copy("inputs/" + fs::path(input).filename().string(),
                                         corpus.dir() / "inputs" / input));
    if (!test->stdin_file.empty())
        files.push_back(BundleFile::copy("stdin/" + fs::path(test->stdin_file).filename().string(),
                                         corpus.dir() / "inputs" / test->stdin_file));
    files.push_back(BundleFile::copy("launcher/woa-launch.exe", find_launcher()));

    const fs::path out =
        fs::absolute(o.out.empty() ? fs::path(bundle_name(entry.id, test->name, o.target))
                                   : fs::path(o.out))
            .lexically_normal();
    if (out.filename().empty()) throw UsageError("repro: --out must name a folder");
    check_replaceable(out, bundle_mark); // before the traced re-run, not after it
    std::optional<ScratchDir> logs;
    if (!o.no_trace) {
        logs.emplace(woa_home() / "scratch", "repro-logs-");
        note() << "woa: re-running " << o.test << " on " << o.target << " with traces\n";
        TraceRun trace = traced_run(context, *test, o.target, result, program, corpus.dir(),
                                    package, logs->path() / "trace");
        const fs::path log_file = logs->path() / "trace" / "wine.log";
        if (fs::file_size(log_file) > (1u << 20)) {
            trace.full_log = "traces/wine.log.gz";
            files.push_back(
                BundleFile::text(trace.full_log, gzip_bytes(read_file(log_file, 1ull << 31))));
        } else {
            trace.full_log = "traces/wine.log";
            files.push_back(BundleFile::copy(trace.full_log, log_file));
        }
        files.push_back(BundleFile::text("traces/excerpt.txt", trace.excerpt));
        files.push_back(BundleFile::copy("traces/stdout", logs->path() / "trace" / "stdout"));
        files.push_back(BundleFile::copy("traces/stderr", logs->path() / "trace" / "stderr"));
        c.trace = trace;
    }

    ScriptDefaults defaults;
    defaults.wine_root = layout.sysroot();
    defaults.qemu = layout.qemu();
    defaults.cpu = target.cpu;
    defaults.loader = target.wine.loader;
    defaults.server = target.wine.server;
    files.push_back(BundleFile::text("README.md", render_readme(c)));
    files.push_back(BundleFile::text("run.sh", render_run_script(c, defaults), true));
    files.push_back(BundleFile::text("result.json", result_json(result, run_id).dump(2) + "\n"));
    write_bundle(files, out);
    if (o.tar) {
        fs::path tar = out;
        tar += ".tar.gz";
        write_reproducible_tar(out, tar, out.filename().string());
        note() << "woa: " << tar.string() << "\n";
    }
    if (o.markdown)
        std::cout << render_markdown(c);
    else
        std::cout << out.string() << "\n";
    note() << "woa: bundle for " << o.test << " on " << o.target << " (run " << run_id << ", "
           << result.outcome << ") in " << out.string() << "; reproduce with "
           << (out / "run.sh").string() << "\n";
    return exit_code::ok;
}

} // namespace

Command repro_command() {
    return {"repro", "Make a reproducer bundle for one failing test on one target",
            [](CLI::App& app, Context& context) -> Action {
                auto o = std::make_shared<Options>();
                app.add_option("test", o->test, "The test, entry/test")->required();
                app.add_option("--target,-t", o->target, "The target it fails on (default trixie)");
                app.add_option("--out", o->out,
                               "Bundle folder (default ./repro-ENTRY-TEST-TARGET)");
                app.add_flag("--tar", o->tar, "Also write OUT.tar.gz (reproducible bytes)");
                app.add_flag("--markdown", o->markdown,
                             "Print a report for WineHQ Bugzilla or a GitLab/GitHub issue");
                app.add_option("--db", o->db, "Results database");
                app.add_option("--run", o->run, "Use this run's result (default: the newest)")
                    ->check(CLI::PositiveNumber);
                app.add_option("--corpus", o->corpus, "Corpus folder");
                app.add_option("--references", o->references, "Reference results folder");
                app.add_flag("--force", o->force, "Make a bundle even if the test did not fail");
                app.add_flag("--no-trace", o->no_trace, "Do not re-run it with wine's traces");
                app.footer("The bundle's run.sh needs only qemu-user and a wine-arm64 tree.");
                return [o, &context] { return repro_run(context, *o); };
            }};
}

} // namespace woa::cli
