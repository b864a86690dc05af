#define BOOST_PROCESS_USE_STD_FS 1
#include "core/process.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/interrupt.h"
#include "core/paths.h"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace woa {

namespace bp = boost::process;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(const timeval& tv) {
    return tv.tv_sec + tv.tv_usec / 1e6;
}

// The parent of a live process; -1 for zombies (dead, waiting to be reaped) and vanished ones.
int parent_of(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return -1;
    // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos || close + 4 > line.size()) return -1;
    // ") S PPID ..."
    if (line[close + 2] == 'Z') return -1;
    std::size_t pos = line.find(' ', close + 2);
    if (pos == std::string::npos) return -1;
    return std::atoi(line.c_str() + pos + 1);
}

// What the program has written to its output files so far.
std::uintmax_t output_bytes(const ProcessSpec& spec) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& path : {spec.stdout_path, spec.stderr_path})
        if (!path.empty() && path != "/dev/null") {
            const auto size = std::filesystem::file_size(path, ec);
            if (!ec) total += size;
        }
    return total;
}

// Kills every descendant of `root` (and `root` itself if asked) until none is left; processes
// can start children while we kill, so it goes round a few times. Reaps nothing: the root is
// its parent's to wait for, and the others are not woa's children.
int kill_tree(int root, bool include_root) {
    int killed = 0;
    for (int round = 0; round < 20; round++) {
        std::vector<int> victims = live_descendants(root);
        if (include_root && round == 0) victims.push_back(root);
        if (victims.empty()) break;
        for (int pid : victims)
            if (::kill(pid, SIGKILL) == 0) killed++;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return killed;
}

// The pipe woa-contain reports on: woa keeps the read end, the helper gets the write end as
// fd 3 (placed above the standard streams first, so installing them cannot overwrite it).
class ReportPipe {
public:
    static constexpr int helper_fd = 3;
    ReportPipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
            throw Error(std::string("cannot make a pipe: ") + std::strerror(errno));
        read_ = fds[0];
        write_ = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
        ::close(fds[1]);
        if (write_ < 0) throw Error(std::string("cannot make a pipe: ") + std::strerror(errno));
    }
    ~ReportPipe() {
        close_write_end();
        ::close(read_);
    }
    void install() const { ::dup2(write_, helper_fd); } // after the streams; clears CLOEXEC
    void close_write_end() {
        if (write_ >= 0) ::close(write_), write_ = -1;
    }
    std::string read_all() const {
        std::string text;
        char buffer[256];
        for (ssize_t n; (n = ::read(read_, buffer, sizeof buffer)) > 0 && text.size() < 4096;)
            text.append(buffer, static_cast<std::size_t>(n));
        return text;
    }

private:
    int read_ = -1, write_ = -1;
};

// Asks woa-contain to end its tree (it kills everything below it and reports); kills it, and
// what it left, if it does not finish within a few seconds.
void end_contained(int helper, int& status, rusage& usage) {
    ::kill(helper, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < deadline) {
        const int waited = ::wait4(helper, &status, WNOHANG, &usage);
        if (waited == helper || (waited < 0 && errno != EINTR)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill_tree(helper, /*include_root=*/true);
    ::wait4(helper, &status, 0, &usage);
}

class Redirections {
public:
    explicit Redirections(const ProcessSpec& spec) {
        fds_[0] = open_or_throw(spec.stdin_path.empty() ? fs::path("/dev/null") : spec.stdin_path,
                                O_RDONLY);
        if (!spec.stdout_path.empty())
            fds_[1] = open_or_throw(spec.stdout_path, O_WRONLY | O_CREAT | O_TRUNC);
        if (!spec.stderr_path.empty()) {
            fds_[2] = spec.stderr_path == spec.stdout_path
                          ? ::dup(fds_[1])
                          : open_or_throw(spec.stderr_path, O_WRONLY | O_CREAT | O_TRUNC);
        }
    }
    ~Redirections() { close(); }
    void install() const { // between fork and exec: async-signal-safe calls only
        for (int i = 0; i < 3; i++)
            if (fds_[i] >= 0) ::dup2(fds_[i], i);
    }
    void close() {
        for (int& fd : fds_)
            if (fd >= 0) ::close(fd), fd = -1;
    }

private:
    static int open_or_throw(const fs::path& path, int flags) {
        int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
        if (fd < 0) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
        return fd;
    }
    int fds_[3] = {-1, -1, -1};
};

int pidfd_open(int pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

} // namespace

std::vector<int> live_descendants(int root) {
    std::map<int, std::vector<int>> children;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        int pid = std::atoi(name.c_str());
        int parent = parent_of(pid);
        if (parent > 0) children[parent].push_back(pid);
    }
    std::vector<int> out;
    std::vector<int> todo{root};
    while (!todo.empty()) {
        int pid = todo.back();
        todo.pop_back();
        for (int child : children[pid]) {
            out.push_back(child);
            todo.push_back(child);
        }
    }
    return out;
}

SystemProcessRunner::SystemProcessRunner() : SystemProcessRunner(helper_path("woa-contain")) {}

SystemProcessRunner::SystemProcessRunner(fs::path contain_helper)
    : contain_helper_(std::move(contain_helper)) {}

std::optional<ContainReport> parse_contain_report(std::string_view text) {
    if (text.empty() || text.back() != '\n') return std::nullopt;
    text.remove_suffix(1);
    const auto word_end = text.find(' ');
    if (word_end == std::string_view::npos) return std::nullopt;
    const std::string_view word = text.substr(0, word_end);
    std::vector<int> numbers;
    for (std::string_view rest = text.substr(word_end + 1); !rest.empty();) {
        const auto space = rest.find(' ');
        const std::string_view field = rest.substr(0, space);
        int value = 0;
        const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
        const bool digits = field.find_first_not_of("0123456789") == std::string_view::npos;
        const bool leading_zero = field.size() > 1 && field[0] == '0';
        if (field.empty() || !digits || leading_zero || ec != std::errc() ||
            ptr != field.data() + field.size() || value < 0)
            return std::nullopt;
        numbers.push_back(value);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        if (space != std::string_view::npos && rest.empty()) return std::nullopt;
    }
    ContainReport report;
    if (word == "exec-failed" && numbers.size() == 1) {
        report.value = numbers[0];
        return report;
    }
    if ((word != "exited" && word != "signal") || numbers.size() != 7) return std::nullopt;
    if ((numbers[2] == 0) != (numbers[3] == 0)) return std::nullopt;
    report.started = true;
    report.exited = word == "exited";
    report.value = numbers[0];
    report.leftovers = numbers[1];
    report.crashed = numbers[2];
    report.crash_signal = numbers[3];
    report.user_ms = numbers[4];
    report.sys_ms = numbers[5];
    report.max_rss_kb = numbers[6];
    return report;
}

namespace {

bp::environment environment_of(const ProcessSpec& spec) {
    bp::environment env = boost::this_process::environment();
    if (!spec.inherit_env) env.clear();
    for (const auto& name : spec.unset_env)
        env.erase(name);
    for (const auto& [name, value] : spec.env)
        env[name] = value;
    return env;
}

// argv[0] as a path: itself, or found in PATH.
fs::path program_path(const std::string& name) {
    fs::path program = name;
    if (program.filename() == program) {
        program = bp::search_path(name);
        if (program.empty()) throw Error("cannot find program '" + name + "' in PATH");
    }
    return program;
}

// How the process ended, from its wait status: for a contained one, the helper's report.
void set_end(ProcessResult& result, int status, const std::optional<ContainReport>& report) {
    if (report) {
        result.exited = report->exited;
        (report->exited ? result.exit_status : result.signal) = report->value;
        result.leftovers_killed = report->leftovers;
        result.crashed_processes = report->crashed;
        result.crash_signal = report->crash_signal;
    } else if (WIFEXITED(status)) {
        result.exited = true;
        result.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
}

} // namespace

ProcessResult SystemProcessRunner::run(const ProcessSpec& spec) {
    if (spec.argv.empty()) throw Error("internal: empty command line");
    bp::environment env = environment_of(spec);
    const fs::path program = program_path(spec.argv[0]);
    std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
    fs::path exe = program;
    if (spec.contained) {
        if (!fs::exists(contain_helper_))
            throw Error("cannot find woa's helper " + contain_helper_.string() +
                        ": the build or the installation is incomplete");
        args.insert(args.begin(), {std::to_string(ReportPipe::helper_fd), program.string()});
        exe = contain_helper_;
        if (!spec.sandbox.empty()) {
            std::vector<std::string> wrapped(spec.sandbox.begin() + 1, spec.sandbox.end());
            const std::string helper = contain_helper_.string();
            wrapped.insert(wrapped.end(), {"--ro-bind", helper, helper, "--", helper});
            wrapped.insert(wrapped.end(), args.begin(), args.end());
            args = std::move(wrapped);
            exe = program_path(spec.sandbox[0]);
        }
    }
    const fs::path cwd = spec.cwd.empty() ? fs::current_path() : spec.cwd;
    // Redirections are opened here and put in place between fork and exec; an empty path
    // keeps woa's own stream (opening /dev/stdout instead would truncate a file behind it).
    Redirections io(spec);
    std::optional<ReportPipe> report_pipe;
    if (spec.contained) report_pipe.emplace();
    const auto start = Clock::now();

    std::error_code spawn_error;
    bp::child child(
        bp::exe = exe.string(), bp::args = args, env, bp::start_dir = cwd.string(), spawn_error,
        bp::extend::on_exec_setup = [&io, &report_pipe](auto&) {
            io.install();
            if (report_pipe) report_pipe->install();
            // Own process group: a Ctrl-C meant for woa is handled by woa, which
            // then ends the whole tree itself.
            ::setpgid(0, 0);
            // No core files from emulated crashes in the program's folder.
            rlimit none{0, 0};
            ::setrlimit(RLIMIT_CORE, &none);
            // woa ignores SIGPIPE; the program gets the default back.
            ::signal(SIGPIPE, SIG_DFL);
        });
    io.close();
    if (report_pipe) report_pipe->close_write_end();
    if (spawn_error) throw Error("cannot start " + exe.string() + ": " + spawn_error.message());
    const int pid = child.id();
    child.detach(); // we reap it ourselves, with wait4, to get its resource usage

    ProcessResult result;
    int status = 0;
    rusage usage{};
    const int pidfd = pidfd_open(pid);
    for (;;) {
        int waited = ::wait4(pid, &status, WNOHANG, &usage);
        if (waited == pid) break;
        if (waited < 0 && errno != EINTR)
            throw Error("internal: wait4 failed: " + std::string(std::strerror(errno)));
        if (spec.on_tick) spec.on_tick();
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const bool expired = spec.timeout_s && elapsed >= *spec.timeout_s;
        const bool flooded = spec.max_output_bytes && output_bytes(spec) > spec.max_output_bytes;
        if (expired || flooded || interrupted()) {
            result.timed_out = expired;
            result.output_limited = flooded && !expired;
            result.interrupted = !expired && !flooded;
            if (spec.contained) {
                end_contained(pid, status, usage);
            } else {
                kill_tree(pid, /*include_root=*/true);
                ::wait4(pid, &status, 0, &usage);
            }
            break;
        }
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            ::poll(&p, 1, 20);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    if (pidfd >= 0) ::close(pidfd);
    if (spec.on_tick) spec.on_tick();
    result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    // The helper reaped every process of the tree: its usage is the tree's (until its report).
    result.user_s = seconds(usage.ru_utime);
    result.sys_s = seconds(usage.ru_stime);
    result.max_rss_kb = usage.ru_maxrss;

    std::optional<ContainReport> report;
    if (report_pipe) {
        report = parse_contain_report(report_pipe->read_all());
        if (report && !report->started)
            throw Error("cannot start " + program.string() + ": " + std::strerror(report->value));
        // Without a report (woa-contain was killed from outside), the helper's own end is all
        // there is to say: "killed by SIGKILL".
    }
    if (report) {
        // The helper's count of its tree is the one to keep: in a sandbox, our wait4 saw only
        // bubblewrap, which does not wait for the processes it contains.
        result.user_s = report->user_ms / 1000.0;
        result.sys_s = report->sys_ms / 1000.0;
        result.max_rss_kb = report->max_rss_kb;
    }
    set_end(result, status, report);
    return result;
}

std::string describe(const ProcessResult& result) {
    if (result.output_limited) return "stopped for printing too much";
    if (result.timed_out) {
        char text[64];
        std::snprintf(text, sizeof text, "timed out after %.1f s", result.wall_s);
        return text;
    }
    if (result.interrupted) return "interrupted";
    if (result.exited) return "exited with " + std::to_string(result.exit_status);
    const char* name = sigabbrev_np(result.signal);
    return std::string("killed by SIG") + (name ? name : std::to_string(result.signal).c_str());
}

std::string run_and_capture(ProcessRunner& runner, ProcessSpec spec, std::uintmax_t limit) {
    ScratchDir scratch(fs::temp_directory_path(), "woa-capture-");
    spec.stdout_path = scratch.path() / "stdout";
    spec.stderr_path = scratch.path() / "stderr";
    ProcessResult result = runner.run(spec);
    if (result.interrupted) throw Error("interrupted", exit_code::interrupted);
    if (!result.exited || result.exit_status != 0) {
        std::string err;
        try {
            err = read_file(spec.stderr_path, 1u << 20);
        } catch (const Error&) {
        }
        if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
        std::string command;
        for (const auto& a : spec.argv)
            command += (command.empty() ? "" : " ") + a;
        throw Error("`" + command + "` " + describe(result) + (err.empty() ? "" : ":\n" + err));
    }
    return read_file(spec.stdout_path, limit);
}

} // namespace woa
