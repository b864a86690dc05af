#include "runner/exec.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/paths.h"
#include "fetcher/inspect.h"
#include "core/regex.h"
#include "runner/normalise.h"
#include "runner/ntstatus.h"
#include "runner/wine_env.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace woa {

namespace fs = std::filesystem;

std::string_view to_string(ExecStatus status) {
    switch (status) {
    case ExecStatus::ok:
        return "ok";
    case ExecStatus::exit_code:
        return "exit-code";
    case ExecStatus::crash:
        return "crash";
    case ExecStatus::timeout:
        return "timeout";
    case ExecStatus::output_limit:
        return "output-limit";
    case ExecStatus::launch_failed:
        return "launch-failed";
    case ExecStatus::loader_error:
        return "loader-error";
    }
    return "?";
}

bool is_wine_diagnostic(std::string_view line) {
    // "0024:err:module:import_dll ...", "0020:0024:fixme:...", "err:seh:...".
    static const Regex channel("^([0-9a-f]{4}:){0,2}(err|fixme|warn|trace|info):[A-Za-z0-9_]*:");
    // +relay's lines: "0024:Call KERNEL32.GetTickCount() ret=...", "0024:Ret  ...",
    // "0024:Starting thread proc ...".
    static const Regex relay("^([0-9a-f]{4}:){1,2}(Call|Ret |Starting thread proc) ");
    // Messages of the loader, the server, qemu and winedbg, and of libraries wine loads.
    static const Regex tool(
        "^(wine|wineserver|wine64|wine-preloader|winedbg|qemu|qemu-aarch64)"
        ": |^Can't attach process |^error: XDG_RUNTIME_DIR |^Read the Wine Developers Guide ");
    return channel.search(line) || relay.search(line) || tool.search(line);
}

void WineLogSummary::add(std::string_view line) {
    static const Regex err("^([0-9a-f]{4}:){0,2}err:");
    static const Regex fixme("^([0-9a-f]{4}:){0,2}fixme:");
    if (err.search(line))
        err_lines++;
    else if (fixme.search(line))
        fixme_lines++;
    // Kept lines go into JSON: the program's libraries may print code-page bytes.
    last_line = valid_utf8(line);
    if (crash_line.empty() && line.rfind("wine: Unhandled", 0) == 0) crash_line = last_line;
    if (qemu_line.empty() && line.rfind("qemu: uncaught target signal", 0) == 0)
        qemu_line = last_line;
}

void StderrSplitter::feed(std::string_view bytes) {
    partial_.append(bytes);
    std::size_t start = 0;
    for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string_view line(partial_.data() + start, nl - start);
        std::string_view bare = line;
        if (!bare.empty() && bare.back() == '\r') bare.remove_suffix(1);
        if (is_wine_diagnostic(bare))
            wine_(line);
        else
            program_(std::string_view(partial_.data() + start, nl - start + 1));
    }
    partial_.erase(0, start);
}

void StderrSplitter::finish() {
    if (!partial_.empty()) program_(partial_);
    partial_.clear();
}

std::optional<LaunchReport> parse_launch_report(std::string_view text) {
    unsigned long value = 0;
    char kind[16] = {};
    std::string copy(text.substr(0, 64));
    if (std::sscanf(copy.c_str(), "%15s %li", kind, &value) != 2 || value > 0xFFFFFFFFul)
        return std::nullopt;
    if (std::string_view(kind) == "exit")
        return LaunchReport{true, static_cast<std::uint32_t>(value)};
    if (std::string_view(kind) == "create-failed")
        return LaunchReport{false, static_cast<std::uint32_t>(value)};
    return std::nullopt;
}

namespace {

std::string windows_error_name(std::uint32_t error) {
    switch (error) {
    case 2:
        return "ERROR_FILE_NOT_FOUND";
    case 3:
        return "ERROR_PATH_NOT_FOUND";
    case 5:
        return "ERROR_ACCESS_DENIED";
    case 193:
        return "ERROR_BAD_EXE_FORMAT";
    case 216:
        return "ERROR_EXE_MACHINE_TYPE_MISMATCH";
    case 1114:
        return "ERROR_DLL_INIT_FAILED";
    case 14001:
        return "ERROR_SXS_CANT_GEN_ACTCTX";
    default:
        return "error " + std::to_string(error);
    }
}

} // namespace

namespace {

std::string signal_name(int signal) {
    const char* name = sigabbrev_np(signal);
    return name ? std::string("SIG") + name : "signal " + std::to_string(signal);
}

// qemu's line without its " - core dumped", which is about qemu itself (and no core is kept).
std::string qemu_death(std::string line) {
    const std::string core = " - core dumped";
    if (line.size() > core.size() &&
        line.compare(line.size() - core.size(), core.size(), core) == 0)
        line.erase(line.size() - core.size());
    return line;
}

} // namespace

void classify(ExecResult& r, const std::optional<LaunchReport>& report) {
    if (r.process.output_limited) {
        r.status = ExecStatus::output_limit;
        r.detail = "printed more than its output limit: the process tree was stopped";
        r.unix_status = exit_code::harness;
        return;
    }
    if (r.process.timed_out) {
        r.status = ExecStatus::timeout;
        char text[96];
        std::snprintf(text, sizeof text, "no exit after %.1f s: the process tree was killed",
                      r.process.wall_s);
        r.detail = text;
        r.unix_status = exit_code::timeout;
        return;
    }
    if (!report) {
        // wine never got as far as the launcher's report: qemu, the loader or the server failed.
        r.status = ExecStatus::loader_error;
        r.detail = "wine did not start the program (" + describe(r.process) + ")";
        if (!r.wine.qemu_line.empty())
            r.detail += ": " + qemu_death(r.wine.qemu_line);
        else if (!r.wine.last_line.empty())
            r.detail += ": " + r.wine.last_line;
        r.unix_status = exit_code::harness;
        return;
    }
    if (!report->created) {
        r.status = ExecStatus::launch_failed;
        r.detail = "CreateProcess failed: " + windows_error_name(report->value);
        r.unix_status = (report->value == 2 || report->value == 3) ? exit_code::not_found
                                                                   : exit_code::cannot_execute;
        return;
    }
    const std::uint32_t code = report->value;
    r.exit_code = code;
    r.unix_status = unix_exit_status(code);
    if (is_crash_status(code)) {
        r.status = ExecStatus::crash;
        r.detail = describe_exit_code(code);
        if (!r.wine.crash_line.empty()) r.detail += ": " + r.wine.crash_line;
    } else if (r.process.crashed_processes > 0) {
        // A process of the program died of a signal (qemu does when the program it emulates
        // dies of one, often at exit): a crash whatever the code says. Known from the wait
        // status; qemu's own line, when it printed one, only says more.
        r.status = ExecStatus::crash;
        const std::string death =
            r.wine.qemu_line.empty()
                ? "a process of the program died of " + signal_name(r.process.crash_signal)
                : qemu_death(r.wine.qemu_line);
        // The code is what the launcher saw the program end with before qemu died.
        r.detail = death + "; the program had ended with exit code " + describe_exit_code(code);
    } else if (code != 0) {
        r.status = ExecStatus::exit_code;
        r.detail = "exit code " + describe_exit_code(code);
    } else {
        r.status = ExecStatus::ok;
    }
}

std::pair<char, char> slot_drives(int slot) {
    const char first = static_cast<char>('d' + 2 * slot);
    return {first, static_cast<char>(first + 1)};
}

std::optional<std::string> windows_path(char drive, const fs::path& root, const fs::path& file) {
    const fs::path relative = file.lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") return std::nullopt;
    std::string out(1, static_cast<char>(std::toupper(static_cast<unsigned char>(drive))));
    out += ":\\";
    if (relative != ".") {
        std::string rest = relative.string();
        std::replace(rest.begin(), rest.end(), '/', '\\');
        out += rest;
    }
    return out;
}

namespace {

// wine reaches any host path as \\?\unix\... (used for woa's own files, never the program's).
std::string wine_unix_path(const fs::path& path) {
    std::string text = path.string();
    std::replace(text.begin(), text.end(), '/', '\\');
    return "\\\\?\\unix" + text;
}

bool is_shared_prefix_file(const fs::path& relative) {
    // DLLs and programs wineboot copied into the prefix: never written again, so every clone
    // can hard-link them (a prefix is ~550 MB of them). Registry and the rest are copied.
    static const char* const extensions[] = {".dll", ".exe", ".sys", ".drv",     ".ocx", ".cpl",
                                             ".tlb", ".acm", ".ax",  ".nls",     ".ttf", ".ttc",
                                             ".fon", ".ds",  ".mui", ".msstyles"};
    std::string ext = relative.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return std::find(std::begin(extensions), std::end(extensions), ext) != std::end(extensions);
}

void map_drive(const fs::path& prefix, char letter, const fs::path& folder) {
    const fs::path link = prefix / "dosdevices" / (std::string(1, letter) + ":");
    fs::path tmp = link;
    tmp += ".tmp-" + std::to_string(::getpid());
    fs::remove(tmp);
    fs::create_directory_symlink(folder, tmp);
    fs::rename(tmp, link);
}

// A registry a program damaged (or a clone cut short) means a fresh clone, not a poisoned run.
bool prefix_intact(const fs::path& prefix) {
    for (const char* hive : {"system.reg", "user.reg", "userdef.reg"}) {
        std::ifstream in(prefix / hive, std::ios::binary);
        std::string head(22, '\0');
        if (!in.read(head.data(), static_cast<std::streamsize>(head.size())) ||
            head != "WINE REGISTRY Version ")
            return false;
    }
    return true;
}

fs::path ensure_exec_prefix(const TargetLayout& layout, const std::string& name,
                            const fs::path& launcher) {
    const fs::path prefix = layout.prefixes() / name;
    fs::create_directories(layout.prefixes());
    FileLock lock(layout.prefixes() / (name + ".lock"));
    if (!prefix_intact(prefix)) {
        fs::remove_all(prefix); // a clone cut short
        ScratchDir scratch(layout.prefixes(), ".clone-");
        clone_tree(layout.template_prefix(), scratch.path() / "prefix", is_shared_prefix_file);
        fs::rename(scratch.path() / "prefix", prefix);
    }
    const fs::path installed = prefix / "drive_c" / "woa" / "woa-launch.exe";
    const std::string wanted = read_file(launcher, 16u << 20);
    std::string present;
    if (fs::exists(installed)) present = read_file(installed, 16u << 20);
    if (present != wanted) {
        fs::create_directories(installed.parent_path());
        write_file_atomically(installed, wanted);
    }
    return prefix;
}

FileLock acquire_slot(const fs::path& dir, int& slot) {
    fs::create_directories(dir);
    FileLock lock;
    for (int k = 0; k < exec_slots; k++) {
        if (FileLock::try_lock(dir / (std::to_string(k) + ".lock"), lock)) {
            slot = k;
            return lock;
        }
    }
    slot = static_cast<int>(::getpid() % exec_slots); // all busy: queue on one of them
    return FileLock(dir / (std::to_string(slot) + ".lock"));
}

// Keeps a persistent wineserver for the prefix, and has wine start its services (services.exe,
// explorer, plugplay, ...) outside any program's process tree, so that they are not charged to
// (or killed with) the program, and later programs start in ~0.2 s instead of ~2 s.
void ensure_warm(ProcessRunner& runner, const WineCommand& wine, const fs::path& prefix,
                 int seconds, const fs::path& log_dir) {
    FileLock lock(prefix.parent_path() / (prefix.filename().string() + ".warm.lock"));
    const PrefixState state = prefix_state(prefix);
    if (!state.server) {
        ProcessSpec server = wine.server_spec(prefix, {"-p" + std::to_string(seconds)});
        server.contained = false;
        server.stdout_path = log_dir / "wineserver.log";
        server.stderr_path = log_dir / "wineserver.err";
        server.timeout_s = 60;
        const ProcessResult started = runner.run(server);
        // 2: another wineserver got there first, which is as good.
        if (!started.exited || (started.exit_status != 0 && started.exit_status != 2))
            throw Error("the wineserver for " + prefix.string() + " did not start (" +
                        describe(started) + "); see " + server.stderr_path.string());
    }
    // A server someone else started (or one whose services were killed with a program) has no
    // services yet: start them here, outside any program's tree.
    if (state.server && state.services) return;
    ProcessSpec warmup = wine.spec(prefix, {"C:\\woa\\woa-launch.exe"});
    warmup.contained = false;
    warmup.cwd = prefix / "drive_c";
    warmup.stdout_path = log_dir / "warmup.log";
    warmup.stderr_path = log_dir / "warmup.err";
    warmup.timeout_s = 300;
    runner.run(warmup); // it reports create-failed for its empty command line: that is fine
}

fs::path new_log_dir(const fs::path& root) {
    const fs::path exec_logs = root / "exec";
    fs::create_directories(exec_logs);
    // Keep the newest runs only: logs are for looking at now, history lives in the results db.
    // Concurrent execs prune too: a folder may vanish under us, which is fine.
    std::vector<fs::path> old;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(exec_logs, ec))
        old.push_back(entry.path());
    std::sort(old.begin(), old.end());
    for (std::size_t i = 0; i + 100 < old.size(); i++)
        fs::remove_all(old[i], ec);
    std::string stamp = iso8601_utc(std::chrono::system_clock::now());
    stamp.erase(std::remove(stamp.begin(), stamp.end(), ':'), stamp.end());
    ScratchDir dir(exec_logs, stamp + "-" + std::to_string(::getpid()) + "-");
    dir.keep();
    return dir.path();
}

// Copies what a file has gained since the last call to `sink`.
class FileFollower {
public:
    explicit FileFollower(fs::path path) : path_(std::move(path)) {}
    ~FileFollower() {
        if (fd_ >= 0) ::close(fd_);
    }
    template <class Sink> void drain(Sink&& sink) {
        if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) return;
        char buffer[65536];
        for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) > 0;)
            sink(std::string_view(buffer, static_cast<std::size_t>(n)));
    }

private:
    fs::path path_;
    int fd_ = -1;
};

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n <= 0) return; // a closed terminal must not stop the run
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace

Executor::Executor(ProcessRunner& runner, const TargetStore& store, fs::path launcher,
                   fs::path log_root)
    : runner_(runner), store_(store), launcher_(std::move(launcher)),
      log_root_(std::move(log_root)) {}

ExecResult Executor::run(const ExecRequest& request) {
    // A program that is not there is not found (127), whichever target was to run it.
    std::error_code ec;
    const fs::path program = fs::canonical(request.program, ec);
    if (!ec && fs::is_directory(program))
        throw Error(request.program.string() + ": a folder, not a program file",
                    exit_code::cannot_execute);
    if (ec || !fs::is_regular_file(program))
        throw Error(request.program.string() + ": no such program file", exit_code::not_found);
    ExecResult result;
    result.target = store_.get(request.target);
    // What the inspector knows, said before wine gets a chance to say something less useful
    // ("Error while loading .../wine", "CreateProcess failed: error 731").
    std::string machine;
    try {
        machine = pe_machine(program);
    } catch (const InputError& e) {
        throw Error(request.program.string() + ": " + e.problem(), exit_code::cannot_execute);
    }
    if (!machine_runs_on(machine, result.target.arch))
        throw Error(request.program.string() + ": " + machine + " (not " +
                        std::string(arch_word(result.target.arch)) + "): target " +
                        result.target.name + " runs " + std::string(arch_word(result.target.arch)) +
                        " programs",
                    exit_code::cannot_execute);
    const TargetLayout layout = store_.layout(request.target);
    const WineCommand wine(layout, result.target);

    const fs::path cwd = fs::canonical(request.cwd.empty() ? fs::current_path() : request.cwd, ec);
    if (ec || !fs::is_directory(cwd)) throw InputError(request.cwd, "not a folder");

    if (request.prefix.empty() || request.prefix.find('/') != std::string::npos ||
        request.prefix[0] == '.')
        throw Error("bad prefix name '" + request.prefix + "'");
    const fs::path prefix =
        ensure_exec_prefix(layout, request.prefix, launcher_for(launcher_, result.target.arch));
    int slot = 0;
    FileLock slot_lock = acquire_slot(layout.prefixes() / (request.prefix + ".slots"), slot);
    const auto [cwd_drive, program_drive] = slot_drives(slot);
    const fs::path root = request.drive_root.empty() ? cwd : fs::canonical(request.drive_root, ec);
    const std::optional<std::string> windows_cwd = windows_path(cwd_drive, root, cwd);
    if (ec || !windows_cwd)
        throw InputError(request.cwd,
                         "is not inside the drive root " + request.drive_root.string());
    map_drive(prefix, cwd_drive, root);
    std::optional<std::string> program_path = windows_path(cwd_drive, root, program);
    if (!program_path) {
        map_drive(prefix, program_drive, program.parent_path());
        program_path = windows_path(program_drive, program.parent_path(), program);
    }
    result.windows_cwd = *windows_cwd;
    result.command = {*program_path};
    result.command.insert(result.command.end(), request.args.begin(), request.args.end());

    // Absolute: wine, started in C:\, is told where to write the exit code file.
    result.log_dir =
        request.log_dir.empty() ? new_log_dir(log_root_) : fs::absolute(request.log_dir);
    fs::create_directories(result.log_dir);
    result.stdout_log = result.log_dir / "stdout";
    result.stderr_log = result.log_dir / "stderr";
    result.wine_log = result.log_dir / "wine.log";
    const fs::path raw_stderr = result.log_dir / "stderr.raw";
    const fs::path exit_file = result.log_dir / "exit";

    if (request.warm) ensure_warm(runner_, wine, prefix, request.warm_seconds, result.log_dir);

    std::vector<std::string> args = {"C:\\woa\\woa-launch.exe"};
    args.insert(args.end(), result.command.begin(), result.command.end());
    ProcessSpec spec = wine.spec(prefix, std::move(args));
    for (const auto& [name, value] : request.env)
        spec.env[name] = value;
    if (request.winedebug) spec.env["WINEDEBUG"] = *request.winedebug;
    spec.env["WOA_EXIT_FILE"] = wine_unix_path(exit_file);
    spec.env["WOA_CWD"] = result.windows_cwd;
    spec.cwd = prefix / "drive_c"; // C:\ for the launcher; the program gets WOA_CWD
    if (!request.stdin_path.empty())
        spec.stdin_path = request.stdin_path;
    else if (::fcntl(0, F_GETFD) != -1)
        spec.stdin_path = "/dev/stdin";
    spec.max_output_bytes = request.max_output_bytes;
    spec.stdout_path = result.stdout_log;
    spec.stderr_path = raw_stderr;
    spec.timeout_s = request.timeout_s;
    spec.contained = true;

    std::ofstream program_err(result.stderr_log, std::ios::binary);
    std::ofstream wine_log(result.wine_log, std::ios::binary);
    StderrSplitter splitter(
        [&](std::string_view bytes) {
            program_err.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (request.relay) write_all(2, bytes);
        },
        [&](std::string_view line) {
            wine_log << line << '\n';
            result.wine.add(line);
        });
    FileFollower out(result.stdout_log), err(raw_stderr);
    spec.on_tick = [&] {
        out.drain([&](std::string_view bytes) {
            if (request.relay) write_all(1, bytes);
        });
        err.drain([&](std::string_view bytes) { splitter.feed(bytes); });
    };
    result.process = runner_.run(spec);
    if (result.process.interrupted) throw Error("interrupted", exit_code::interrupted);
    splitter.finish();
    program_err.close();
    wine_log.close();
    fs::remove(raw_stderr);

    std::optional<LaunchReport> report;
    if (fs::exists(exit_file)) report = parse_launch_report(read_file(exit_file, 4096));
    classify(result, report);
    return result;
}

void Executor::stop(const std::string& target) {
    const TargetIdentity identity = store_.get(target);
    const TargetLayout layout = store_.layout(target);
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(layout.prefixes(), ec)) {
        const fs::path prefix = item.path();
        if (!fs::exists(prefix / "system.reg")) continue;
        ProcessSpec kill = WineCommand(layout, identity).server_spec(prefix, {"-k"});
        kill.contained = false;
        kill.timeout_s = 30;
        kill.stdout_path = kill.stderr_path = "/dev/null";
        runner_.run(kill);
        kill_prefix_processes(prefix);
    }
}

fs::path launcher_for(const fs::path& arm64_launcher, const std::string& arch) {
    if (arch != x86_64_arch) return arm64_launcher;
    const fs::path x86_64 = arm64_launcher.parent_path() / "woa-launch-x86_64.exe";
    if (!fs::exists(x86_64))
        throw Error("woa-launch-x86_64.exe is not beside " + arm64_launcher.string() +
                    ": x86_64 targets need it (build it with: cmake --build build)");
    return x86_64;
}

bool machine_runs_on(const std::string& machine, const std::string& arch) {
    if (arch == "x86_64") return machine == "AMD64";
    return machine == "ARM64" || machine == "ARM64X";
}

std::string_view arch_word(const std::string& arch) {
    return arch == "x86_64" ? "x86-64" : "arm64";
}

fs::path find_launcher() {
    const fs::path launcher = shipped_path("woa-launch.exe");
    if (fs::exists(launcher)) return launcher;
    throw Error("woa-launch.exe is not beside " + (executable_dir() / "woa").string() +
                " (build it with: cmake --build build)");
}

} // namespace woa
