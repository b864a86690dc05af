// Running other programs: one small interface, so logic that starts processes (provisioning,
// `woa exec`) can be tested with a fake, and one real implementation on Boost.Process.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace woa {

// What woa lets one program print, stdout + stderr, unless told otherwise (`woa run` and
// `woa exec`): enough for any test's output, far from a full disk.
inline constexpr std::uintmax_t default_max_output_bytes = 64u << 20;

struct ProcessSpec {
    std::vector<std::string> argv;          // argv[0]: a path, or a name looked up in PATH
    std::map<std::string, std::string> env; // set on top of woa's own environment
    std::vector<std::string> unset_env;     // removed from it
    bool inherit_env = true;                // false: `env` is the whole environment
    std::filesystem::path cwd;              // empty: woa's own
    std::filesystem::path stdin_path;       // empty: /dev/null
    std::filesystem::path stdout_path;      // empty: woa's own stdout
    std::filesystem::path stderr_path;      // empty: woa's own stderr
    std::optional<double> timeout_s;
    // Contained: every process the program starts counts as part of it. woa adopts orphans
    // (PR_SET_CHILD_SUBREAPER) so wine's double-forked children stay in reach, charges their
    // CPU time to this run, and kills whatever is still alive when the program ends or times
    // out. Not contained: what the program leaves running is left alone (a warm wineserver).
    bool contained = true;
    // Contained only: a sandbox command line (bubblewrap's, without its final "--";
    // runner/sandbox.h) the program runs in. woa-contain runs inside it, bound read-only at its
    // own path, so the program's own wait status is still what is reported.
    std::vector<std::string> sandbox;
    std::function<void()> on_tick; // called every ~20 ms while waiting, e.g. to relay output
    // When stdout_path and stderr_path together grow past this many bytes, the tree is ended
    // as on a timeout (0: no limit): a program printing gigabytes must not fill the disk.
    std::uintmax_t max_output_bytes = 0;
};

struct ProcessResult {
    bool exited = false; // ended by exit(): exit_status is valid
    int exit_status = 0;
    int signal = 0; // ended by this signal (when not exited)
    bool timed_out = false;
    bool interrupted = false;    // woa got SIGINT/SIGTERM and ended the tree
    bool output_limited = false; // ended for printing more than max_output_bytes
    double wall_s = 0, user_s = 0, sys_s = 0;
    long max_rss_kb = 0;      // largest resident set of any process of the run
    int leftovers_killed = 0; // processes still running after the program ended, then killed
    // Processes of a contained tree, besides the program itself, that died of a signal that
    // dumps core (SIGSEGV, SIGILL, ...) before woa killed anything: how qemu-user ends when
    // the emulated program dies of a signal. From wait statuses, not from anything printed.
    int crashed_processes = 0;
    int crash_signal = 0; // the first one's signal
};

class ProcessRunner {
public:
    virtual ~ProcessRunner() = default;
    virtual ProcessResult run(const ProcessSpec& spec) = 0;
};

// Starts real processes (Boost.Process), waits with a timeout, kills process trees. A
// contained program runs below its own `woa-contain` (core/contain/), the subreaper of its
// tree: programs run by different threads at once never see each other's processes.
class SystemProcessRunner : public ProcessRunner {
public:
    SystemProcessRunner(); // woa-contain as woa ships it (helper_path)
    explicit SystemProcessRunner(std::filesystem::path contain_helper);
    ProcessResult run(const ProcessSpec& spec) override;

private:
    std::filesystem::path contain_helper_;
};

// What woa-contain wrote to its report pipe: the program's end, or why it never started.
struct ContainReport {
    bool started = false;
    bool exited = false; // else ended by `value` as a signal
    int value = 0;       // exit status, signal, or errno of the failed exec
    int leftovers = 0;   // processes still running when the program ended, then killed
    int crashed = 0;     // other processes of the tree that died of a core-dumping signal
    int crash_signal = 0;
    // The whole tree's CPU time (ms) and its largest process's peak resident set (KiB).
    int user_ms = 0, sys_ms = 0, max_rss_kb = 0;
};
std::optional<ContainReport> parse_contain_report(std::string_view text);

// Runs a helper command that must succeed, returns its stdout (at most `limit` bytes).
// Throws Error with the command, its status and the tail of its stderr otherwise.
std::string run_and_capture(ProcessRunner& runner, ProcessSpec spec,
                            std::uintmax_t limit = 1u << 20);

// "exited with 3", "killed by SIGKILL", "timed out after 5 s".
std::string describe(const ProcessResult& result);

// The pids of every live descendant of `root` (children, their children, ...), by /proc.
std::vector<int> live_descendants(int root);

} // namespace woa
