// woa exec: run one arm64 Windows program under a target.
#include "cli/command.h"
#include "core/error.h"
#include "core/paths.h"
#include "runner/exec.h"
#include "runner/ntstatus.h"

#include <cstdlib>
#include <iostream>
#include <memory>

namespace woa::cli {

namespace {

struct Options {
    std::string target;
    std::optional<double> timeout;
    std::string cwd;
    std::vector<std::string> env;
    std::vector<std::string> command;
    std::string winedebug;
    bool json = false;
    bool no_warm = false;
    int warm_seconds = 600;
    std::string prefix = "exec", log_dir, stdin_file, drive_root;
    std::uintmax_t max_output = default_max_output_bytes;
};

nlohmann::json result_json(const ExecResult& r) {
    nlohmann::json doc;
    doc["target"] = to_json(r.target);
    doc["command"] = r.command;
    doc["cwd"] = r.windows_cwd;
    doc["status"] = std::string(to_string(r.status));
    doc["detail"] = r.detail;
    if (r.exit_code) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08X", *r.exit_code);
        doc["exit_code"] = *r.exit_code;
        doc["exit_code_hex"] = hex;
        auto name = ntstatus_name(*r.exit_code);
        doc["exit_code_name"] = name && *r.exit_code >= 0x10000 ? nlohmann::json(std::string(*name))
                                                                : nlohmann::json(nullptr);
    } else {
        // One shape always: a program that never ran has no exit code, and says so in nulls.
        doc["exit_code"] = nullptr;
        doc["exit_code_hex"] = nullptr;
        doc["exit_code_name"] = nullptr;
    }
    doc["unix_status"] = r.unix_status;
    doc["wall_s"] = r.process.wall_s;
    doc["user_s"] = r.process.user_s;
    doc["sys_s"] = r.process.sys_s;
    doc["max_rss_kb"] = r.process.max_rss_kb;
    doc["leftover_processes_killed"] = r.process.leftovers_killed;
    doc["crashed_processes"] = r.process.crashed_processes; // died of SIGSEGV, SIGILL, ...
    doc["wine"] = {{"err_lines", r.wine.err_lines}, {"fixme_lines", r.wine.fixme_lines}};
    doc["logs"] = {{"dir", r.log_dir.string()},
                   {"stdout", r.stdout_log.string()},
                   {"stderr", r.stderr_log.string()},
                   {"wine", r.wine_log.string()}};
    return doc;
}

int run(Context& context, const Options& o) {
    ExecRequest request;
    if (!o.target.empty())
        request.target = o.target;
    else if (const char* env = std::getenv("WOA_TARGET"); env && *env)
        request.target = env;
    if (o.command.empty())
        throw UsageError("exec: no program given (woa exec -- PROGRAM.exe ARGS...)");
    request.program = o.command[0];
    request.args.assign(o.command.begin() + 1, o.command.end());
    request.cwd = o.cwd;
    for (const auto& pair : o.env) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("--env " + pair + ": expected NAME=VALUE");
        request.env.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    if (o.timeout && *o.timeout <= 0) throw UsageError("--timeout must be more than 0 seconds");
    request.timeout_s = o.timeout;
    request.warm = !o.no_warm;
    request.warm_seconds = o.warm_seconds;
    if (!o.winedebug.empty()) request.winedebug = o.winedebug;
    request.relay = !o.json;
    request.prefix = o.prefix;
    request.drive_root = o.drive_root;
    request.log_dir = o.log_dir;
    request.stdin_path = o.stdin_file;
    request.max_output_bytes = o.max_output;

    const TargetStore store(woa_home() / "targets");
    Executor executor(context.runner, store, find_launcher(), woa_home() / "logs");
    const ExecResult result = executor.run(request);
    if (o.json) {
        // The program's path and arguments are the caller's bytes, not always UTF-8.
        std::cout << result_json(result).dump(2, ' ', false,
                                              nlohmann::json::error_handler_t::replace)
                  << std::endl;
    } else if (result.status != ExecStatus::ok && result.status != ExecStatus::exit_code) {
        std::cerr << "woa: " << o.command[0] << ": " << to_string(result.status) << ": "
                  << result.detail << " (logs: " << result.log_dir.string() << ")" << std::endl;
    }
    return result.unix_status;
}

} // namespace

Command exec_command() {
    return {
        "exec", "Run one arm64 Windows program under a target and return its exit code",
        [](CLI::App& app, Context& context) -> Action {
            auto o = std::make_shared<Options>();
            app.add_option("--target,-t", o->target,
                           "Target name (default: $WOA_TARGET, else trixie)");
            app.add_option("--timeout", o->timeout,
                           "Kill the program's whole tree after S seconds");
            app.add_option("--cwd", o->cwd, "Working folder (mapped to a drive; default: here)");
            app.add_option("--env", o->env, "Set NAME=VALUE for the program (repeatable)")
                ->allow_extra_args(false); // one value per --env: never eat the program
            app.add_option("--winedebug", o->winedebug, "WINEDEBUG channels, e.g. +seh,+loaddll");
            app.add_flag("--json", o->json,
                         "Print one JSON record instead of relaying the program's output");
            app.add_flag("--no-warm", o->no_warm,
                         "Do not keep a wineserver running for the next exec");
            app.add_option("--warm-seconds", o->warm_seconds,
                           "How long a warm wineserver outlives the last program")
                ->capture_default_str();
            // What `woa run` sets for each test it runs through `woa exec`.
            app.add_option("--prefix", o->prefix,
                           "Which of the target's prefixes runs it (each has its own wineserver)")
                ->capture_default_str();
            app.add_option("--log-dir", o->log_dir, "Keep the logs in this folder");
            app.add_option("--drive-root", o->drive_root,
                           "Map this folder as the drive, --cwd being a folder below it");
            app.add_option("--stdin", o->stdin_file, "Feed this file to the program's stdin");
            app.add_option("--max-output", o->max_output,
                           "Stop the program when stdout + stderr pass this many bytes "
                           "(default: 64 MiB, as woa run; 0: no limit)");
            // Everything from the program on is the program's, options included.
            app.footer("Usage: woa exec [OPTIONS] [--] PROGRAM.exe [ARGS...]\n"
                       "The working folder is drive D: (or the next free pair of letters when "
                       "several execs run at once);\nthe program's folder, when outside it, "
                       "the letter after. Exit status: the program's exit code\n(low 8 "
                       "bits, as wine gives it; --json has all 32), 124 timeout, 125 wine did "
                       "not start it,\n126 Windows could not start it, 127 no such program.");
            return [o, &context] {
                Options copy = *o;
                copy.command = context.trailing;
                return run(context, copy);
            };
        },
        /*runs_program=*/true};
}

} // namespace woa::cli
