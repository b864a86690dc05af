// woa: the command-line front of woa-compat. Parses the command line with CLI11 from the
// subcommand table, runs one command, and turns every woa::Error into
// `woa: error: <message>` and its exit status. Nothing else catches errors for the user.
#include "cli/command.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/version.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

int run(int argc, char** argv) {
    using namespace woa;
    SystemProcessRunner runner;
    cli::Context context{runner, {}};

    CLI::App app{"woa-compat: how well Windows-on-Arm programs run under qemu-user + wine-arm64",
                 "woa"};
    app.set_version_flag("--version", std::string("woa ") + WOA_VERSION);
    app.require_subcommand(1);
    // Global flags, before or after the command (subcommands inherit fallthrough).
    bool quiet = false, verbose = false;
    auto* quiet_flag =
        app.add_flag("-q,--quiet", quiet, "Print only errors and what the command was asked for");
    app.add_flag("-v,--verbose", verbose, "Print more detail (one line per finished test, ...)")
        ->excludes(quiet_flag);
    app.fallthrough();
    app.footer("Run 'woa help COMMAND' or 'woa COMMAND --help' for a command's options.");

    cli::Action action;
    for (const auto& command : cli::command_table()) {
        CLI::App* sub = app.add_subcommand(command.name, command.summary);
        auto run_command = command.define(*sub, context);
        sub->callback([&action, run_command] { action = run_command; });
    }
    std::vector<std::string> help_topic;
    CLI::App* help = app.add_subcommand("help", "Show help for woa or one command");
    help->add_option("command", help_topic, "Command to explain (runs, runs show, ...)");
    help->callback([&] {
        if (help_topic.empty()) {
            // app.help() would describe the selected subcommand (help itself).
            std::cout << app.get_formatter()->make_help(&app, "woa", CLI::AppFormatMode::Normal);
            return;
        }
        const CLI::App& topic = cli::command_named(app, help_topic);
        std::string above = "woa"; // "Usage: woa runs show", as `woa runs show --help` says
        for (std::size_t i = 0; i + 1 < help_topic.size(); i++)
            above += " " + help_topic[i];
        std::cout << topic.help(above);
    });

    // The command is the first word that is not a global flag (-q, --verbose, ...); unknown
    // words where a command must be are caught by check_command_words below, at every level.
    std::vector<std::string> words(argv + 1, argv + argc);
    bool separator = false;
    const std::size_t at = cli::program_start(app, words, separator);
    const std::string command_word = at < words.size() && !separator ? words[at] : "";

    // `woa exec [OPTIONS] [--] PROGRAM ARGS...`: what belongs to the program is cut off first,
    // so that its own options (`--version`, `-e`, even `--`) are never read as woa's.
    for (const auto& command : cli::command_table()) {
        if (!command.runs_program || command_word != command.name) continue;
        std::vector<std::string> rest(words.begin() + static_cast<long>(at + 1), words.end());
        bool program_separator = false;
        const std::size_t start =
            cli::program_start(*app.get_subcommand(command.name), rest, program_separator);
        context.trailing.assign(rest.begin() + static_cast<long>(start + program_separator),
                                rest.end());
        words.resize(at + 1 + start);
    }
    cli::check_command_words(app, words);

    try {
        std::reverse(words.begin(), words.end()); // CLI11 takes them last-first
        app.parse(words);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    cli::set_verbosity(quiet     ? cli::Verbosity::quiet
                       : verbose ? cli::Verbosity::verbose
                                 : cli::Verbosity::normal);
    install_interrupt_handler();
    return action ? action() : 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const woa::Error& e) {
        std::fprintf(stderr, "woa: error: %s\n", e.what());
        return e.exit_status();
    } catch (const std::filesystem::filesystem_error& e) {
        std::fprintf(stderr, "woa: error: %s: %s\n", e.path1().c_str(), e.code().message().c_str());
        return woa::exit_code::error;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "woa: error: internal: %s\n", e.what());
        return woa::exit_code::error;
    }
}
