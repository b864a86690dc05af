#define BOOST_PROCESS_USE_STD_FS 1
#include "core/process.h"

#include "core/error.h"
#include "core/fs.h"
#include "core/interrupt.h"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
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
// can start children while we kill, so it goes round a few times.
int kill_tree(int root, bool include_root) {
    int killed = 0;
    for (int round = 0; round < 20; round++) {
        // Reap what is ours (orphans adopted through the subreaper, or the root).
        while (::waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        std::vector<int> victims = live_descendants(root);
        if (include_root && round == 0) victims.push_back(root);
        if (victims.empty()) break;
        for (int pid : victims)
            if (::kill(pid, SIGKILL) == 0) killed++;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return killed;
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

ProcessResult SystemProcessRunner::run(const ProcessSpec& spec) {
    if (spec.argv.empty()) throw Error("internal: empty command line");

    bp::environment env = boost::this_process::environment();
    if (!spec.inherit_env) env.clear();
    for (const auto& name : spec.unset_env)
        env.erase(name);
    for (const auto& [name, value] : spec.env)
        env[name] = value;

    fs::path program = spec.argv[0];
    if (program.filename() == program) {
        program = bp::search_path(spec.argv[0]);
        if (program.empty()) throw Error("cannot find program '" + spec.argv[0] + "' in PATH");
    }
    std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
    const fs::path cwd = spec.cwd.empty() ? fs::current_path() : spec.cwd;
    // Redirections are opened here and put in place between fork and exec; an empty path
    // keeps woa's own stream (opening /dev/stdout instead would truncate a file behind it).
    Redirections io(spec);

    if (spec.contained) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    rusage before{};
    ::getrusage(RUSAGE_CHILDREN, &before);
    const auto start = Clock::now();

    std::error_code spawn_error;
    bp::child child(
        bp::exe = program.string(), bp::args = args, env, bp::start_dir = cwd.string(), spawn_error,
        bp::extend::on_exec_setup = [&io](auto&) {
            io.install();
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
    if (spawn_error) {
        if (spec.contained) ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        throw Error("cannot start " + program.string() + ": " + spawn_error.message());
    }
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
            // Contained: orphans adopted by woa are no longer below `pid`, so end all of ours.
            if (spec.contained)
                kill_tree(::getpid(), false);
            else
                kill_tree(pid, /*include_root=*/true);
            ::wait4(pid, &status, 0, &usage); // may already be reaped by kill_tree
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

    if (spec.contained) {
        result.leftovers_killed = kill_tree(::getpid(), false);
        ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    }
    result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    rusage after{};
    ::getrusage(RUSAGE_CHILDREN, &after);
    if (spec.contained) {
        // Orphans were reaped by kill_tree, not by the wait4 above: count all of woa's children.
        result.user_s = seconds(after.ru_utime) - seconds(before.ru_utime);
        result.sys_s = seconds(after.ru_stime) - seconds(before.ru_stime);
        result.max_rss_kb = std::max(usage.ru_maxrss, after.ru_maxrss);
    } else {
        // Other threads may be running programs too: only this child's own usage is its own.
        result.user_s = seconds(usage.ru_utime);
        result.sys_s = seconds(usage.ru_stime);
        result.max_rss_kb = usage.ru_maxrss;
    }
    if (WIFEXITED(status)) {
        result.exited = true;
        result.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
    }
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
