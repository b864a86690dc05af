#include "runner/run.h"
#include "runner/ntstatus.h"
#include "runner/sandbox.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/interrupt.h"
#include "core/regex.h"
#include "fetcher/inspect.h"
#include "runner/exec.h"
#include "fetcher/tree_record.h"
#include "runner/normalise.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <sys/utsname.h>
#include <thread>

namespace woa {

namespace fs = std::filesystem;
using nlohmann::json;

bool has_host_baseline(const Corpus& corpus, const Entry& entry) {
    if (!entry.host_baseline) return false;
    // A package node (or another runtime) loads: its linux-x64 build under the runtime's.
    return entry.runtime.empty() || corpus.get(entry.runtime).host_baseline.has_value();
}

std::vector<RunJob> plan_jobs(const Corpus& corpus, const std::vector<std::string>& targets,
                              const std::vector<std::string>& filters, int shard_index,
                              int shard_count, bool host_baselines,
                              const std::map<std::string, std::string>& target_arch) {
    auto runs_on = [&](const Entry& entry, const std::string& target) {
        auto arch = target_arch.find(target);
        return arch == target_arch.end() || arch->second != "x86_64" ||
               entry.source.kind == "wine-test";
    };
    std::vector<RunJob> all;
    for (const Entry& entry : corpus.entries())
        for (const TestSpec& test : entry.tests) {
            if (!test_chosen(filters, entry, test)) continue;
            if (host_baselines && has_host_baseline(corpus, entry))
                all.push_back({&entry, &test, host_target});
            for (const auto& target : targets)
                if (runs_on(entry, target)) all.push_back({&entry, &test, target});
        }
    std::vector<RunJob> mine;
    for (std::size_t i = 0; i < all.size(); i++)
        if (static_cast<int>(i % static_cast<std::size_t>(shard_count)) == shard_index - 1)
            mine.push_back(all[i]);
    return mine;
}

void require_jobs(const std::vector<RunJob>& jobs, const Corpus& corpus,
                  const std::vector<std::string>& filters, std::pair<int, int> shard) {
    if (!jobs.empty()) return;
    std::size_t chosen = 0;
    for (const Entry& entry : corpus.entries())
        for (const TestSpec& test : entry.tests)
            chosen += test_chosen(filters, entry, test);
    std::string named;
    for (const auto& filter : filters)
        named += " --filter '" + filter + "'";
    if (!chosen && !named.empty()) throw Error("no test matches" + named + " (woa corpus list)");
    if (!chosen) throw InputError(corpus.dir(), "the corpus holds no tests");
    throw Error("shard " + std::to_string(shard.first) + "/" + std::to_string(shard.second) +
                " selects none of the " + std::to_string(chosen) + " tests" +
                (named.empty() ? "" : " matching" + named) + " (use fewer shards)");
}

std::pair<int, int> parse_shard(const std::string& text) {
    static const Regex form(R"(([1-9][0-9]{0,5})/([1-9][0-9]{0,5}))");
    Regex::Groups m;
    if (!form.full_match(text, &m))
        throw UsageError("--shard " + text + ": expected I/N, e.g. 2/4");
    const int index = std::stoi(m[1]), count = std::stoi(m[2]);
    if (index > count) throw UsageError("--shard " + text + ": I must be between 1 and N");
    return {index, count};
}

namespace {

// wine's words for a function it does not have, and for a DLL it cannot find.
const Regex& unimplemented_line() {
    static const Regex re(
        R"(unimplemented function ([A-Za-z0-9_.\-]+?\.(?:dll|drv|exe|sys|ocx|cpl))\.([A-Za-z0-9_@?$]+))",
        {true});
    return re;
}
const Regex& missing_dll_line() {
    static const Regex re(
        R"re(err:module:import_dll (?:Library|Loading library) ([^\s]+) \(which is needed by L"([^"]*)"\))re");
    return re;
}

std::string strip_pid(std::string line) {
    static const Regex pid(R"(^[0-9a-f]{4,8}:)");
    pid.replace_first(line, "");
    return line;
}

// The last `limit` bytes of a file, whole lines; "" when it is missing.
std::string tail_of(const fs::path& file, std::uintmax_t limit) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) return "";
    std::ifstream in(file, std::ios::binary);
    if (size > limit) in.seekg(static_cast<std::streamoff>(size - limit));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (size > limit) text.erase(0, text.find('\n') + 1);
    return text;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Throws when the disk holding `folder` (or the nearest folder above it that exists) is full.
void require_room(fs::path folder, const ResultRecord& result) {
    std::error_code ec;
    while (!folder.empty() && !fs::exists(folder, ec) && folder.has_parent_path() &&
           folder.parent_path() != folder)
        folder = folder.parent_path();
    const fs::space_info space = fs::space(folder, ec);
    if (ec || space.available >= (64u << 10)) return;
    throw Error(folder.string() + ": No space left on device (" +
                std::to_string(space.available) + " bytes free): the result of " + result.test +
                " on " + result.target + " is not stored");
}

std::string seconds_text(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", s);
    return text;
}

} // namespace

SampleRecord classify_sample(const json& exec, const std::string& wine_log, long long expect_exit,
                             std::string& detail, json& wine) {
    SampleRecord s;
    const std::string status = exec.value("status", "");
    if (exec.contains("exit_code") && exec["exit_code"].is_number_integer())
        s.exit_code = exec["exit_code"].get<std::int64_t>();
    s.wall_s = exec.value("wall_s", 0.0);
    s.user_s = exec.value("user_s", 0.0);
    s.sys_s = exec.value("sys_s", 0.0);
    s.max_rss_kb = exec.value("max_rss_kb", 0L);
    detail = exec.value("detail", "");

    std::set<std::string> unimplemented, missing, errors;
    std::size_t start = 0;
    while (start < wine_log.size()) {
        std::size_t end = wine_log.find('\n', start);
        if (end == std::string::npos) end = wine_log.size();
        // Valid UTF-8: the lines found here are kept in JSON (wine prints what programs give it).
        const std::string line = valid_utf8(
            std::string_view(wine_log).substr(start, std::min<std::size_t>(end - start, 1024)));
        start = end + 1;
        Regex::Groups m;
        if (unimplemented_line().search(line, &m)) unimplemented.insert(m[1] + "." + m[2]);
        if (missing_dll_line().search(line, &m))
            missing.insert(m[1] + " (needed by " + m[2] + ")");
        if (line.find(":err:") != std::string::npos && errors.size() < 10)
            errors.insert(strip_pid(line));
    }
    wine = {{"err_lines", exec.contains("wine") ? exec["wine"].value("err_lines", 0) : 0},
            {"fixme_lines", exec.contains("wine") ? exec["wine"].value("fixme_lines", 0) : 0},
            {"unimplemented", unimplemented},
            {"missing_dlls", missing},
            {"errors", errors}};

    // The outcome comes from how the program ended, which it cannot forge by printing wine's
    // words; wine's lines (from its stderr, where wine writes them) only name the function or
    // the DLL. Before the program runs (loader-error, launch-failed) the lines are wine's own.
    const bool before_program = status == "loader-error" || status == "launch-failed";
    if (s.exit_code == exception_wine_stub && status != "timeout") {
        s.outcome = "unimplemented";
        detail = "unimplemented function " + (unimplemented.empty()
                                                  ? std::string("(wine's line naming it is missing)")
                                                  : *unimplemented.begin());
    } else if (!missing.empty() && (before_program || s.exit_code == status_dll_not_found)) {
        s.outcome = "missing-dll";
        detail = "not found: " + *missing.begin();
    } else if (status == "ok" || status == "exit-code") {
        const long long code = s.exit_code.value_or(-1);
        s.outcome = code == expect_exit ? "ok" : "exit-code";
        detail = s.outcome == "ok" ? "" : detail + ", expected " + std::to_string(expect_exit);
    } else if (status == "crash" && expect_exit != 0 && s.exit_code == expect_exit) {
        s.outcome = "ok"; // a test of crashing: the exception code it should end with
        detail = "";
    } else if (status == "launch-failed") {
        s.outcome = "loader-error";
    } else if (status == "crash" || status == "timeout" || status == "output-limit" ||
               status == "loader-error") {
        s.outcome = status;
    } else {
        s.outcome = "harness-error";
        detail = "woa exec reported '" + status + "'";
    }
    return s;
}

std::string combined_outcome(const std::vector<SampleRecord>& samples, std::string& detail) {
    if (samples.empty()) return "harness-error";
    std::map<std::string, int> counts;
    for (const auto& s : samples)
        counts[s.outcome]++;
    if (counts.size() == 1) return samples.front().outcome;
    std::string first_bad;
    for (const auto& s : samples)
        if (s.outcome != "ok") {
            first_bad = s.outcome;
            break;
        }
    std::string how;
    for (const auto& [outcome, n] : counts)
        how += (how.empty() ? "" : ", ") + outcome + " x" + std::to_string(n);
    detail = "repeats differ (" + how + ")" + (detail.empty() ? "" : ": " + detail);
    return first_bad;
}

std::string detail_without_repeats(const std::string& detail) {
    const std::string prefix = "repeats differ (";
    if (detail.rfind(prefix, 0) != 0) return detail;
    const std::size_t close = detail.find(')');
    if (close == std::string::npos) return detail;
    return detail.compare(close + 1, 2, ": ") == 0 ? detail.substr(close + 3)
                                                   : detail.substr(close + 1);
}

Runner::Runner(ProcessRunner& processes, ResultsDb& db, const Corpus& corpus, const Cache& cache,
               RunSettings settings)
    : processes_(processes), db_(db), corpus_(corpus), cache_(cache),
      settings_(std::move(settings)) {}

fs::path Runner::program_of(const RunJob& job, std::string& why_not, bool& not_built) const {
    if (job.target == host_target) {
        // A runtime entry's package comes beside the runtime's own host baseline (node).
        const Entry& runner = host_program_entry(*job.entry);
        for (const Entry* e : {job.entry, &runner}) {
            const fs::path tree = cache_.tree(e->host_baseline->source);
            if (!fs::is_directory(tree)) {
                why_not = e->id + "'s host baseline is not fetched: woa fetch " + e->id;
                return {};
            }
            why_not = tree_problem(tree, e->id + "'s host baseline");
            if (!why_not.empty()) return {};
        }
        const fs::path tree = cache_.tree(runner.host_baseline->source);
        return tree / runner.host_baseline->executable;
    }
    const Entry& entry = job.entry->runtime.empty() ? *job.entry : corpus_.get(job.entry->runtime);
    if (entry.source.kind == "wine-test") {
        if (!settings_.locate_program) {
            why_not = "internal: no way to find wine-test programs";
            return {};
        }
        return settings_.locate_program(entry, *job.test, arch_of(job.target), why_not, not_built);
    }
    if (entry.source.kind == "probe") {
        const fs::path exe =
            probe_program(corpus_.dir(), settings_.probes_dir, job.test->executable);
        if (!fs::is_regular_file(exe)) why_not = exe.string() + " is not built";
        return why_not.empty() ? exe : fs::path();
    }
    const fs::path tree = cache_.tree(entry.source);
    if (!fs::is_directory(tree)) {
        why_not = entry.id + " is not fetched: woa fetch " + entry.id;
        return {};
    }
    if (!job.entry->runtime.empty() && !fs::is_directory(cache_.tree(job.entry->source))) {
        why_not = job.entry->id + " is not fetched: woa fetch " + job.entry->id;
        return {};
    }
    why_not = tree_problem(tree, entry.id);
    if (why_not.empty() && !job.entry->runtime.empty())
        why_not = tree_problem(cache_.tree(job.entry->source), job.entry->id);
    if (!why_not.empty()) return {};
    return tree / job.test->executable;
}

const Entry& Runner::host_program_entry(const Entry& entry) const {
    return entry.runtime.empty() ? entry : corpus_.get(entry.runtime);
}

// What a runtime entry's test finds in its working folder: its package, as built for the
// machine the test runs on.
fs::path Runner::package_tree(const RunJob& job) const {
    return cache_.tree(job.target == host_target ? job.entry->host_baseline->source
                                                 : job.entry->source);
}

std::string Runner::tree_problem(const fs::path& tree, const std::string& id) const {
    std::lock_guard<std::mutex> lock(trees_mutex_);
    auto it = trees_checked_.find(tree);
    if (it == trees_checked_.end()) {
        const std::string wrong = check_tree(tree, false);
        const std::string entry = id.substr(0, id.find('\''));
        it = trees_checked_
                 .emplace(tree, wrong.empty() ? ""
                                              : id + "'s unpacked tree fails verification (" +
                                                    wrong + "): woa fetch --verify " + entry)
                 .first;
    }
    return it->second;
}

std::string Runner::arch_of(const std::string& target) const {
    auto it = settings_.target_arch.find(target);
    return it == settings_.target_arch.end() ? "aarch64" : it->second;
}

namespace {

// The last non-empty line of a program's output, valid UTF-8, at most 300 bytes.
std::string last_output_line(const std::string& output) {
    std::size_t end = output.find_last_not_of("\r\n \t");
    if (end == std::string::npos) return "";
    const std::size_t start = output.find_last_of('\n', end);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    return valid_utf8(
        std::string_view(output).substr(from, std::min<std::size_t>(end + 1 - from, 300)));
}

} // namespace

ResultRecord Runner::execute(std::int64_t run_id, const RunJob& job, int slot) {
    const TestSpec& test = *job.test;
    ResultRecord r;
    r.test = job.test_id();
    r.target = job.target;
    r.started = iso8601_utc(std::chrono::system_clock::now());
    r.files = json::object();
    r.wine = json::object();

    std::string why;
    bool not_built = false;
    const fs::path program = program_of(job, why, not_built);
    if (program.empty()) {
        // A test file of wine's that did not compile is a fact about the build, not woa failing.
        r.outcome = not_built ? "not-built" : "harness-error";
        r.detail = why;
        return r;
    }
    const bool host = job.target == host_target;
    if (!host) try {
            const std::string machine = pe_machine(program);
            if (!machine_runs_on(machine, arch_of(job.target))) {
                r.outcome = "wrong-arch";
                r.detail = test.executable + " is " + machine + ", not " +
                           (arch_of(job.target) == "x86_64" ? "AMD64" : "ARM64") + ": not run";
                return r;
            }
        } catch (const Error& e) {
            r.outcome = "harness-error";
            r.detail = std::string("cannot inspect the program: ") + e.what();
            return r;
        }

    const fs::path relative_artifacts =
        fs::path(std::to_string(run_id)) / job.entry->id / test.name / job.target;
    const fs::path artifacts = db_.artifacts_root() / relative_artifacts;
    std::error_code ec;
    fs::remove_all(artifacts, ec); // a resumed run's leftovers of this job
    const fs::path scratch = settings_.scratch_root / ("worker-" + std::to_string(slot));
    const int repeats = settings_.repeat ? settings_.repeat : test.repeat;
    std::vector<std::string> details;
    std::string last_output; // the last line the program printed
    // What the last repeat left: produced files, sub-tests, the normalised output.
    auto collect = [&](const fs::path& cwd, const fs::path& log, const std::string& seen_cwd) {
        for (const auto& produced : test.produces) {
            const fs::path file = cwd / produced;
            r.files[produced] = fs::is_regular_file(file) ? json(sha256_file(file)) : json();
        }
        const std::string output = tail_of(log / "stdout", 16u << 20);
        last_output = last_output_line(output);
        for (const auto& s : parse_subtests(test.output, output))
            r.subtests.push_back({s.name, s.outcome, s.message});
        if (test.output == "wine-test")
            if (const auto n = wine_test_counts(output))
                r.counts = {{"executed", n->executed}, {"todo", n->todo},
                            {"flaky", n->flaky},       {"failures", n->failures},
                            {"skipped", n->skipped},   {"processes", n->processes}};
        r.output =
            output_record(log / "stdout", seen_cwd, normalise_rules(test.normalise, test.output));
    };
    for (int k = 1; k <= repeats; k++) {
        // A fresh working folder with only the test's inputs (and a runtime entry's package).
        // The scratch folder is the drive and the program works in a folder on it, as it would
        // on Windows: a drive root reads back with a trailing separator, a folder without.
        fs::remove_all(scratch, ec);
        const fs::path work = scratch / "work";
        fs::create_directories(work);
        for (const auto& input : test.inputs)
            fs::copy_file(corpus_.dir() / "inputs" / input, work / fs::path(input).filename());
        if (!job.entry->runtime.empty())
            fs::copy(package_tree(job), work,
                     fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        const fs::path cwd = test.cwd.empty() ? work : work / test.cwd;
        fs::create_directories(cwd);
        const fs::path log = artifacts / std::to_string(k);
        fs::create_directories(log);
        if (host) {
            std::string detail;
            SampleRecord sample = execute_host(job, program, scratch, cwd, log, detail);
            sample.repeat = k;
            r.samples.push_back(sample);
            details.push_back(detail);
            if (k == repeats) collect(cwd, log, cwd.string());
            continue;
        }

        ProcessSpec p;
        p.argv = {settings_.woa_binary.string(),
                  "exec",
                  "--json",
                  "--target",
                  job.target,
                  "--prefix",
                  "run-" + std::to_string(slot),
                  "--log-dir",
                  log.string(),
                  "--timeout",
                  seconds_text(test.timeout_s),
                  "--max-output",
                  std::to_string(settings_.max_output_bytes),
                  "--drive-root",
                  scratch.string(),
                  "--cwd",
                  cwd.string(),
                  "--warm-seconds",
                  "120"};
        append_test_command(p.argv, test, corpus_.dir(), program);
        p.stdout_path = log / "exec.json";
        p.stderr_path = log / "exec.err";
        p.timeout_s = test.timeout_s + 120; // woa exec's own limit comes first
        p.contained = false; // the child woa contains its program; siblings are not ours
        // The program sees a known environment, not whatever the person running woa has
        // (NODE_OPTIONS, proxies, CA bundles...): results must not depend on who ran them.
        p.inherit_env = false;
        p.env = settings_.environment;
        const ProcessResult child = processes_.run(p);
        if (child.interrupted) throw Error("interrupted", exit_code::interrupted);

        json exec = json::parse(tail_of(log / "exec.json", 1u << 20), nullptr, false);
        SampleRecord sample;
        std::string detail;
        if (!exec.is_object() || !exec.contains("status")) {
            sample.outcome = "harness-error";
            const std::string err = tail_of(log / "exec.err", 2000);
            detail = "woa exec " + describe(child) + (err.empty() ? "" : ": " + err);
            while (!detail.empty() && detail.back() == '\n')
                detail.pop_back();
        } else {
            sample = classify_sample(exec, tail_of(log / "wine.log", 4u << 20), test.expect_exit,
                                     detail, r.wine);
        }
        sample.repeat = k;
        r.samples.push_back(sample);
        details.push_back(detail);
        if (k == repeats) collect(cwd, log, exec.is_object() ? exec.value("cwd", "") : "");
    }
    if (!settings_.keep_artifacts) fs::remove_all(scratch, ec);

    // The first sample whose outcome is the combined one speaks for the result.
    std::string detail;
    for (std::size_t i = 0; i < r.samples.size(); i++)
        if (detail.empty() && r.samples[i].outcome != "ok") detail = details[i];
    r.outcome = combined_outcome(r.samples, detail);
    r.detail = detail;
    // A wine test that crashes or hangs says where it was: its last line names the check
    // before it ("virtual.c:123: ..." or a subtest's start).
    if (test.output == "wine-test" && (r.outcome == "crash" || r.outcome == "timeout") &&
        !last_output.empty())
        r.detail += (r.detail.empty() ? "" : "; ") + std::string("last output: ") + last_output;
    r.exit_code = r.samples.back().exit_code;
    std::vector<double> wall, user, sys;
    for (const auto& s : r.samples) {
        wall.push_back(s.wall_s);
        user.push_back(s.user_s);
        sys.push_back(s.sys_s);
        r.max_rss_kb = std::max(r.max_rss_kb, s.max_rss_kb);
    }
    r.wall_s = median(wall);
    r.user_s = median(user);
    r.sys_s = median(sys);
    if (r.outcome == "ok" && !settings_.keep_artifacts) {
        fs::remove_all(artifacts, ec);
    } else {
        r.artifacts = relative_artifacts.string();
    }
    return r;
}

SampleRecord Runner::execute_host(const RunJob& job, const fs::path& program,
                                  const fs::path& scratch, const fs::path& cwd,
                                  const fs::path& log, std::string& detail) {
    const TestSpec& test = *job.test;
    ProcessSpec p;
    p.argv = {program.string()};
    p.argv.insert(p.argv.end(), test.args.begin(), test.args.end());
    p.cwd = cwd;
    p.stdout_path = log / "stdout";
    p.stderr_path = log / "stderr";
    p.stdin_path = test.stdin_file.empty() ? fs::path("/dev/null")
                                           : corpus_.dir() / "inputs" / test.stdin_file;
    p.timeout_s = test.timeout_s;
    p.max_output_bytes = settings_.max_output_bytes;
    // Contained, below a subreaper of its own: what it leaves running is ended with it, and its
    // time is its own even while other workers' programs run in this process.
    p.contained = true;
    p.inherit_env = false;
    p.env = settings_.environment;
    if (settings_.sandbox) {
        // It sees its own tree, read-only, and its working folder; its home is a folder there.
        p.sandbox = bubblewrap_command(
            host_baseline_view(cache_.tree(host_program_entry(*job.entry).host_baseline->source),
                               scratch, cwd, sandbox_etc()));
        p.env["HOME"] = (scratch / "home").string();
        fs::create_directories(scratch / "home");
    }
    for (const auto& [name, value] : test.env)
        p.env[name] = value;
    SampleRecord s;
    ProcessResult result;
    try {
        result = processes_.run(p);
    } catch (const Error& e) {
        s.outcome = "loader-error"; // e.g. not executable, or not a program for this machine
        detail = e.what();
        return s;
    }
    if (result.interrupted) throw Error("interrupted", exit_code::interrupted);
    s.wall_s = result.wall_s;
    s.user_s = result.user_s;
    s.sys_s = result.sys_s;
    s.max_rss_kb = result.max_rss_kb;
    if (result.exited) s.exit_code = result.exit_status;
    if (result.timed_out || result.output_limited) {
        s.outcome = result.timed_out ? "timeout" : "output-limit";
        detail = describe(result);
    } else if (!result.exited) {
        s.outcome = "crash";
        detail = describe(result);
    } else {
        // A unix status keeps 8 bits of the exit code.
        s.outcome = result.exit_status == (test.expect_exit & 0xFF) ? "ok" : "exit-code";
        if (s.outcome != "ok")
            detail = describe(result) + ", expected " + std::to_string(test.expect_exit);
    }
    return s;
}

json host_identity() {
    utsname u{};
    ::uname(&u);
    std::string cpu;
    std::ifstream info("/proc/cpuinfo");
    for (std::string line; cpu.empty() && std::getline(info, line);)
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
            cpu = line.substr(line.find(':') + 2);
    return {{"kind", "host"},
            {"machine", u.machine},
            {"kernel", std::string(u.sysname) + " " + u.release},
            {"cpu", cpu}};
}

fs::path Runner::sandbox_etc() const {
    return settings_.scratch_root / "sandbox-etc";
}

std::size_t Runner::run(std::int64_t run_id, const std::vector<RunJob>& jobs) {
    std::vector<const RunJob*> todo;
    for (const auto& job : jobs)
        if (!db_.has_result(run_id, job.test_id(), job.target)) todo.push_back(&job);
    // Once per run, before any worker: the /etc the host baselines' sandboxes see.
    if (settings_.sandbox && std::any_of(todo.begin(), todo.end(), [](const RunJob* job) {
            return job->target == host_target;
        }))
        write_sandbox_etc(sandbox_etc());

    std::mutex lock; // one writer: SQLite transactions on one connection do not interleave
    std::atomic<std::size_t> next{0};
    std::size_t done = jobs.size() - todo.size();
    std::size_t ran = 0;
    std::exception_ptr failure;
    auto worker = [&](int slot) {
        for (std::size_t i = next++; i < todo.size() && !interrupted(); i = next++) {
            try {
                const ResultRecord result = execute(run_id, *todo[i], slot);
                // A full disk cuts what a program wrote, and what woa exec wrote of it: such a
                // result is not evidence, and is not stored.
                for (const fs::path& folder : {db_.artifacts_root(), settings_.scratch_root})
                    require_room(folder, result);
                // Nor is one of a target that went away under it (what failed was the target).
                const auto home = settings_.environment.find("WOA_HOME");
                if (home != settings_.environment.end() && result.target != host_target) {
                    const fs::path target = fs::path(home->second) / "targets" / result.target;
                    if (!fs::exists(target / "target.json"))
                        throw Error("target " + result.target + " was removed during the run (" +
                                    target.string() + " is gone): the result of " + result.test +
                                    " on it is not stored");
                }
                std::lock_guard<std::mutex> guard(lock);
                db_.add_result(run_id, result);
                ran++;
                if (settings_.on_result) settings_.on_result(result, ++done, jobs.size());
            } catch (...) {
                std::lock_guard<std::mutex> guard(lock);
                if (!failure) failure = std::current_exception();
                next = todo.size(); // stop handing out work
            }
        }
    };
    const int n = std::max(1, std::min<int>(settings_.jobs, static_cast<int>(todo.size())));
    std::vector<FileLock> slot_locks;
    std::vector<int> slots;
    fs::create_directories(settings_.lock_dir);
    for (int k = 0; static_cast<int>(slots.size()) < n; k++) {
        if (k > 1000) throw Error("no free worker slot in " + settings_.lock_dir.string());
        FileLock lock;
        if (!FileLock::try_lock(settings_.lock_dir / ("run-" + std::to_string(k) + ".lock"), lock))
            continue;
        slot_locks.push_back(std::move(lock));
        slots.push_back(k);
    }
    std::vector<std::thread> workers;
    for (int i = 0; i < n; i++)
        workers.emplace_back(worker, slots[static_cast<std::size_t>(i)]);
    for (auto& w : workers)
        w.join();
    if (failure) std::rethrow_exception(failure);
    return ran;
}

void append_test_command(std::vector<std::string>& argv, const TestSpec& test,
                         const fs::path& corpus_dir, const fs::path& program) {
    if (!test.stdin_file.empty()) {
        argv.push_back("--stdin");
        argv.push_back((corpus_dir / "inputs" / test.stdin_file).string());
    }
    for (const auto& [name, value] : test.env) {
        argv.push_back("--env");
        argv.push_back(name + "=" + value);
    }
    argv.push_back("--");
    argv.push_back(program.string());
    argv.insert(argv.end(), test.args.begin(), test.args.end());
}

std::map<std::string, std::string> run_environment(const fs::path& woa_home) {
    auto from_env = [](const char* name, const char* fallback) {
        const char* value = std::getenv(name);
        return std::string(value && *value ? value : fallback);
    };
    return {{"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
            {"HOME", from_env("HOME", "/root")},
            {"USER", from_env("USER", "root")},
            {"LANG", "C.UTF-8"},
            {"TZ", "UTC"},
            {"WOA_HOME", woa_home.string()}};
}

std::map<std::string, std::map<std::string, int>>
outcome_counts(const std::vector<ResultRecord>& results) {
    std::map<std::string, std::map<std::string, int>> by_target;
    for (const auto& r : results)
        by_target[r.target][r.outcome]++;
    return by_target;
}

std::vector<std::string> summarise(const std::vector<ResultRecord>& results) {
    std::vector<std::string> lines;
    for (const auto& [target, counts] : outcome_counts(results)) {
        std::string line = target + ":";
        bool first = true;
        // ok first, then the rest by name: the eye finds the good news and the problems.
        if (auto ok = counts.find("ok"); ok != counts.end()) {
            line += " " + std::to_string(ok->second) + " ok";
            first = false;
        }
        for (const auto& [outcome, n] : counts)
            if (outcome != "ok") {
                line += std::string(first ? " " : ", ") + std::to_string(n) + " " + outcome;
                first = false;
            }
        lines.push_back(line);
    }
    return lines;
}

} // namespace woa
