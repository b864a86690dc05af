// The subcommand table: every `woa` command is one row, defined in its own file.
#pragma once

#include "core/process.h"
#include "runner/results_db.h"
#include "runner/run.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace woa::cli {

// What every command may use; created once in main.
struct Context {
    ProcessRunner& runner;
    // For commands that run a program (`woa exec [OPTIONS] [--] PROGRAM ARGS...`): the program
    // and its arguments, cut off before CLI11 parses woa's own options.
    std::vector<std::string> trailing;
};

// Adds the command's options to `app` and returns what runs it; the action returns the exit
// status and throws woa::Error for anything the user should read.
using Action = std::function<int()>;
using Define = std::function<Action(CLI::App& app, Context& context)>;

struct Command {
    std::string name;
    std::string summary;
    Define define;
    bool runs_program = false; // takes a trailing PROGRAM ARGS... (see Context::trailing)
};

// Where the program starts in `args` (the words after the command name): after `--`, or at the
// first word that is neither one of `app`'s options nor an option's value.
std::size_t program_start(const CLI::App& app, const std::vector<std::string>& args,
                          bool& has_separator);

const std::vector<Command>& command_table();

// One row per command group, each in its own file.
Command target_command();
Command exec_command();
Command corpus_command();
Command fetch_command();
Command inspect_command();
Command run_command();
Command runs_command();
Command merge_command();
Command diff_command();
Command bisect_command();
Command record_command();
Command publish_command();
Command repro_command();
Command completion_command(); // hidden: `woa completion bash`

// Where `woa run` on this machine keeps its pieces: this woa, the built probes, scratch
// folders, worker locks and the programs' environment (woa's home decides them all).
void use_this_machine(RunSettings& settings);
std::string host_name();
// Where wine's conformance tests are built: <woa home>/winetest.
std::filesystem::path winetest_builds();
// The identities of `names` (provisioned targets) for the results store, with the host's first
// when `host` (whether it runs sandboxed is part of its identity).
std::vector<TargetRecord> target_records(const std::vector<std::string>& names, bool host,
                                         bool sandbox = true);
// The architecture of each of `names` that is provisioned, for RunSettings::target_arch.
std::map<std::string, std::string> target_architectures(const std::vector<std::string>& names);

// The global --quiet and --verbose (main sets them before a command runs): quiet prints only
// errors and what the command was asked for; verbose adds detail (one line per finished test in
// `woa run`, the normalisation rules of matching outputs in `woa diff`).
enum class Verbosity { quiet, normal, verbose };
Verbosity verbosity();
void set_verbosity(Verbosity level);
// Where informational lines go ("woa: target trixie is ready"): stderr, or nowhere when quiet.
std::ostream& note();

// The corpus folder a command works on: its --corpus option, else default_corpus_dir().
std::filesystem::path chosen_corpus(const std::string& option);

// "exec" for "exce": the closest of `names`, or "" when nothing is close.
std::string closest_name(const std::string& typed, const std::vector<std::string>& names);
// ninja-style: throws UsageError for the first word of `words` (the command line after `woa`)
// where a command of `app`'s tree is expected and none is named: "unknown command 'runs lst'
// (did you mean 'runs list'?)", not CLI11's "A subcommand is required".
void check_command_words(const CLI::App& app, const std::vector<std::string>& words);
// The command `words` name below `app` ({"runs", "show"}: `woa help runs show`); throws as
// check_command_words for a word that names none.
const CLI::App& command_named(const CLI::App& app, const std::vector<std::string>& words);

} // namespace woa::cli
