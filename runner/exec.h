// `woa exec`: one program, one target, warm, contained, with an exact exit code.
//
// How a run is wired: the target's exec prefix (a clone of its template prefix) gets a pair of
// drive letters per concurrent slot: the working folder and, when it lies elsewhere, the
// program's folder. wine starts woa-launch.exe (built from runner/launcher/), which starts the
// program and writes its full 32-bit exit code to a file: the unix exit status of a wine
// process keeps only 8 bits. stdout and stderr go to regular files (node.exe fails on pipes),
// and wine's own diagnostics are split out of stderr into wine.log.
#pragma once

#include "core/process.h"
#include "runner/target.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace woa {

struct ExecRequest {
    std::string target = default_target;
    std::filesystem::path program; // host path of the .exe
    std::vector<std::string> args;
    std::filesystem::path cwd; // host folder, mapped to a drive; default: ours
    // The folder mapped as the drive, when the working folder is to be below it (D:\sub):
    // some programs cannot use a drive's root itself as their folder. Default: cwd.
    std::filesystem::path drive_root;
    std::vector<std::pair<std::string, std::string>> env;
    std::optional<double> timeout_s;
    bool warm = true;       // keep a wineserver (and wine's services) running between execs
    int warm_seconds = 600; // ... for this long after the last program ends
    std::optional<std::string> winedebug;
    bool relay = true; // copy the program's output to woa's stdout/stderr as it comes
    // Which of the target's prefixes (a clone of its template) runs the program: `woa exec`
    // shares "exec"; each worker of `woa run` has its own, with its own wineserver.
    std::string prefix = "exec";
    std::filesystem::path log_dir;    // where the logs go; empty: a new folder of the exec logs
    std::filesystem::path stdin_path; // empty: woa's own stdin when it has one, else /dev/null
    // stdout + stderr; past it the program is stopped (0: no limit)
    std::uintmax_t max_output_bytes = default_max_output_bytes;
};

enum class ExecStatus { ok, exit_code, crash, timeout, output_limit, launch_failed, loader_error };
std::string_view to_string(ExecStatus status);

struct WineLogSummary {
    int err_lines = 0;
    int fixme_lines = 0;
    std::string crash_line; // "wine: Unhandled page fault on read access to ..."
    std::string qemu_line;  // "qemu: uncaught target signal 11 (Segmentation fault) ..."
    std::string last_line;  // the last diagnostic, for errors that say nothing else
    void add(std::string_view line);
};

struct ExecResult {
    TargetIdentity target;
    std::vector<std::string> command; // as Windows sees it: D:\hello.exe a b
    std::string windows_cwd;
    ExecStatus status = ExecStatus::ok;
    std::optional<std::uint32_t> exit_code; // the program's Windows exit code
    int unix_status = 0;                    // what `woa exec` exits with
    std::string detail;                     // one line saying why, when not ok
    ProcessResult process;                  // timings of the whole process tree
    std::filesystem::path log_dir, stdout_log, stderr_log, wine_log;
    WineLogSummary wine;
};

// What woa-launch.exe wrote: "exit 0x%08lx" or "create-failed N"; nullopt when nothing usable.
struct LaunchReport {
    bool created = false;
    std::uint32_t value = 0; // exit code when created, Windows error code otherwise
};
std::optional<LaunchReport> parse_launch_report(std::string_view text);

// Lines wine, wineserver and qemu write on stderr ("0024:err:module:...", "wine: ...",
// "qemu: uncaught target signal ...") as opposed to the program's own.
bool is_wine_diagnostic(std::string_view line);

// Splits a stderr stream into the program's part and wine's lines, line by line.
class StderrSplitter {
public:
    template <class Program, class Wine>
    StderrSplitter(Program program, Wine wine) : program_(program), wine_(wine) {}
    void feed(std::string_view bytes);
    void finish(); // what is left without a final newline belongs to the program
private:
    std::function<void(std::string_view)> program_;
    std::function<void(std::string_view)> wine_;
    std::string partial_;
};

// Decides status, exit code and detail from the evidence of one run.
void classify(ExecResult& result, const std::optional<LaunchReport>& report);

// Drive letters of a slot: the working folder's and the program folder's.
std::pair<char, char> slot_drives(int slot);
constexpr int exec_slots = 11; // D/E, F/G, ... X/Y

// "D:\sub\prog.exe" for `file` below `root` mapped as `drive`; nullopt when it is not below.
std::optional<std::string> windows_path(char drive, const std::filesystem::path& root,
                                        const std::filesystem::path& file);

class Executor {
public:
    Executor(ProcessRunner& runner, const TargetStore& store, std::filesystem::path launcher,
             std::filesystem::path log_root);
    ExecResult run(const ExecRequest& request);

    // Stops the warm wineservers of a target's prefixes (and what they keep running).
    void stop(const std::string& target);

private:
    ProcessRunner& runner_;
    const TargetStore& store_;
    std::filesystem::path launcher_;
    std::filesystem::path log_root_;
};

// Whether a program of `machine` (pe_machine's name) runs on a target of `arch` ("aarch64" or
// "x86_64"): ARM64 or ARM64X on arm64, AMD64 on the x86-64 control. `woa run` records one that
// does not as wrong-arch; `woa exec` refuses it.
bool machine_runs_on(const std::string& machine, const std::string& arch);
// What a target of `arch` runs, as people say it: "arm64" or "x86-64".
std::string_view arch_word(const std::string& arch);

// woa-launch.exe beside the woa executable, or in ../share/woa when installed.
std::filesystem::path find_launcher();
// The launcher for a target of `arch`: the arm64 one, or woa-launch-x86_64.exe beside it.
std::filesystem::path launcher_for(const std::filesystem::path& arm64_launcher,
                                   const std::string& arch);

} // namespace woa
